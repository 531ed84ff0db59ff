"""The analyst's daily verbs at the top level: ``linewatch lines``, ``line ID``, ``person ID``
(``targets`` and ``safeguarding`` are already top-level). Each answer leads with the same
one-sentence explanations the web app shows (:mod:`linewatch.explain`)."""

from __future__ import annotations

import json
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
from linewatch.errors import NotFound


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def person(person_id: Annotated[str, typer.Argument(help="A person id, e.g. P1A2B3C4D5E6.")],
           db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """One person: who they are, their roles, and why they are prioritised or safeguarded."""
    from linewatch import explain

    with open_store(db, read_only=True) as store:
        if not store.table_exists("persons"):
            raise NotFound("no persons yet: run 'linewatch analyse' first")
        found = store.query_dicts("SELECT person_id, display_name, dob, address, postcode, "
                                  "nicknames, n_records FROM persons WHERE person_id = ?",
                                  [person_id])
        if not found:
            raise NotFound(f"no person '{person_id}'")
        names = person_names(store)
        roles = store.query_dicts("SELECT role, line_id, confidence, evidence FROM person_roles "
                                  "WHERE person_id = ? AND role NOT IN ('none', 'customer') "
                                  "ORDER BY confidence DESC", [person_id]) \
            if store.table_exists("person_roles") else []
        priority = store.query_dicts("SELECT priority, components FROM person_priority WHERE "
                                     "person_id = ?", [person_id]) \
            if store.table_exists("person_priority") else []
        risk = store.query_dicts("SELECT exploitation_risk, safeguarding_flag, indicators FROM "
                                 "person_exploitation WHERE person_id = ?", [person_id]) \
            if store.table_exists("person_exploitation") else []
    p = found[0]
    roles_why = [explain.role(r["role"], r["line_id"], _json(r["evidence"]), names).summary
                 for r in roles]
    priority_why = (explain.priority({"priority": priority[0]["priority"],
                                      **_json(priority[0]["components"])}, names).summary
                    if priority else None)
    risk_why = (explain.exploitation(_json(risk[0]["indicators"]), names,
                                     flagged=risk[0]["safeguarding_flag"]).summary
                if risk else None)
    why = {"roles": roles_why, "priority": priority_why, "exploitation": risk_why}
    if as_json:
        print_json({"person": p, "why": why})
        return
    out.print(f"[bold]{p['display_name'] or p['person_id']}[/bold] ({p['person_id']}) "
              f"dob {p['dob'] or 'unknown'}, {p['n_records']} records"
              + (f", known as {', '.join(p['nicknames'])}" if p["nicknames"] else ""))
    if p["address"]:
        out.print(f"address: {p['address']} {p['postcode'] or ''}".rstrip())
    table = Table("what", "why", show_header=False)
    for summary in roles_why:
        table.add_row("role", summary)
    if priority_why:
        table.add_row("priority", priority_why)
    if risk_why:
        table.add_row("safeguarding", risk_why)
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``lines``, ``line`` and ``person`` to the main app."""
    from linewatch.cli.detect import line, lines

    app.command("lines", help="Deal lines found, strongest first (also 'detect lines').")(lines)
    app.command("line", help="One line: numbers, roles, trap addresses, disruption picks "
                             "(also 'detect line').")(line)
    app.command("person")(person)
