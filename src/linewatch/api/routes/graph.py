"""The link chart: neighbourhoods and paths between entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from linewatch.api.data import parse_time
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.graph import LINK_TYPES, Window
from linewatch.api.inline import from_memory
from linewatch.api.paths import neighbourhood, shortest_path, time_ordered_path
from linewatch.api.personal import Graph, routes
from linewatch.api.responses import JSONBody

router = APIRouter(prefix="/graph", tags=["graph"])
TypesQ = Annotated[str | None, Query(description=f"comma-separated link types: calls (call "
                                     f"links and phone attribution), relationships (every "
                                     f"recorded relationship type), {', '.join(LINK_TYPES)}")]
FromQ = Annotated[str | None, Query(alias="from", description="ISO date: links from then")]


#: the most contacts a neighbourhood answered on the event loop may read: the default 2-hop
#: chart (50 per node) is about 5 ms of work; a 5,000-node chart takes hundreds of
#: milliseconds and would stall every other request, so it goes to the thread pool
INLINE_CONTACTS = 50 + 50 * 50
INLINE_NODES = 500


def answers_inline(window: Window, depth: int, max_nodes: int, per_node: int) -> bool:
    """Whether a neighbourhood is small enough, and read only from memory (no time window),
    to be built on the event loop."""
    contacts = sum(per_node ** hop for hop in range(1, depth + 1))
    return (window.start is None and window.end is None and max_nodes <= INLINE_NODES
            and contacts <= INLINE_CONTACTS)


def _types(types: str | None) -> set[str] | None:
    return {t.strip() for t in types.split(",") if t.strip()} if types else None


@router.get("/neighbours", responses=routes(Graph))
async def neighbours(entity: Annotated[str, Query(max_length=300)], user: CurrentUser,
                     store: StoreDep, audit: AuditDep, types: TypesQ = None,
                     from_: FromQ = None, to: str | None = None,
                     depth: Annotated[int, Query(ge=1, le=3)] = 1,
                     max_nodes: Annotated[int, Query(ge=10, le=5000)] = 500,
                     per_node: Annotated[int, Query(ge=1, le=500)] = 50) -> JSONBody:
    """An entity's links (``type:key``, e.g. ``phone:+447700900123``) with their evidence."""
    window = Window(parse_time(from_), parse_time(to))
    result = await from_memory(
        lambda: neighbourhood(store, entity, _types(types), window, depth, max_nodes, per_node,
                              role=user.role),
        inline=answers_inline(window, depth, max_nodes, per_node))
    detail = {"depth": depth, "types": types, "nodes": len(result["nodes"])}
    # encoded before waiting for the audit commit, so the chart's thousands of dictionaries
    # are freed now instead of staying alive while twenty other requests run (see web.md)
    body = JSONBody(result)
    del result
    await audit.record_async("view_graph", entity, detail)
    return body


@router.get("/path", responses=routes(Graph))
def path(from_: Annotated[str, Query(alias="from", max_length=300)],
         to: Annotated[str, Query(max_length=300)], user: CurrentUser, store: StoreDep,
         audit: AuditDep, types: TypesQ = None, via: TypesQ = None, ordered: bool = False,
         after: str | None = None, before: str | None = None) -> JSONBody:
    """Shortest path between two entities over the link types ``via`` (or ``types``; e.g.
    ``calls,relationships`` or ``calls,family``), each hop explained in ``steps``;
    ``ordered=true``: a time-ordered chain of calls."""
    if ordered:
        result = time_ordered_path(store, from_, to, parse_time(after), parse_time(before))
    else:
        result = shortest_path(store, from_, to, _types(via or types),
                               Window(parse_time(after), parse_time(before)), role=user.role)
    audit("find_path", f"{from_} -> {to}", {"ordered": ordered, "found": result["found"]})
    return JSONBody(result)
