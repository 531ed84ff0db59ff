"""Person profiles: identities, merges, scores with explanations, events, phones, links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linewatch.api.access import sanitise
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.profiles import person_profile

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("/{person_id}")
def get_person(person_id: str, user: CurrentUser, store: StoreDep,
               audit: AuditDep) -> dict[str, Any]:
    """One resolved person (every view is audited)."""
    profile = person_profile(store, user.role, person_id)
    audit("view_person", f"person:{person_id}")
    return sanitise(profile, user.role)
