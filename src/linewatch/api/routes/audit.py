"""The audit trail (supervisors and admins) and its integrity check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from linewatch.api import audit as audit_log
from linewatch.api.access import AUDIT_ROLES
from linewatch.api.deps import StoreDep, require_role
from linewatch.api.users import User

router = APIRouter(prefix="/audit", tags=["audit"])
Auditor = Annotated[User, Depends(require_role(*AUDIT_ROLES))]


@router.get("")
def show(user: Auditor, store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200,
         offset: Annotated[int, Query(ge=0)] = 0, user_name: str | None = None,
         action: str | None = None) -> dict[str, Any]:
    """Newest entries first, optionally for one user or action."""
    found = audit_log.entries(store, limit=limit, offset=offset, user=user_name, action=action)
    audit_log.record(store, user.name, "view_audit", None,
                     {"user_name": user_name, "action": action, "offset": offset})
    return {"entries": found, "count": len(found)}


@router.get("/verify")
def verify(user: Auditor, store: StoreDep) -> dict[str, Any]:
    """Check the keyed chain and the signed checkpoints: ``ok`` false names the first edited
    or missing entry, or a cut tail."""
    return audit_log.verify(store).to_dict()


@router.get("/checkpoints")
def checkpoints(user: Auditor, store: StoreDep) -> dict[str, Any]:
    """The signed checkpoints (entry count and head hash), newest first, for an auditor to
    note or compare with a copy kept elsewhere."""
    found = audit_log.checkpoints(store)
    audit_log.record(store, user.name, "view_audit_checkpoints")
    return found
