"""Analysts' labels: confirm or reject a detection, shown beside it, audited.

Labels never change a detector's output; ``GET /api/labels/evaluation`` measures each
detector against them (``linewatch evaluate --labels`` on the command line).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.users import User
from linewatch.evaluate import labels as lb

router = APIRouter(prefix="/labels", tags=["labels"])
Labeller = Annotated[User, Depends(require_role("admin", "supervisor", "analyst",
                                                "safeguarding"))]


class NewLabel(BaseModel):
    kind: str = Field(pattern="^(" + "|".join(lb.KINDS) + ")$")
    subject: str = Field(min_length=1, max_length=300)
    verdict: str = Field(pattern="^(confirmed|rejected)$")
    reason: str = Field(min_length=5, max_length=2000)
    role: str | None = Field(None, max_length=40)
    postcode: str | None = Field(None, max_length=10)


@router.get("")
def list_labels(user: Labeller, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Current labels, newest first, each beside what the latest analysis says."""
    found = lb.list_labels(store)
    audit("view_labels", None, {"labels": [x["label_id"] for x in found]})
    return {"data": found, "count": len(found)}


@router.get("/evaluation")
def evaluation(user: Labeller, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Precision and recall of each detector against the labels."""
    audit("view_label_evaluation")
    return lb.evaluate_labels(store)


@router.post("")
def add(body: NewLabel, user: Labeller, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Record a verdict on a detection, with the analyst's reason."""
    label = lb.add_label(store, body.kind, body.subject, body.verdict, body.reason, user.name,
                         value=body.role, postcode=body.postcode)
    audit("add_label", f"{body.kind}:{body.subject}",
          {"label_id": label["label_id"], "verdict": body.verdict, "role": body.role},
          reason=body.reason)
    return label


@router.post("/{label_id}/withdraw")
def withdraw(label_id: str, user: Labeller, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Withdraw a label: kept on record, no longer counted."""
    lb.withdraw_label(store, label_id, user.name)
    audit("withdraw_label", f"label:{label_id}")
    return {"label_id": label_id, "withdrawn": True}
