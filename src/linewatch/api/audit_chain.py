"""How an audit entry is hashed: keyed (HMAC-SHA256) now, plain SHA-256 for legacy entries.

::

    keyed:  hash = HMAC-SHA256(LINEWATCH_AUDIT_KEY, canonical_json(entry) + prev_hash)
    legacy: hash = SHA-256(canonical_json(entry) + prev_hash)

where the canonical JSON holds ``seq, at, user, action, target, detail, reason`` and
``prev_hash`` is the previous entry's hash (64 zeros for the first). Entries written before
the log had a key are legacy; every entry since is keyed. Both kinds sit in the same ``hash``
column: which one an entry is can only be told with the key (:func:`classify`), so nobody
without it can write an entry that passes as keyed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any, Literal

from linewatch.api.audit_key import AuditKey

GENESIS = "0" * 64
Kind = Literal["keyed", "legacy"]
EntryHash = Callable[[dict[str, Any], str], str]


def canonical(entry: dict[str, Any]) -> str:
    """The exact text that is hashed for an entry (without its hashes)."""
    at = entry["at"]
    body = {
        "seq": int(entry["seq"]),
        "at": at.isoformat(timespec="microseconds") if isinstance(at, dt.datetime) else str(at),
        "user": entry["user_name"],
        "action": entry["action"],
        "target": entry.get("target"),
        "detail": as_json(entry.get("detail")),
        "reason": entry.get("reason"),
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def as_json(detail: Any) -> Any:
    """An entry's ``detail`` as JSON data (a JSON text is parsed)."""
    if detail is None:
        return None
    if isinstance(detail, str):
        try:
            return json.loads(detail)
        except json.JSONDecodeError:
            return detail
    return json.loads(json.dumps(detail, default=str))


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    """The legacy (unkeyed) hash: anyone can compute it, so it proves nothing on its own."""
    return hashlib.sha256((canonical(entry) + prev_hash).encode("utf-8")).hexdigest()


def entry_mac(key: AuditKey, entry: dict[str, Any], prev_hash: str) -> str:
    """The keyed hash of an entry."""
    return key.mac(canonical(entry) + prev_hash)


def keyed_hasher(key: AuditKey) -> EntryHash:
    return lambda entry, prev_hash: entry_mac(key, entry, prev_hash)


def classify(key: AuditKey, entry: dict[str, Any], prev_hash: str) -> Kind | None:
    """``keyed`` or ``legacy`` when the entry's ``hash`` matches that kind, else ``None``
    (edited, or written with another key)."""
    text = canonical(entry) + prev_hash
    stored = str(entry["hash"])
    if key.mac(text) == stored:
        return "keyed"
    if hashlib.sha256(text.encode("utf-8")).hexdigest() == stored:
        return "legacy"
    return None
