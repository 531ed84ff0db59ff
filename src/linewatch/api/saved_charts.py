"""Named link charts saved in the case store: what was drawn, where, and the analyst's notes.

A chart's state is the web app's own JSON (nodes with their positions, pins, groups, notes,
hidden nodes and the layout); the store keeps it whole and answers it back unchanged. Charts
are shared between police roles, who may all load the same links from ``/api/graph``; a
partner never receives one (its answers are sanitised, a saved chart's notes are not).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from linewatch.api.access import POLICE_ROLES
from linewatch.errors import Forbidden, InputError, NotFound
from linewatch.storage import Store

#: a saved state larger than this is refused (a 5,000-node chart is about 1.5 MB)
MAX_STATE_BYTES = 4_000_000
_COLUMNS = "chart_id, name, owner, owner_role, created_at, updated_at, nodes"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def may_use_charts(role: str) -> bool:
    """Whether ``role`` may save and open charts (every police role; never a partner)."""
    return role in POLICE_ROLES


def list_charts(store: Store, role: str) -> list[dict[str, Any]]:
    """Charts ``role`` may open, most recently saved first (no state: names and sizes)."""
    if not may_use_charts(role):
        return []
    return store.query_dicts(f"SELECT {_COLUMNS} FROM saved_charts "  # noqa: S608 - constant columns
                             "ORDER BY updated_at DESC, name")


def save_chart(store: Store, name: str, state: dict[str, Any], user: str,
               role: str) -> dict[str, Any]:
    """Save ``state`` under ``name``: a new chart, or a new version of the user's chart of
    that name. Returns the chart's summary row."""
    if not may_use_charts(role):
        raise Forbidden(f"the {role} role may not save charts")
    name = " ".join(name.split())
    if not name:
        raise InputError("a chart needs a name", field="name")
    nodes = state.get("nodes")
    if not isinstance(nodes, list):
        raise InputError("a chart's state lists its nodes", field="state")
    text = json.dumps(state, separators=(",", ":"))
    if len(text) > MAX_STATE_BYTES:
        raise InputError(f"the chart is too large to save ({len(text):,} bytes)", field="state")
    now = _now()
    existing = store.scalar("SELECT chart_id FROM saved_charts WHERE owner = ? AND name = ?",
                            [user, name])
    if existing:
        store.execute("UPDATE saved_charts SET state = ?, nodes = ?, updated_at = ?, "
                      "owner_role = ? WHERE chart_id = ?",
                      [text, len(nodes), now, role, existing])
        chart_id = existing
    else:
        chart_id = f"CH-{uuid.uuid4().hex[:12]}"
        store.execute(f"INSERT INTO saved_charts ({_COLUMNS}, state) "  # noqa: S608 - constant columns
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [chart_id, name, user, role, now, now, len(nodes), text])
    return _summary(store, chart_id)


def _summary(store: Store, chart_id: str) -> dict[str, Any]:
    rows = store.query_dicts(f"SELECT {_COLUMNS} FROM saved_charts "  # noqa: S608 - constant columns
                             "WHERE chart_id = ?", [chart_id])
    if not rows:
        raise NotFound(f"no chart {chart_id}")
    return rows[0]


def open_chart(store: Store, chart_id: str, role: str) -> dict[str, Any]:
    """A saved chart with its state; a role that may not use charts is told it does not
    exist (its existence is not revealed)."""
    if not may_use_charts(role):
        raise NotFound(f"no chart {chart_id}")
    chart = _summary(store, chart_id)
    state = store.scalar("SELECT state FROM saved_charts WHERE chart_id = ?", [chart_id])
    loaded = json.loads(state) if isinstance(state, str) else state
    return {**chart, "state": _current_ids(store, loaded)}


def _current_ids(store: Store, state: Any) -> Any:
    """``state`` with every ``person:ID`` and ``line:ID`` that a later run merged, split or
    renamed replaced by the id it stands for now (stable identities, ``entity_redirects``)."""
    from linewatch.storage.identities import redirect_map

    moved = {f"{kind}:{old}": f"{kind}:{new}" for kind in ("person", "line")
             for old, new in redirect_map(store, kind).items()}
    if not moved:
        return state

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return moved.get(value, value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return walk(state)


def delete_chart(store: Store, chart_id: str, user: str, role: str) -> None:
    """Delete a chart: its owner, or a supervisor or admin."""
    chart = open_chart(store, chart_id, role)
    if chart["owner"] != user and role not in {"admin", "supervisor"}:
        raise Forbidden("only the chart's owner, a supervisor or an admin may delete it")
    store.execute("DELETE FROM saved_charts WHERE chart_id = ?", [chart_id])
