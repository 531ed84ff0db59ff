"""Ranked search across people, phones, number plates, addresses, postcodes and text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.inline import from_memory
from linewatch.api.personal import SearchResults, routes, shown_ids
from linewatch.api.responses import JSONBody
from linewatch.api.search import search_entities, search_text
from linewatch.storage import Store

router = APIRouter(tags=["search"])
ENTITY_TYPES = {"person", "phone", "vehicle", "address"}


@router.get("/search", responses=routes(SearchResults))
async def search(q: Annotated[str, Query(min_length=1, max_length=200)], user: CurrentUser,
                 store: StoreDep, audit: AuditDep,
                 types: Annotated[str | None, Query(description="comma-separated: person, "
                                                    "phone, vehicle, address, text")] = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 30) -> JSONBody:
    """Entities and texts matching ``q``, best first, each with its type and id."""
    wanted = {t.strip() for t in (types or "").split(",") if t.strip()} or None
    results = await from_memory(lambda: search_all(store, user.role, q, wanted, limit),
                                inline=answers_inline(q))
    body = JSONBody({"q": q, "results": results, "count": len(results)})
    await audit.record_async("search", None, {"q": q, "types": sorted(wanted) if wanted else None,
                                              "ids": shown_ids(results, "id")})
    return body


def search_all(store: Store, role: str, q: str, wanted: set[str] | None,
               limit: int) -> list[dict[str, Any]]:
    """Entities and (for roles that may read it) text, best first, at most ``limit``."""
    entity_types = (wanted & ENTITY_TYPES) if wanted else None
    results: list[dict[str, Any]] = []
    if wanted is None or entity_types:
        results = search_entities(store, q, entity_types, limit)
    if wanted is None or "text" in wanted:
        results += search_text(store, role, q, limit=min(limit, 20))
    results.sort(key=lambda r: -float(r["score"]))
    return results[:limit]


def answers_inline(q: str) -> bool:
    """Whether a search may run on the event loop: every word has three characters or more,
    so each look-up starts from the trigram index (a shorter one scans every term: tens of
    milliseconds that would hold up every other request)."""
    words = q.split()
    return bool(words) and min(len(w) for w in words) >= 3
