"""The tips inbox (public reports): the entities text extraction found in each, readable and
linked, and triage (new, read, actioned, no further action), every change audited."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from linewatch.api.access import INTEL_ROLES
from linewatch.api.data import parse_json, rows, table_exists
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.personal import TipList, routes, shown_ids
from linewatch.api.tip_entities import add_entities
from linewatch.api.users import User, now
from linewatch.errors import NotFound

router = APIRouter(prefix="/tips", tags=["tips"])
Reader = Annotated[User, Depends(require_role(*INTEL_ROLES))]
TriageState = Literal["new", "read", "actioned", "no_further_action"]
#: the latest triage row of each tip (no row: the tip is new)
_LATEST = """(SELECT tip_id, arg_max(state, set_at) AS state, max(set_at) AS set_at,
                      arg_max(set_by, set_at) AS set_by, arg_max(note, set_at) AS note
               FROM tip_triage GROUP BY tip_id)"""


@router.get("", responses=routes(TipList))
def inbox(user: Reader, store: StoreDep, audit: AuditDep,
          limit: Annotated[int, Query(ge=1, le=500)] = 100,
          offset: Annotated[int, Query(ge=0)] = 0,
          state: TriageState | None = None) -> dict[str, Any]:
    """Newest tips first (police roles only: partners never see tip text); ``state`` keeps
    only tips in that triage state."""
    join = table_exists(store, "tip_extractions")
    where = "WHERE coalesce(g.state, 'new') = ?" if state else ""
    found = rows(store, ["tips"], f"""
        SELECT t.tip_id, t.received_at, t.channel, t.text,
               {"x.extraction" if join else "NULL AS extraction"},
               coalesce(g.state, 'new') AS triage_state, g.set_by AS triage_by,
               g.set_at AS triage_at, g.note AS triage_note
        FROM tips t {"LEFT JOIN tip_extractions x ON x.tip_id = t.tip_id" if join else ""}
        LEFT JOIN {_LATEST} g ON g.tip_id = t.tip_id {where}
        ORDER BY t.received_at DESC, t.tip_id LIMIT ? OFFSET ?""",  # noqa: S608
        [*([state] if state else []), limit, offset])
    for tip in found:
        tip["extraction"] = parse_json(tip["extraction"])
    add_entities(store, found)
    counts = {r["state"]: int(r["n"]) for r in rows(store, ["tips"], f"""
        SELECT coalesce(g.state, 'new') AS state, count(*) AS n FROM tips t
        LEFT JOIN {_LATEST} g ON g.tip_id = t.tip_id GROUP BY ALL""")}  # noqa: S608
    total = store.scalar("SELECT count(*) FROM tips") if table_exists(store, "tips") else 0
    audit("view_tips", None, {"offset": offset, "ids": shown_ids(found, "tip_id"),
                               "state": state})
    return {"tips": found, "count": len(found), "total": total, "states": counts}


class Triage(BaseModel):
    state: TriageState
    note: str | None = Field(default=None, max_length=500)


@router.post("/{tip_id}/triage")
def triage(tip_id: str, body: Triage, user: Reader, store: StoreDep,
           audit: AuditDep) -> dict[str, Any]:
    """Set a tip's triage state (kept as history; the change is audited)."""
    if not table_exists(store, "tips") or not store.scalar(
            "SELECT count(*) FROM tips WHERE tip_id = ?", [tip_id]):
        raise NotFound(f"no tip '{tip_id}'")
    at = now()
    store.execute("INSERT INTO tip_triage (tip_id, state, note, set_by, set_at) "
                  "VALUES (?, ?, ?, ?, ?)", [tip_id, body.state, body.note, user.name, at])
    audit("triage_tip", f"tip:{tip_id}", {"state": body.state, "note": body.note})
    return {"tip_id": tip_id, "state": body.state, "set_by": user.name, "set_at": at}
