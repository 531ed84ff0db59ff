"""Phone profiles: features, deal-line score, handsets, contacts, cell movements."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from linewatch.api.data import parse_time
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.graph import Window
from linewatch.api.payloads import Page, answer
from linewatch.api.personal import PhoneProfile, routes
from linewatch.api.profiles import phone_profile

router = APIRouter(prefix="/phones", tags=["phones"])


@router.get("/{number}", responses=routes(PhoneProfile))
async def get_phone(number: str, user: CurrentUser, store: StoreDep, audit: AuditDep,
              from_: Annotated[str | None, Query(alias="from")] = None,
              to: str | None = None) -> Response:
    """One phone number (any written form; E.164 preferred). Every view is audited."""
    window = Window(parse_time(from_), parse_time(to))

    def page() -> Page:
        profile = phone_profile(store, user.role, number, window)
        return Page.of(profile, "view_phone", f"phone:{profile['number']}")

    return await answer(store, audit, ("phone", user.role, number, window.start, window.end),
                        page)
