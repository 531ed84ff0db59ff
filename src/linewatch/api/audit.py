"""The audit log: append-only and hash-chained.

Every view of a person, phone or address, every search, export and change is one entry::

    hash = sha256(canonical_json({seq, at, user, action, target, detail, reason}) + prev_hash)

where ``prev_hash`` is the previous entry's hash (64 zeros for the first). Editing any field
of an entry changes its hash; deleting an entry breaks the chain at the next one; deleting the
newest entries is caught by comparing with the count and last hash an auditor noted (``show``
prints both). :func:`verify` names the first bad ``seq``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from linewatch.api.audit_writer import GENESIS, AuditWriter
from linewatch.api.tables import ensure_tables
from linewatch.storage import Store

ENTRIES_SQL = ("SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS "
               "detail, reason, hash FROM audit_log {where} ORDER BY seq DESC LIMIT ? OFFSET ?")


def canonical(entry: dict[str, Any]) -> str:
    """The exact text that is hashed for an entry (without its hashes)."""
    at = entry["at"]
    body = {
        "seq": int(entry["seq"]),
        "at": at.isoformat(timespec="microseconds") if isinstance(at, dt.datetime) else str(at),
        "user": entry["user_name"],
        "action": entry["action"],
        "target": entry.get("target"),
        "detail": _as_json(entry.get("detail")),
        "reason": entry.get("reason"),
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256((canonical(entry) + prev_hash).encode("utf-8")).hexdigest()


def _as_json(detail: Any) -> Any:
    if detail is None:
        return None
    if isinstance(detail, str):
        try:
            return json.loads(detail)
        except json.JSONDecodeError:
            return detail
    return json.loads(json.dumps(detail, default=str))


_WRITERS: weakref.WeakKeyDictionary[Store, AuditWriter] = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


def writer(store: Store) -> AuditWriter:
    """The store's audit writer (one per store, created with the web app's tables)."""
    with _WRITERS_LOCK:
        found = _WRITERS.get(store)
        if found is None:
            ensure_tables(store)
            found = _WRITERS[store] = AuditWriter(store, entry_hash)
        return found


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


@dataclass
class Verification:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None
    last_hash: str = GENESIS

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "first_bad_seq": self.first_bad_seq,
                "problem": self.problem, "last_hash": self.last_hash}


def verify(store: Store, batch: int = 5000) -> Verification:
    """Walk the chain from seq 1; stop at the first edited, missing or re-linked entry."""
    ensure_tables(store)
    prev = GENESIS
    expected = 1
    count = 0
    offset = 0
    while True:
        rows = store.query_dicts(
            "SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS detail, "
            "reason, prev_hash, hash FROM audit_log ORDER BY seq LIMIT ? OFFSET ?",
            [batch, offset])
        if not rows:
            break
        offset += len(rows)
        for row in rows:
            seq = int(row["seq"])
            if seq != expected:
                return Verification(False, count, expected,
                                    f"entry {expected} is missing (next is {seq})", prev)
            if row["prev_hash"] != prev:
                return Verification(False, count, seq,
                                    f"entry {seq} does not link to entry {seq - 1}", prev)
            if entry_hash(row, prev) != row["hash"]:
                return Verification(False, count, seq, f"entry {seq} was altered", prev)
            prev = row["hash"]
            expected += 1
            count += 1
    return Verification(True, count, None, None, prev)


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
