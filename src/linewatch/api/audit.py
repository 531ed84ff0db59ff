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
from dataclasses import dataclass
from typing import Any

from linewatch.api.tables import ensure_tables
from linewatch.storage import Store

GENESIS = "0" * 64


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


def record(store: Store, user: str, action: str, target: str | None = None,
           detail: dict[str, Any] | None = None, reason: str | None = None) -> int:
    """Append one entry and return its ``seq``."""
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    detail_json = json.dumps(_as_json(detail), sort_keys=True, ensure_ascii=False)
    with store.transaction():
        last = store.query_one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        seq = int(last[0]) + 1 if last else 1
        prev = last[1] if last else GENESIS
        entry = {"seq": seq, "at": at, "user_name": user, "action": action, "target": target,
                 "detail": detail_json, "reason": reason}
        store.execute(
            "INSERT INTO audit_log (seq, \"at\", user_name, action, target, detail, reason, "
            "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, at, user, action, target, detail_json, reason, prev, entry_hash(entry, prev)])
    return seq


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
    rows = store.query_dicts(
        "SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS detail, reason, "  # noqa: S608
        f"hash FROM audit_log {clause} ORDER BY seq DESC LIMIT ? OFFSET ?",  # noqa: S608
        [*params, limit, offset])
    for row in rows:
        row["detail"] = _as_json(row["detail"])
    return rows
