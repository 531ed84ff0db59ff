"""The safeguarding list (exploitation risk, indicators) and referral packs when available."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from linewatch.api.access import sanitise
from linewatch.api.data import rows, table_exists, try_import
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.users import User
from linewatch.errors import NotFound

router = APIRouter(prefix="/safeguarding", tags=["safeguarding"])
Viewer = Annotated[User, Depends(require_role("admin", "supervisor", "analyst", "safeguarding",
                                              "partner"))]
Referrer = Annotated[User, Depends(require_role("admin", "supervisor", "analyst",
                                                "safeguarding"))]


def referral_exporter() -> Any:
    """The safeguarding stage's referral-pack function, when it provides one."""
    module = try_import("linewatch.safeguard")
    for name in ("referral_pack", "export_referral", "referral_pdf"):
        if module is not None and callable(getattr(module, name, None)):
            return getattr(module, name)
    return None


@router.get("")
def safeguarding(user: Viewer, store: StoreDep) -> dict[str, Any]:
    """People in order of exploitation risk, with the indicators behind it."""
    indicators = table_exists(store, "person_exploitation")
    found = rows(store, ["safeguarding_list", "persons"], f"""
        SELECT s.rank, s.person_id, p.display_name, p.dob, p.address, p.postcode, p.flags,
               s.exploitation_risk{", e.indicators, e.safeguarding_flag" if indicators else ""}
        FROM safeguarding_list s LEFT JOIN persons p ON p.person_id = s.person_id
        {"LEFT JOIN person_exploitation e ON e.person_id = s.person_id" if indicators else ""}
        ORDER BY s.rank""", json_keys=["indicators"])  # noqa: S608
    cuckooed = rows(store, ["address_cuckooing"], """
        SELECT address, postcode, cuckooing_score, cuckooed, evidence FROM address_cuckooing
        WHERE cuckooed ORDER BY cuckooing_score DESC""", json_keys=["evidence"])
    return sanitise({"people": found, "count": len(found), "cuckooed_addresses": cuckooed,
                     "referral_packs": referral_exporter() is not None}, user.role)


@router.get("/{person_id}/referral")
def referral(person_id: str, user: Referrer, store: StoreDep, audit: AuditDep) -> Response:
    """The referral pack of one person (PDF), when the safeguarding stage provides them."""
    exporter = referral_exporter()
    if exporter is None:
        raise NotFound("referral packs are not available in this installation")
    pack = exporter(store, person_id)
    audit("export_referral", f"person:{person_id}")
    if isinstance(pack, bytes | bytearray):
        return Response(bytes(pack), media_type="application/pdf", headers={
            "content-disposition": f'attachment; filename="referral-{person_id}.pdf"'})
    return Response(str(pack), media_type="application/json")
