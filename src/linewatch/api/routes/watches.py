"""Watchlists and alerts: every user watches what they choose and reads their own alerts.

Adding or removing a watch is audited; reading alerts is audited with the ids shown; an alert
whose sources the reader's role may not see is left out (:mod:`linewatch.api.alerts`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from linewatch.api.alerts import alerts_for
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.storage import identities
from linewatch.vocabulary import WATCH_KINDS
from linewatch.watch import add_watch, list_watches, mark_read, remove_watch

router = APIRouter(tags=["watches"])


class NewWatch(BaseModel):
    kind: str = Field(pattern="^(" + "|".join(WATCH_KINDS) + ")$")
    value: str = Field(min_length=1, max_length=300)
    note: str | None = Field(None, max_length=500)


@router.get("/watches")
def watches(user: CurrentUser, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """The signed-in user's watches, newest first (audited)."""
    found = list_watches(store, user.name)
    audit("view_watches", f"user:{user.name}", {"watches": [w["watch_id"] for w in found]})
    return {"watches": found, "count": len(found), "kinds": list(WATCH_KINDS)}


@router.post("/watches")
def watch(body: NewWatch, user: CurrentUser, store: StoreDep, audit: AuditDep
          ) -> dict[str, Any]:
    """Watch a number, plate, person, address, line or search from now on."""
    added = add_watch(store, user.name, body.kind, body.value, body.note)
    audit("watch_add", f"{body.kind}:{added['value']}", {"watch_id": added["watch_id"]})
    return added


@router.delete("/watches/{watch_id}")
@router.post("/watches/{watch_id}/remove")
def unwatch(watch_id: str, user: CurrentUser, store: StoreDep, audit: AuditDep
            ) -> dict[str, Any]:
    """Stop watching (the owner, or an admin)."""
    removed = remove_watch(store, watch_id, user.name, admin=user.role == "admin")
    audit("watch_remove", f"{removed['kind']}:{removed['value']}", {"watch_id": watch_id})
    return removed


@router.get("/alerts")
def alerts(user: CurrentUser, store: StoreDep, audit: AuditDep, unread: bool = False,
           limit: int = 200) -> dict[str, Any]:
    """The signed-in user's alerts their role may see, newest first (the read is audited)."""
    shown = alerts_for(store, user.name, user.role, unread=unread,
                       limit=max(1, min(limit, 1000)), audit_read=False)
    audit("alerts_read", f"user:{user.name}", {"alerts": [a["alert_id"] for a in shown]})
    mark_read(store, [a["alert_id"] for a in shown if a["read_at"] is None])
    return {"alerts": shown, "count": len(shown),
            "unread": sum(1 for a in shown if a["read_at"] is None)}


def _where(store: StoreDep, kind: str, entity_id: str) -> dict[str, Any]:
    return {"kind": kind, "asked": entity_id,
            "current": identities.current_id(store, kind, entity_id),
            "history": identities.redirects(store, kind, entity_id)}


@router.get("/redirects/person/{person_id}")
def person_redirect(person_id: str, user: CurrentUser, store: StoreDep) -> dict[str, Any]:
    """Where an old person id went: the id it stands for now and the redirect history."""
    return _where(store, "person", person_id)


@router.get("/redirects/line/{line_id}")
def line_redirect(line_id: str, user: CurrentUser, store: StoreDep) -> dict[str, Any]:
    """Where an old line id went: the id it stands for now and the redirect history."""
    return _where(store, "line", line_id)
