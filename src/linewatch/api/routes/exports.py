"""Downloads of the exports (i2, GraphML, GEXF, Neo4j, FtM, CSV), each audited.

``GET /api/export/{format}`` exports the whole case, a line's network (``?line=L1``) or a
person's neighbourhood (``?person=P1&hops=2``); ``POST /api/export/{format}`` with
``{"nodes": [...]}`` exports a link-chart selection. Every role may export what it may see
(the file is built for the signed-in user's role, see ``api/exports.py``); the audit entry
records the format, the scope and how many nodes and links left.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from linewatch.api.deps import AppContext, AuditDep, CtxDep, CurrentUser, StoreDep
from linewatch.api.exports import audience_for
from linewatch.export import FORMATS, Scope, export_bytes, export_format

router = APIRouter(prefix="/export", tags=["export"])


class Selection(BaseModel):
    nodes: list[Annotated[str, Field(max_length=300)]] = Field(min_length=1, max_length=5000)


@router.get("")
def formats(user: CurrentUser) -> dict[str, Any]:
    """The export formats, for the download menus."""
    return {"formats": [{"name": f.name, "title": f.title, "suffix": f.suffix}
                        for f in FORMATS.values()]}


def _download(store: StoreDep, audit: AuditDep, role: str, fmt: str, scope: Scope,
              ctx: AppContext) -> Response:
    chosen = export_format(fmt)
    key = ctx.settings.secret_key.get_secret_value().encode()
    content, name, summary = export_bytes(store, chosen.name, audience_for(role, store, key),
                                          scope)
    audit("export", f"{chosen.name}:{scope.name}",
          {"format": chosen.name, "scope": scope.describe(), "role": role,
           "nodes": summary["nodes"], "edges": summary["edges"], "bytes": len(content)})
    return Response(content, media_type=chosen.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


@router.get("/{fmt}")
def download(fmt: str, user: CurrentUser, store: StoreDep, audit: AuditDep, ctx: CtxDep,
             line: Annotated[str | None, Query(max_length=100)] = None,
             person: Annotated[str | None, Query(max_length=100)] = None,
             hops: Annotated[int, Query(ge=0, le=4)] = 1) -> Response:
    """The export of the whole case, a line's network or a person's neighbourhood."""
    return _download(store, audit, user.role, fmt, Scope(line=line, person=person, hops=hops),
                     ctx)


@router.post("/{fmt}")
def download_selection(fmt: str, selection: Selection, user: CurrentUser, store: StoreDep,
                       audit: AuditDep, ctx: CtxDep) -> Response:
    """The export of a link-chart selection (node ids such as ``person:P1``)."""
    return _download(store, audit, user.role, fmt, Scope(nodes=tuple(selection.nodes)), ctx)
