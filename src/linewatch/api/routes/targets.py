"""The target list: people in priority order with the explanation of their score."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from linewatch.api.access import ANALYSIS_ROLES
from linewatch.api.ages import add_ages, reference_time
from linewatch.api.data import rows, table_exists
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.explained import display, with_priority
from linewatch.api.payloads import Page, answer
from linewatch.api.personal import TargetList, routes, shown_ids
from linewatch.api.users import User
from linewatch.storage import Store

router = APIRouter(prefix="/targets", tags=["targets"])
Analyst = Annotated[User, Depends(require_role(*ANALYSIS_ROLES))]


@router.get("", responses=routes(TargetList))
async def targets(user: Analyst, store: StoreDep, audit: AuditDep) -> Response:
    """Ranked targets (admins, supervisors, analysts)."""
    return await answer(store, audit, ("targets", user.role), lambda: _target_list(store))


def _target_list(store: Store) -> Page:
    extra = ", pp.harm_score, pp.components" if table_exists(store, "person_priority") else ""
    join = ("LEFT JOIN person_priority pp ON pp.person_id = t.person_id"
            if extra else "")
    found = rows(store, ["target_list", "persons"], f"""
        SELECT t.rank, t.person_id, p.display_name, p.dob, p.nicknames, t.priority,
               t.explanation{extra}
        FROM target_list t LEFT JOIN persons p ON p.person_id = t.person_id {join}
        ORDER BY t.rank""", json_keys=["explanation", "components"])  # noqa: S608
    roles = {r["person_id"]: r for r in rows(store, ["person_roles"], """
        SELECT person_id, arg_max(role, confidence) AS role, arg_max(line_id, confidence)
               AS line_id FROM person_roles GROUP BY person_id""")}
    held_back = rows(store, ["target_holdbacks", "persons"], """
        SELECT h.person_id, p.display_name, p.dob, h.priority, h.held_back_reason,
               h.possible_same_as
        FROM target_holdbacks h LEFT JOIN persons p ON p.person_id = h.person_id
        ORDER BY h.priority DESC, h.person_id""", json_keys=["possible_same_as"])
    add_ages(store, found)
    add_ages(store, held_back)
    for t in found:
        t["role"] = roles.get(t["person_id"], {}).get("role")
        t["line_id"] = roles.get(t["person_id"], {}).get("line_id")
    with_priority(store, found, "explanation")
    for t in found:
        t.pop("components", None)  # the same structure as the explanation's
    found = display(found, lambda r: float(r["priority"] or 0),
                    lambda r: float(r["priority"] or 0), "priority")
    return Page.of({"targets": found, "count": len(found), "held_back": held_back,
                    "reference_time": reference_time(store)},
                   "view_targets", None, {"ids": shown_ids([*found, *held_back], "person_id")})
