"""Every explanation of a run's outputs as people read it (:mod:`linewatch.explain`): one
sentence and the evidence tables, per row that carries a stored explanation."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from linewatch import explain
from linewatch.explain import Explanation, Names
from linewatch.storage import Store

Row = dict[str, Any]
#: table -> (the row's subject, its explanation); the stored JSON columns arrive as text
Renderer = tuple[Callable[[Row], str], Callable[[Row, Names], Explanation | None]]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _mapping(row: Row, column: str) -> dict[str, Any] | None:
    value = _json(row.get(column))
    return value if isinstance(value, dict) else None


def _priority(column: str) -> Callable[[Row, Names], Explanation | None]:
    def render(row: Row, names: Names) -> Explanation | None:
        found = _mapping(row, column)
        return explain.priority(found, names) if found else None
    return render


def _exploitation(row: Row, names: Names) -> Explanation | None:
    found = _mapping(row, "indicators")
    return explain.exploitation(found, names, flagged=row.get("safeguarding_flag")) \
        if found else None


def _role(row: Row, names: Names) -> Explanation | None:
    return explain.role(str(row.get("role") or ""), row.get("line_id"),
                        _mapping(row, "evidence"), names)


def _line(row: Row, names: Names) -> Explanation | None:
    found = _mapping(row, "explanation")
    return explain.line(str(row["line_id"]), found, names) if found else None


def _phone(row: Row, names: Names) -> Explanation | None:
    found = _mapping(row, "explanation")
    return explain.phone_score(found) if found and row.get("is_deal_line") else None


def _trap(row: Row, names: Names) -> Explanation | None:
    found = _mapping(row, "evidence")
    return explain.trap(found, names) if found else None


def _cuckooing(row: Row, names: Names) -> Explanation | None:
    found = _mapping(row, "evidence")
    return explain.cuckooing(found, names, cuckooed=row.get("cuckooed")) if found else None


def _person(row: Row) -> str:
    return f"person:{row.get('person_id')}"


RENDERERS: dict[str, Renderer] = {
    "target_list": (_person, _priority("explanation")),
    "person_priority": (_person, _priority("components")),
    "person_exploitation": (_person, _exploitation),
    "person_roles": (lambda r: f"person:{r.get('person_id')} line:{r.get('line_id')}", _role),
    "phone_roles": (lambda r: f"phone:{r.get('number')} line:{r.get('line_id')}", _role),
    "lines": (lambda r: f"line:{r.get('line_id')}", _line),
    "phone_scores": (lambda r: f"phone:{r.get('number')}", _phone),
    "line_addresses": (lambda r: f"line:{r.get('line_id')} address:{r.get('address')}", _trap),
    "address_cuckooing": (lambda r: f"address:{r.get('address')}", _cuckooing),
}


def names_of(store: Store) -> Names:
    if not store.table_exists("persons"):
        return Names()
    return Names(dict(store.query("SELECT person_id, display_name FROM persons")))


def explanations(table: str, rows: list[Row], names: Names) -> list[Row]:
    """``{"table", "subject", "summary", "evidence"}`` for each row of ``table`` that has
    an explanation, in subject order."""
    renderer = RENDERERS.get(table)
    if renderer is None:
        return []
    subject, render = renderer
    found = []
    for row in rows:
        why = render(row, names)
        if why is not None:
            found.append({"table": table, "subject": subject(row), **why.as_dict()})
    return sorted(found, key=lambda e: (e["subject"], json.dumps(e, sort_keys=True)))
