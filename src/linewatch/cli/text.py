"""``linewatch extract FILE [--json]``: what one text says.

``--json`` prints the input contract's extract shape; without it a table lists every value
found with its character span and the rule that found it. FILE may be ``-`` for standard input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from linewatch.errors import InputError


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise InputError("file not found", file=file) from e
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text ({e.reason} at byte {e.start})", file=file) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", file=file) from e


def _rows(result: Any) -> list[tuple[str, str, str, str]]:
    """(field, value, span, rule) for everything found."""
    rows: list[tuple[str, str, str, str]] = []

    def add(name: str, value: object, span: Any) -> None:
        rows.append((name, str(value), f"{span.start}-{span.end}", span.rule))

    for p in result.persons:
        desc = ", ".join(f"{k}={v}" for k, v in (("name", p.name), ("age", p.age),
                                                   ("sex", p.sex), ("town", p.town)) if v)
        extras = [*(f"nickname {n}" for n in p.nicknames), *p.offences, *p.story_roles]
        if p.sentence:
            extras.append(f"term: {p.sentence}")
        if p.spans:
            add("person", "; ".join([desc or "unknown", *extras]), p.spans[0])
    for d in result.drug_mentions:
        add(f"drug ({d.context})", f"{d.name or 'unnamed'} class {d.drug_class}"
            + (f" {d.quantity}" if d.quantity else ""), d.span)
    for label, items in (("weapon", result.weapon_mentions), ("offence", result.offence_mentions),
                         ("place", result.place_mentions), ("agency", result.agency_mentions),
                         ("operation", result.operation_mentions),
                         ("deal line", result.deal_line_mentions),
                         ("postcode", result.postcode_mentions),
                         ("address", result.address_mentions),
                         ("official", result.official_mentions)):
        for m in items:
            add(label, getattr(m, "value", getattr(m, "offence", "")), m.span)
    for ph in result.phone_mentions:
        add("phone", ph.e164, ph.span)
    for v in result.vehicle_mentions:
        add("vehicle", v.describe(), v.span)
    for pl in result.plate_mentions:
        add("plate", pl.plate, pl.span)
    for mo in result.money_mentions:
        add("money" + (" (cash)" if mo.cash else ""),
            f"£{mo.amount:,.2f}" + (" approx." if mo.approximate else ""), mo.span)
    for q in result.quantity_mentions:
        add("quantity", q.normalised, q.span)
    for c in result.count_mentions:
        add("count", f"{c.value} {c.noun}", c.span)
    for dt in result.date_mentions:
        add(dt.kind, dt.iso or dt.span.text, dt.span)
    for name, spans in result.evidence.items():
        for s in spans:
            add(f"{name} evidence", s.text, s)
    rows.sort(key=lambda r: int(r[2].split("-")[0]))
    return rows


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command to the linewatch Typer application."""

    @app.command("extract")
    def extract_command(
        file: Annotated[str, typer.Argument(help="A text file (UTF-8), or - for stdin.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the contract JSON.")] = False,
    ) -> None:
        """Extract people, drugs, weapons, places, phones, vehicles and counts from one text
        (an intelligence report, a tip or a press release)."""
        from linewatch.text import extract

        try:
            text = _read(file)
        except InputError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from e
        result = extract(text)
        if as_json:
            typer.echo(json.dumps(result.to_contract(), ensure_ascii=False))
            return
        console = Console()
        summary = Table(title="Summary", show_header=True)
        summary.add_column("field")
        summary.add_column("value")
        for key, value in result.to_contract().items():
            summary.add_row(key, json.dumps(value, ensure_ascii=False))
        console.print(summary)
        table = Table(title="Everything found", show_header=True)
        for column in ("what", "value", "span", "rule"):
            table.add_column(column)
        for row in _rows(result):
            table.add_row(*row)
        console.print(table)
