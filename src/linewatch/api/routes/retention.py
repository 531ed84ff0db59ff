"""Retention review (MoPI) and the disproportionality audit: supervisors' and admins' pages.

``GET /retention/due`` lists the nominal and intelligence records due for review by a date;
``POST /retention/decisions`` queues a reviewer's decision (retain with a reason and a next
review date, or delete with a reason code) as a job for the server's writer, like an import:
the store has one writer. ``GET /fairness`` is the disproportionality audit. Every call is
audited; a deletion's audit entry and job name the tombstone, never the deleted record.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from linewatch.api.access import AUDIT_ROLES
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.jobs import submit_job
from linewatch.api.routes.jobs import writer_of
from linewatch.api.users import User
from linewatch.errors import InputError

router = APIRouter(tags=["retention"])
Reviewer = Annotated[User, Depends(require_role(*AUDIT_ROLES))]


class Decision(BaseModel):
    action: Literal["retain", "delete"]
    kind: Literal["nominals", "intel"]
    record_id: str = Field(min_length=1, max_length=200)
    source_system: str | None = Field(None, max_length=200,
                                      description="Required for a nominal record.")
    reason: str = Field(min_length=1, max_length=2000, description=(
        "Retain: why the record is still needed. Delete: one of the reason codes."))
    next_review: dt.date | None = Field(None, description="Retain only (default: the "
                                        "group's period from today).")


@router.get("/retention/due")
def retention_due(user: Reviewer, store: StoreDep, audit: AuditDep,
                  as_of: Annotated[dt.date | None, Query(
                      description="Due on or before this date (default: today).")] = None,
                  ) -> dict[str, Any]:
    """Records due for review, earliest first, with each group's rule."""
    from linewatch.ops import retention
    from linewatch.ops.mopi import load_mopi_groups

    day = as_of or dt.date.today()
    due = [i.as_dict() for i in retention.due(store, day)]
    audit("view_retention_due", None, {"as_of": day.isoformat(), "count": len(due)})
    return {"as_of": day.isoformat(), "due": due, "count": len(due),
            "groups": load_mopi_groups().describe(), "delete_reasons":
            list(retention.DELETE_REASONS), "tombstones": len(retention.tombstones(store))}


@router.post("/retention/decisions", status_code=202)
def retention_decision(request: Request, body: Decision, user: Reviewer,
                       store: StoreDep) -> dict[str, Any]:
    """Queue a decision; it is applied by the server's writer (follow it as a job)."""
    from linewatch.ops.retention import DELETE_REASONS

    if body.action == "delete" and body.reason not in DELETE_REASONS:
        raise InputError(f"reason must be one of {', '.join(DELETE_REASONS)}", field="reason")
    if body.kind == "nominals" and not body.source_system:
        raise InputError("a nominal record needs its source_system", field="source_system")
    params = body.model_dump(mode="json")
    job = submit_job(store, user, "retention", params)
    writer_of(request).notify()
    return job


@router.get("/fairness")
def fairness(user: Reviewer, store: StoreDep, audit: AuditDep,
             as_of: Annotated[dt.date | None, Query(
                 description="Reference date for age bands (default: the latest event).")]
             = None) -> dict[str, Any]:
    """The disproportionality audit of the target list, safeguarding list and line roles."""
    from linewatch.ops.fairness import audit as fairness_audit

    result = fairness_audit(store, as_of)
    audit("view_fairness", None, {"lists": [lst["list"] for lst in result["lists"]]})
    return result
