"""The entity model and the front end's configuration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linewatch.api.access import ROLE_LABELS
from linewatch.api.deps import CtxDep, CurrentUser
from linewatch.schema import load_model

router = APIRouter(tags=["meta"])


@router.get("/model")
def model(user: CurrentUser) -> dict[str, Any]:
    """The POLE entity model (types, properties, edges) as data."""
    return load_model().to_dict()


@router.get("/config")
def config(user: CurrentUser, ctx: CtxDep) -> dict[str, Any]:
    """What the front end needs: the tile URL (when the force has a tile server), roles."""
    return {"tile_url": ctx.settings.tile_url, "roles": ROLE_LABELS,
            "session_hours": ctx.settings.session_hours}
