"""``linewatch targets``: the ranked target list with each person's explanation."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    open_store,
    out,
    person_names,
    print_json,
)
from linewatch.errors import LinewatchError


def targets(
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many targets.")] = 50,
) -> None:
    """Offenders by priority (harm, recency, frequency, violence, role, disruption), each
    with a one-sentence reason.

    People flagged for safeguarding appear only after a supervisor's override, with its reason.
    """
    from linewatch import explain
    from linewatch.people.targets import read_target_list

    with open_store(db, read_only=True) as store:
        if not store.table_exists("target_list"):
            raise LinewatchError("no target list yet: run 'linewatch analyse' first")
        rows = read_target_list(store)[:max(0, limit)]
        names = person_names(store)
    if as_json:
        print_json({"data": rows, "count": len(rows)})
        return
    table = Table(title="Target list (--json for every component and its evidence)")
    table.add_column("#", justify="right")
    table.add_column("person", min_width=14)
    table.add_column("priority", justify="right")
    table.add_column("role")
    table.add_column("why (--json for the evidence)", ratio=1)
    for row in rows:
        e = row["explanation"]
        table.add_row(str(row["rank"]), f"{names.name(row['person_id'])}\n{row['person_id']}",
                      f"{row['priority']:.3f}", _role(e.get("role")),
                      explain.priority(e, names).summary)
    out.print(table)
    for row in rows:
        if row["explanation"].get("override"):
            out.print(f"{row['person_id']}: flagged for safeguarding, on the list by override "
                      f"- {_override(row['explanation']['override'])}", soft_wrap=True)


def _role(role: dict[str, Any] | None) -> str:
    return f"{role['role']} {role.get('line_id') or ''}".strip() if role else "-"


def _override(override: dict[str, Any] | None) -> str:
    if not override:
        return ""
    return (f"{override['override_id']} by {override['user_name']} at "
            f"{override['created_at']}: {override['reason']}")


def register(app: typer.Typer) -> None:
    """Add ``targets`` to the main app."""
    app.command("targets")(targets)
