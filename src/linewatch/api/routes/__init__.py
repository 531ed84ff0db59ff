"""One router per resource, all mounted under ``/api`` (the public tip form is at ``/tip``)."""

from __future__ import annotations

from fastapi import APIRouter

from linewatch.api.routes import (
    addresses,
    ask,
    audit,
    auth,
    charts,
    exports,
    graph,
    imports,
    intel,
    jobs,
    labels,
    lines,
    map,
    meta,
    operations,
    persons,
    phones,
    retention,
    safeguarding,
    search,
    targets,
    timeline,
    tips,
    tokens,
    users,
    watches,
)

ROUTERS: list[APIRouter] = [
    auth.router, meta.router, search.router, persons.router, phones.router, addresses.router,
    graph.router, lines.router, targets.router, safeguarding.router, tips.router, intel.router,
    timeline.router, map.router, audit.router, operations.router, labels.router,
    users.router, exports.router, jobs.router, imports.router, tokens.router, ask.router,
    retention.router,
    watches.router,
    charts.router,
]
