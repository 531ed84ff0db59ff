"""The intelligence log with 3x5x2 grades spelt out, filtered by the handling-code rule."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from linewatch.api.access import INTEL_ROLES, may_see_intel
from linewatch.api.data import rows
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.personal import IntelList, routes, shown_ids
from linewatch.api.profiles import grade
from linewatch.api.users import User
from linewatch.schema.types import grading

router = APIRouter(prefix="/intel", tags=["intel"])
Reader = Annotated[User, Depends(require_role(*INTEL_ROLES))]


@router.get("", responses=routes(IntelList))
def intel_log(user: Reader, store: StoreDep, audit: AuditDep,
              limit: Annotated[int, Query(ge=1, le=500)] = 100,
              offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Newest first; C-handled reports appear only to the roles their conditions allow."""
    found = rows(store, ["intel"], """
        SELECT report_id, received_at, source_evaluation, intelligence_assessment,
               handling_code, handling_conditions, text FROM intel
        ORDER BY received_at DESC, report_id""")
    visible = [dict(r, grade=grade(r)) for r in found
               if may_see_intel(user.role, r["handling_code"], r["handling_conditions"])]
    page = visible[offset:offset + limit]
    audit("view_intel", None, {"offset": offset, "ids": shown_ids(page, "report_id")})
    return {"intel": page, "count": len(page), "total": len(visible),
            "grading": {"source_evaluation": grading.SOURCE_EVALUATION,
                        "intelligence_assessment": grading.ASSESSMENT,
                        "handling_code": grading.HANDLING}}
