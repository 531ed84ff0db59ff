"""Person profiles: identities, merges, scores with explanations, events, phones, links."""

from __future__ import annotations

from fastapi import APIRouter

from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.inline import from_memory
from linewatch.api.person_profile import person_profile
from linewatch.api.personal import PersonProfile, routes
from linewatch.api.responses import JSONBody
from linewatch.storage import identities

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("/{person_id}", responses=routes(PersonProfile))
async def get_person(person_id: str, user: CurrentUser, store: StoreDep,
                     audit: AuditDep) -> JSONBody:
    """One resolved person (every view is audited); an id a later run merged away answers
    with the person it stands for now, saying so in ``redirected_from``."""
    asked, person_id = person_id, await from_memory(
        lambda: identities.current_id(store, "person", person_id))
    # every part of the page comes from per-version caches: built on the event loop when
    # they are in memory, else in the thread pool (see api/inline.py)
    profile = await from_memory(lambda: person_profile(store, user.role, person_id))
    if asked != person_id:
        profile = {**profile, "redirected_from": asked}
    body = JSONBody(profile)  # encoded first, like the link chart's
    del profile
    await audit.record_async("view_person", f"person:{person_id}")
    return body
