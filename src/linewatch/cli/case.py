"""``linewatch case``: a case's working store, filled from a lake (docs/scaling.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json
from linewatch.errors import InputError

case_app = typer.Typer(help="A case's working store: one investigation's records taken from a "
                            "Parquet lake, for the analysis and the web app.",
                       no_args_is_help=True)


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{option} takes a date YYYY-MM-DD, not '{value}'",
                         field=option.lstrip("-")) from exc


@case_app.command("create")
def create(
    from_lake: Annotated[Path, typer.Option(
        "--from-lake", help="The lake folder to take the records from (its cleaned cdr, "
        "cells and subscribers; 'linewatch lake write').")],
    db: DbOption = DEFAULT_DB_PATH,
    first_day: Annotated[str | None, typer.Option(
        "--from", help="First day (YYYY-MM-DD, UTC) of the calls to take.")] = None,
    last_day: Annotated[str | None, typer.Option(
        "--to", help="Last day (YYYY-MM-DD, UTC, inclusive) of the calls to take.")] = None,
    number: Annotated[list[str] | None, typer.Option(
        "--number", help="Take the calls of this number (repeatable; any written form).")]
    = None,
    hops: Annotated[int, typer.Option(
        "--hops", help="Also take the calls of the numbers within this many contacts of "
        "--number (0-2).")] = 0,
    add: Annotated[bool, typer.Option(
        "--add", help="Add to an existing case store (records it holds already are left "
        "out) instead of refusing it.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Create a case store (--db) from a lake's records of a date range and/or numbers, with
    the cells and subscriber records of those calls, as one import batch: no raw files are
    re-ingested. Then 'linewatch analyse --db CASE' and 'linewatch serve --db CASE'."""
    from linewatch.ingest.from_lake import LakeSelection, clean_numbers, fill_from_lake

    selection = LakeSelection(first_day=_day(first_day, "--from"),
                              last_day=_day(last_day, "--to"),
                              numbers=clean_numbers(number or []), hops=hops)
    selection.check()
    if db.exists() and not add:
        raise InputError(f"{db} exists: pass --add to add these records to it, or choose a "
                         "new case store", file=str(db))
    with open_store(db) as store:
        filled = fill_from_lake(store, from_lake, selection)
    report = filled.as_dict()
    if as_json:
        print_json(report)
        return
    for kind, rows in filled.rows.items():
        out.print(f"{kind}: {rows:,} records" + (
            f" ({filled.duplicates[kind]:,} already held)" if filled.duplicates[kind] else ""))
    out.print(f"case store {db}: batch {filled.batch_id or '(nothing new)'} from {from_lake} "
              f"({filled.selection})")


def register(app: typer.Typer) -> None:
    """Add ``case`` (with ``create``)."""
    app.add_typer(case_app, name="case")
