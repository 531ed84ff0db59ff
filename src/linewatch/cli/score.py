"""``linewatch targets``: the ranked target list with each person's explanation."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json
from linewatch.errors import LinewatchError


def targets(
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many targets.")] = 50,
) -> None:
    """Offenders by priority (harm, recency, frequency, violence, role, disruption).

    People flagged for safeguarding appear only after a supervisor's override, with its reason.
    """
    from linewatch.people.targets import read_target_list

    with open_store(db, read_only=True) as store:
        if not store.table_exists("target_list"):
            raise LinewatchError("no target list yet: run 'linewatch analyse' first")
        rows = read_target_list(store)[:max(0, limit)]
    if as_json:
        print_json({"data": rows, "count": len(rows)})
        return
    table = Table(title="Target list (--json for every component and its evidence)")
    table.add_column("#", justify="right")
    table.add_column("person", no_wrap=True)
    table.add_column("priority", justify="right")
    table.add_column("harm", justify="right")
    table.add_column("role")
    table.add_column("largest components")
    table.add_column("evidence")
    for row in rows:
        e = row["explanation"]
        table.add_row(str(row["rank"]), row["person_id"], f"{row['priority']:.3f}",
                      f"{e.get('harm_score') or 0:.0f}", _role(e.get("role")),
                      _top(e.get("components", {})), _evidence(e.get("evidence", [])))
    out.print(table)
    for row in rows:
        if row["explanation"].get("override"):
            out.print(f"{row['person_id']}: flagged for safeguarding, on the list by override "
                      f"- {_override(row['explanation']['override'])}", soft_wrap=True)


def _role(role: dict[str, Any] | None) -> str:
    return f"{role['role']} {role.get('line_id') or ''}".strip() if role else "-"


def _top(components: dict[str, Any]) -> str:
    ranked = sorted(components.items(), key=lambda kv: -kv[1].get("contribution", 0.0))
    return " ".join(f"{k[:4]} {v['contribution']:.2f}" for k, v in ranked[:3]
                    if v.get("contribution", 0) > 0)


def _evidence(items: list[dict[str, Any]]) -> str:
    refs = [f"{i.get('source_system', '')}:{i['event_id']}" if "event_id" in i
            else str(i.get("flag") or i.get("table")) for i in items[:2]]
    more = f" +{len(items) - 2}" if len(items) > 2 else ""
    return ", ".join(refs) + more


def _override(override: dict[str, Any] | None) -> str:
    if not override:
        return ""
    return (f"{override['override_id']} by {override['user_name']} at "
            f"{override['created_at']}: {override['reason']}")


def register(app: typer.Typer) -> None:
    """Add ``targets`` to the main app."""
    app.command("targets")(targets)
