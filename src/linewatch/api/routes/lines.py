"""Deal lines: the list, one line's numbers over time, network and roles, and disruption."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from linewatch import explain
from linewatch.api.access import ANALYSIS_ROLES
from linewatch.api.ages import add_ages
from linewatch.api.data import one, rows
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep, require_role
from linewatch.api.disruption import what_if
from linewatch.api.explained import display, line_strength, merged_traps, names, with_roles
from linewatch.api.paths import neighbourhood
from linewatch.api.payloads import Page, answer
from linewatch.api.personal import LineList, LineProfile, routes, shown_ids
from linewatch.api.snapshot import current_id, daily_activity_table
from linewatch.api.users import User
from linewatch.errors import NotFound
from linewatch.storage import Store

router = APIRouter(prefix="/lines", tags=["lines"])
LIST = "(SELECT unnest(?::VARCHAR[]))"


@router.get("", responses=routes(LineList))
async def list_lines(user: CurrentUser, store: StoreDep, audit: AuditDep) -> Response:
    """Every detected line, highest score first, with its current number and people."""
    return await answer(store, audit, ("lines", user.role), lambda: _line_list(store))


def _line_list(store: Store) -> Page:
    found = rows(store, ["lines"], """
        SELECT line_id, score, first_seen, last_seen, explanation FROM lines
        ORDER BY score DESC, line_id""", json_keys=["explanation"])
    numbers: dict[str, list[dict[str, Any]]] = {}
    for r in rows(store, ["line_numbers"], "SELECT line_id, number, first_seen, last_seen "
                  "FROM line_numbers ORDER BY first_seen"):
        numbers.setdefault(r["line_id"], []).append(r)
    people: dict[str, dict[str, int]] = {}
    for r in rows(store, ["person_roles"], "SELECT line_id, role, count(*) AS n FROM "
                  "person_roles WHERE line_id IS NOT NULL GROUP BY line_id, role"):
        people.setdefault(r["line_id"], {})[r["role"]] = int(r["n"])
    for line in found:
        nums = numbers.get(line["line_id"], [])
        line["numbers"] = [n["number"] for n in nums]
        line["current_number"] = nums[-1]["number"] if nums else None
        line["people"] = people.get(line["line_id"], {})
    strength = line_strength(store)
    found = display(found, lambda r: float(r["score"] or 0),
                    lambda r: strength.get(r["line_id"], 0.0), "score")
    return Page.of({"lines": found, "count": len(found)}, "view_lines", None,
                   {"ids": shown_ids(found, "line_id")})


@router.get("/{line_id}", responses=routes(LineProfile))
async def get_line(line_id: str, user: CurrentUser, store: StoreDep,
                   audit: AuditDep) -> Response:
    """One line: its numbers over time, activity, phones, people, trap addresses and
    network (every view is audited)."""
    return await answer(store, audit, ("line", user.role, line_id),
                        lambda: _line_page(store, line_id))


def _line_page(store: Store, asked: str) -> Page:
    line_id = current_id(store, "line", asked)
    line = one(store, ["lines"], "SELECT * FROM lines WHERE line_id = ?", [line_id],
               ["explanation"])
    if line is None:
        raise NotFound(f"no line '{line_id}'")
    numbers = rows(store, ["line_numbers"], "SELECT number, first_seen, last_seen FROM "
                   "line_numbers WHERE line_id = ? ORDER BY first_seen", [line_id])
    nums = [n["number"] for n in numbers]
    activity = _activity(store, nums)
    phones = rows(store, ["phone_roles"], "SELECT number, role, person_id, confidence FROM "
                  "phone_roles WHERE line_id = ? AND role <> 'customer' ORDER BY role", [line_id])
    customers = (one(store, ["phone_roles"], "SELECT count(*) AS n FROM phone_roles WHERE "
                     "line_id = ? AND role = 'customer'", [line_id]) or {}).get("n", 0)
    people = rows(store, ["person_roles", "persons"], """
        SELECT r.person_id, p.display_name, p.dob, r.role, r.confidence, r.evidence,
               e.safeguarding_flag
        FROM person_roles r JOIN persons p ON p.person_id = r.person_id
        LEFT JOIN (SELECT person_id, any_value(safeguarding_flag) AS safeguarding_flag
                   FROM person_exploitation GROUP BY person_id) e ON e.person_id = r.person_id
        WHERE r.line_id = ? AND r.role NOT IN ('none', 'customer')
        ORDER BY r.role, r.confidence DESC""", [line_id], ["evidence"]) \
        if _has_exploitation(store) else rows(store, ["person_roles", "persons"], """
        SELECT r.person_id, p.display_name, p.dob, r.role, r.confidence, r.evidence
        FROM person_roles r JOIN persons p ON p.person_id = r.person_id
        WHERE r.line_id = ? AND r.role NOT IN ('none', 'customer')
        ORDER BY r.role, r.confidence DESC""", [line_id], ["evidence"])
    add_ages(store, people)
    traps = merged_traps(store, rows(
        store, ["line_addresses"], "SELECT address, postcode, confidence, evidence "
        "FROM line_addresses WHERE line_id = ?", [line_id], ["evidence"]))
    who = names(store)
    line["why"] = explain.line(line_id, line.get("explanation") or {}, who).as_dict()
    for phone in phones:
        phone["display_name"] = who.name(phone["person_id"]) if phone.get("person_id") else None
    for person in people:
        person["line_id"] = line_id
    with_roles(store, people)
    network = neighbourhood(store, f"line:{line_id}", depth=2, max_nodes=300, per_node=40)
    body: dict[str, Any] = {"line": line, "numbers": numbers, "activity": activity,
                            "phones": phones, "customers": customers, "people": people,
                            "trap_addresses": traps, "network": network}
    if asked != line_id:
        body["redirected_from"] = asked
    return Page.of(body, "view_line", f"line:{line_id}")


def _activity(store: Store, numbers: list[str]) -> list[dict[str, Any]]:
    """Events per day and number of the line's numbers (both ends of every event)."""
    daily = daily_activity_table(store)
    if daily is None:
        return []
    return rows(store, [], f"""
        SELECT day, number, n FROM {daily} WHERE number IN {LIST}
        ORDER BY day, number""", [numbers])  # noqa: S608


def _has_exploitation(store: Any) -> bool:
    from linewatch.api.data import table_exists

    return table_exists(store, "person_exploitation")


class WhatIf(BaseModel):
    person_ids: list[str] = Field(min_length=1, max_length=100)


@router.post("/{line_id}/disruption")
def disruption(line_id: str, body: WhatIf, store: StoreDep, audit: AuditDep,
               user: Annotated[User, Depends(require_role(*ANALYSIS_ROLES))]) -> dict[str, Any]:
    """Fragmentation of the line's network before and after removing ``person_ids``."""
    result = what_if(store, line_id, body.person_ids)
    audit("disruption_what_if", f"line:{line_id}", {"person_ids": body.person_ids})
    return result
