"""Person profiles: identities, merges, scores with explanations, events, phones, links."""

from __future__ import annotations

from fastapi import APIRouter

from linewatch.api.access import sanitise
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.person_profile import person_profile
from linewatch.api.responses import JSONBody

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("/{person_id}")
def get_person(person_id: str, user: CurrentUser, store: StoreDep,
               audit: AuditDep) -> JSONBody:
    """One resolved person (every view is audited)."""
    profile = person_profile(store, user.role, person_id)
    audit("view_person", f"person:{person_id}")
    return JSONBody(sanitise(profile, user.role))
