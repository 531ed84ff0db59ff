"""Ranked search across people, phones, number plates, addresses, postcodes and text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linewatch.api.access import sanitise
from linewatch.api.deps import AuditDep, CtxDep, CurrentUser
from linewatch.api.responses import JSONBody
from linewatch.api.search import SearchIndex, search_text

router = APIRouter(tags=["search"])
ENTITY_TYPES = {"person", "phone", "vehicle", "address"}


@router.get("/search")
def search(q: Annotated[str, Query(min_length=1, max_length=200)], user: CurrentUser,
           ctx: CtxDep, audit: AuditDep,
           types: Annotated[str | None, Query(description="comma-separated: person, phone, "
                                              "vehicle, address, text")] = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 30) -> JSONBody:
    """Entities and texts matching ``q``, best first, each with its type and id."""
    wanted = {t.strip() for t in (types or "").split(",") if t.strip()} or None
    index: SearchIndex = ctx.cache["search"]
    entity_types = (wanted & ENTITY_TYPES) if wanted else None
    results: list[dict[str, Any]] = []
    if wanted is None or entity_types:
        results = index.search(q, entity_types, limit)
    if wanted is None or "text" in wanted:
        results += search_text(ctx.store, user.role, q, limit=min(limit, 20))
    results.sort(key=lambda r: -float(r["score"]))
    audit("search", None, {"q": q, "types": sorted(wanted) if wanted else None,
                           "results": len(results)})
    shown = results[:limit]
    return JSONBody(sanitise({"q": q, "results": shown, "count": len(shown)}, user.role))
