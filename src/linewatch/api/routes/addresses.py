"""Address profiles: reference data, residents, trap-house and cuckooing evidence, events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.personal import AddressProfile, routes
from linewatch.api.profiles import address_profile
from linewatch.api.responses import JSONBody

router = APIRouter(prefix="/addresses", tags=["addresses"])


@router.get("", responses=routes(AddressProfile))
def get_address(address: Annotated[str, Query(min_length=1, max_length=300)],
                user: CurrentUser, store: StoreDep, audit: AuditDep) -> JSONBody:
    """One address, matched case-insensitively (every view is audited)."""
    profile = address_profile(store, address)
    audit("view_address", f"address:{profile['address']}")
    return JSONBody(profile)
