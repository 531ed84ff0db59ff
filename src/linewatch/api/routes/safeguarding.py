"""The safeguarding list (exploitation risk, indicators) and referral packs."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from linewatch.api.ages import add_ages, reference_time
from linewatch.api.data import rows, table_exists
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.explained import display, uncapped, with_cuckooing, with_exploitation
from linewatch.api.payloads import Page, answer
from linewatch.api.personal import SafeguardingList, routes, shown_ids
from linewatch.api.users import User
from linewatch.errors import LinewatchError
from linewatch.safeguard import build_referral_pack, render_referral_pdf
from linewatch.storage import Store

router = APIRouter(prefix="/safeguarding", tags=["safeguarding"])
log = logging.getLogger("linewatch.api.safeguarding")


class PackFailed(LinewatchError):
    http_status = 500
Viewer = Annotated[User, Depends(require_role("admin", "supervisor", "analyst", "safeguarding",
                                              "partner"))]
Referrer = Annotated[User, Depends(require_role("admin", "supervisor", "analyst",
                                                "safeguarding"))]


@router.get("", responses=routes(SafeguardingList))
async def safeguarding(user: Viewer, store: StoreDep, audit: AuditDep) -> Response:
    """People in order of exploitation risk, with the indicators behind it."""
    return await answer(store, audit, ("safeguarding", user.role),
                        lambda: _safeguarding_list(store))


def _safeguarding_list(store: Store) -> Page:
    indicators = table_exists(store, "person_exploitation")
    found = rows(store, ["safeguarding_list", "persons"], f"""
        SELECT s.rank, s.person_id, p.display_name, p.dob, p.address, p.postcode, p.flags,
               s.exploitation_risk{", e.indicators, e.safeguarding_flag" if indicators else ""}
        FROM safeguarding_list s LEFT JOIN persons p ON p.person_id = s.person_id
        {"LEFT JOIN person_exploitation e ON e.person_id = s.person_id" if indicators else ""}
        ORDER BY s.rank""", json_keys=["indicators"])  # noqa: S608
    add_ages(store, found)
    with_exploitation(store, found)
    found = display(found, lambda r: float(r["exploitation_risk"] or 0),
                    lambda r: uncapped(_indicators(r)), "risk",
                    lambda r: (len(_indicators(r)),
                               sum(len(i.get("evidence") or []) for i in _indicators(r))))
    cuckooed = rows(store, ["address_cuckooing"], """
        SELECT address, postcode, cuckooing_score, cuckooed, evidence FROM address_cuckooing
        WHERE cuckooed ORDER BY cuckooing_score DESC""", json_keys=["evidence"])
    detail = {"ids": shown_ids(found, "person_id"),
              "addresses": shown_ids(cuckooed, "address")}
    with_cuckooing(store, cuckooed)
    return Page.of({"people": found, "count": len(found), "cuckooed_addresses": cuckooed,
                    "reference_time": reference_time(store), "referral_packs": True},
                   "view_safeguarding", None, detail)


def _indicators(row: dict[str, Any]) -> list[dict[str, Any]]:
    found = (row.get("indicators") or {}).get("indicators") or []
    return [i for i in found if isinstance(i, dict)]


@router.get("/{person_id}/referral")
def referral(person_id: str, user: Referrer, store: StoreDep, audit: AuditDep) -> Response:
    """The referral pack of one person (PDF)."""
    try:
        pdf = bytes(render_referral_pdf(build_referral_pack(store, person_id)))
    except LinewatchError:
        raise
    except Exception as exc:  # the safeguarding stage's failure: say so, never leak a trace
        log.exception("referral pack for %s failed", person_id)
        raise PackFailed("the referral pack could not be built; see the server log") from exc
    audit("export_referral", f"person:{person_id}")
    safe_id = "".join(c for c in person_id if c.isalnum() or c in "-_")[:60] or "person"
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="referral-{safe_id}.pdf"'})
