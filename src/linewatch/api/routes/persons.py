"""Person profiles: identities, merges, scores with explanations, events, phones, links."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.payloads import Page, answer
from linewatch.api.person_profile import person_profile
from linewatch.api.personal import PersonProfile, routes
from linewatch.api.snapshot import current_id
from linewatch.storage import Store

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("/{person_id}", responses=routes(PersonProfile))
async def get_person(person_id: str, user: CurrentUser, store: StoreDep,
                     audit: AuditDep) -> Response:
    """One resolved person (every view is audited); an id a later run merged away answers
    with the person it stands for now, saying so in ``redirected_from``."""
    return await answer(store, audit, ("person", user.role, person_id),
                        lambda: _person_page(store, user.role, person_id))


def _person_page(store: Store, role: str, asked: str) -> Page:
    person_id = current_id(store, "person", asked)
    profile = person_profile(store, role, person_id)
    if asked != person_id:
        profile = {**profile, "redirected_from": asked}
    return Page.of(profile, "view_person", f"person:{person_id}")
