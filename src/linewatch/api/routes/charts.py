"""Saved link charts: list, save, open and delete named charts, every call audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from linewatch.api import saved_charts as sc
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep

router = APIRouter(prefix="/charts", tags=["charts"])
ChartId = Annotated[str, Path(max_length=40, pattern=r"^CH-[0-9a-f]{12}$")]


class NewChart(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    state: dict[str, Any]


@router.get("")
def list_charts(user: CurrentUser, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """The saved charts the user's role may open, newest first."""
    found = sc.list_charts(store, user.role)
    audit("list_charts", None, {"charts": len(found)})
    return {"data": found, "count": len(found), "may_save": sc.may_use_charts(user.role)}


@router.post("")
def save(body: NewChart, user: CurrentUser, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Save the chart under its name (the user's chart of the same name is replaced)."""
    chart = sc.save_chart(store, body.name, body.state, user.name, user.role)
    audit("save_chart", f"chart:{chart['chart_id']}",
          {"name": chart["name"], "nodes": chart["nodes"]})
    return chart


@router.get("/{chart_id}")
def open_chart(chart_id: ChartId, user: CurrentUser, store: StoreDep,
               audit: AuditDep) -> dict[str, Any]:
    """One saved chart with its whole state."""
    chart = sc.open_chart(store, chart_id, user.role)
    audit("open_chart", f"chart:{chart_id}", {"name": chart["name"], "nodes": chart["nodes"]})
    return chart


@router.delete("/{chart_id}")
def delete(chart_id: ChartId, user: CurrentUser, store: StoreDep,
           audit: AuditDep) -> dict[str, Any]:
    """Delete a saved chart (its owner, a supervisor or an admin)."""
    sc.delete_chart(store, chart_id, user.name, user.role)
    audit("delete_chart", f"chart:{chart_id}")
    return {"chart_id": chart_id, "deleted": True}
