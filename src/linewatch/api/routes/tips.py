"""The tips inbox (public reports) with the entities text extraction found in them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from linewatch.api.access import INTEL_ROLES
from linewatch.api.data import parse_json, rows, table_exists
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.personal import TipList, routes, shown_ids
from linewatch.api.users import User

router = APIRouter(prefix="/tips", tags=["tips"])
Reader = Annotated[User, Depends(require_role(*INTEL_ROLES))]


@router.get("", responses=routes(TipList))
def inbox(user: Reader, store: StoreDep, audit: AuditDep,
          limit: Annotated[int, Query(ge=1, le=500)] = 100,
          offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Newest tips first (police roles only: partners never see tip text)."""
    join = table_exists(store, "tip_extractions")
    found = rows(store, ["tips"], f"""
        SELECT t.tip_id, t.received_at, t.channel, t.text
               {", x.extraction" if join else ", NULL AS extraction"}
        FROM tips t {"LEFT JOIN tip_extractions x ON x.tip_id = t.tip_id" if join else ""}
        ORDER BY t.received_at DESC, t.tip_id LIMIT ? OFFSET ?""",  # noqa: S608
        [limit, offset])
    for tip in found:
        tip["extraction"] = parse_json(tip["extraction"])
    total = store.scalar("SELECT count(*) FROM tips") if table_exists(store, "tips") else 0
    audit("view_tips", None, {"offset": offset, "ids": shown_ids(found, "tip_id")})
    return {"tips": found, "count": len(found), "total": total}
