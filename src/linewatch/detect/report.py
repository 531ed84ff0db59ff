"""Read-side helpers: the lines found, and everything about one line, as plain data.

Used by the CLI and available to the API; every function reads the detection tables only.
"""

from __future__ import annotations

import json
from typing import Any

from linewatch.errors import NotFound
from linewatch.storage import Store


def _require(store: Store, table: str) -> None:
    if not store.table_exists(table):
        raise NotFound("no detection results in this store: run 'linewatch detect' first")


def list_lines(store: Store) -> list[dict[str, Any]]:
    """Every line with its numbers, dates, score and role counts, strongest first."""
    _require(store, "lines")
    numbers: dict[str, list[str]] = {}
    for line_id, number in store.query(
            "SELECT line_id, number FROM line_numbers ORDER BY line_id, first_seen, number"):
        numbers.setdefault(line_id, []).append(number)
    roles: dict[str, dict[str, int]] = {}
    for line_id, role, n in store.query(
            "SELECT line_id, role, count(*) FROM phone_roles WHERE line_id IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY 1, 2"):
        roles.setdefault(line_id, {})[role] = int(n)
    return [{"line_id": line_id, "score": score, "first_seen": first, "last_seen": last,
             "numbers": numbers.get(line_id, []), "phones_by_role": roles.get(line_id, {})}
            for line_id, score, first, last in store.query(
                "SELECT line_id, score, first_seen, last_seen FROM lines "
                "ORDER BY score DESC, line_id")]


def line_report(store: Store, line_id: str) -> dict[str, Any]:
    """One line: numbers over time, network summary, roles, addresses and disruption picks."""
    _require(store, "lines")
    row = store.query_one("SELECT score, first_seen, last_seen, explanation FROM lines "
                          "WHERE line_id = ?", [line_id])
    if row is None:
        raise NotFound(f"no line '{line_id}' (see 'linewatch detect lines')")
    numbers = store.query_dicts(
        "SELECT n.number, n.first_seen, n.last_seen, s.deal_line_score AS score "
        "FROM line_numbers n LEFT JOIN phone_scores s ON s.number = n.number "
        "WHERE n.line_id = ? ORDER BY n.first_seen, n.number", [line_id])
    daily = store.query(
        "SELECT CAST(c.start_time AS DATE) AS day, n.number, count(*) FROM cdr c "
        "JOIN line_numbers n ON n.line_id = ? AND (c.a_number = n.number OR "
        "c.b_number = n.number) GROUP BY 1, 2 ORDER BY 1, 2", [line_id])
    roles = store.query_dicts(
        "SELECT number, role, person_id, confidence, evidence FROM phone_roles "
        "WHERE line_id = ? AND role <> 'customer' ORDER BY role, confidence DESC, number",
        [line_id])
    for r in roles:
        r["evidence"] = _load(r["evidence"])
    counts = dict(store.query("SELECT role, count(*) FROM phone_roles WHERE line_id = ? "
                              "GROUP BY 1 ORDER BY 1", [line_id]))
    people = store.query_dicts(
        "SELECT person_id, role, confidence FROM person_roles WHERE line_id = ? "
        "AND role <> 'customer' ORDER BY role, confidence DESC, person_id", [line_id]
    ) if store.table_exists("person_roles") else []
    addresses = store.query_dicts(
        "SELECT address, postcode, confidence FROM line_addresses WHERE line_id = ? "
        "ORDER BY confidence DESC, address", [line_id]
    ) if store.table_exists("line_addresses") else []
    picks = store.query_dicts(
        "SELECT level, rank, node, node_kind, role, fragmentation, harm_score "
        "FROM line_disruption WHERE line_id = ? ORDER BY level, rank", [line_id]
    ) if store.table_exists("line_disruption") else []
    return {
        "line_id": line_id, "score": row[0], "first_seen": row[1], "last_seen": row[2],
        "explanation": _load(row[3]), "numbers": numbers,
        "numbers_over_time": [{"day": d, "number": n, "events": int(k)} for d, n, k in daily],
        "network": {"phones_by_role": {k: int(v) for k, v in counts.items()},
                    "persons": people},
        "roles": roles, "trap_addresses": addresses, "disruption": picks,
    }


def _load(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
