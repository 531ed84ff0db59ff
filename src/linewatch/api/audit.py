"""The audit log: append-only, hash-chained with a key, anchored by signed checkpoints.

Every view of a person, phone or address, every list of them, every search, export and
change is one entry. Each entry's hash is an HMAC of the entry and the previous hash under
``LINEWATCH_AUDIT_KEY`` (:mod:`linewatch.api.audit_chain`), so editing an entry breaks the
chain even for someone who recomputes the later hashes without the key; deleting the newest
entries is caught by the signed checkpoints kept outside the store
(:mod:`linewatch.api.audit_checkpoints`). :func:`verify` names the first bad ``seq``.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from linewatch.api import audit_checkpoints
from linewatch.api.audit_chain import GENESIS, as_json, canonical, entry_hash, entry_mac
from linewatch.api.audit_key import config_for
from linewatch.api.audit_verify import Verification, verify
from linewatch.api.audit_writer import AuditWriter
from linewatch.api.tables import ensure_tables
from linewatch.storage import Store

__all__ = ["GENESIS", "Verification", "canonical", "checkpoints", "close", "entries",
           "entry_hash", "entry_mac", "record", "record_async", "verify", "writer"]

ENTRIES_SQL = ("SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS "
               "detail, reason, hash FROM audit_log {where} ORDER BY seq DESC LIMIT ? OFFSET ?")
_as_json = as_json


_WRITERS: weakref.WeakKeyDictionary[Store, AuditWriter] = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


def writer(store: Store) -> AuditWriter:
    """The store's audit writer (one per store, created with the web app's tables)."""
    with _WRITERS_LOCK:
        found = _WRITERS.get(store)
        if found is None:
            ensure_tables(store)
            found = _WRITERS[store] = AuditWriter(store, config_for(store))
        return found


def close(store: Store) -> None:
    """Commit pending entries and write the shutdown checkpoint (a clean stop)."""
    with _WRITERS_LOCK:
        found = _WRITERS.pop(store, None)
    if found is not None:
        found.close()


def close_on_shutdown(app: Any, store: Store) -> None:
    """Make the app's shutdown (after its own lifespan) call :func:`close` for ``store``."""
    inner: Callable[[Any], AbstractAsyncContextManager[Any]] = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(target: Any) -> AsyncIterator[Any]:
        async with inner(target) as state:
            yield state
        close(store)

    app.router.lifespan_context = lifespan


def checkpoints(store: Store) -> dict[str, Any]:
    """The store's checkpoint file as read with its key (for supervisors)."""
    config = config_for(store)
    found = audit_checkpoints.read(config.checkpoints, config.key)
    return {"path": str(found.path) if found.path else None, "exists": found.exists,
            "key_id": config.key.key_id, "problem": found.problem,
            "keyed_from": found.keyed_from,
            "checkpoints": [c.to_dict() for c in reversed(found.checkpoints)]}


def _append(store: Store, user: str, action: str, target: str | None,
            detail: dict[str, Any] | None, reason: str | None) -> tuple[AuditWriter, int]:
    detail_json = json.dumps(_as_json(detail), sort_keys=True, ensure_ascii=False)
    chain = writer(store)
    return chain, chain.append(user, action, target, detail_json, reason)


def record(store: Store, user: str, action: str, target: str | None = None,
           detail: dict[str, Any] | None = None, reason: str | None = None) -> None:
    """Append one entry; returns once it is committed."""
    chain, ticket = _append(store, user, action, target, detail, reason)
    chain.wait(ticket)


async def record_async(store: Store, user: str, action: str, target: str | None = None,
                       detail: dict[str, Any] | None = None, reason: str | None = None) -> None:
    """:func:`record` for routes running on the event loop."""
    chain, ticket = _append(store, user, action, target, detail, reason)
    await chain.wait_async(ticket)


def entries(store: Store, *, limit: int = 100, offset: int = 0, user: str | None = None,
            action: str | None = None) -> list[dict[str, Any]]:
    """Newest first, optionally filtered by user and action."""
    ensure_tables(store)
    where = []
    params: list[Any] = []
    if user:
        where.append("user_name = ?")
        params.append(user)
    if action:
        where.append("action = ?")
        params.append(action)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    # the clause holds only fixed column names and placeholders
    sql = ENTRIES_SQL.format(where=clause)
    rows = store.query_dicts(sql, [*params, limit, offset])
    for row in rows:
        row["detail"] = _as_json(row["detail"])
    return rows
