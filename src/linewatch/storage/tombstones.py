"""Tombstones: what a retention deletion leaves behind, and the check ingest makes against them.

A deleted record leaves no personal data: only a keyed hash of its identity (the kind and its
key, e.g. ``nominals`` + source system + record id), so a re-import of the same file can be
recognised and its rows skipped (and counted) without the store keeping anything that names
the person. The key is the store's own (``retention_key``, made on first use): whoever holds
the store can test whether a record id they already know was deleted, and learn nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence

from linewatch.storage.store import Store

#: the kinds a retention review covers, and the columns that identify one of their records
REVIEWED_KINDS: dict[str, tuple[str, ...]] = {
    "nominals": ("source_system", "record_id"),
    "intel": ("report_id",),
}
_SEPARATOR = "\x1f"


def _secret(store: Store) -> bytes:
    row = store.query_one("SELECT secret FROM retention_key WHERE key_id = 1")
    if row is not None:
        return bytes.fromhex(str(row[0]))
    secret = secrets.token_hex(32)
    store.execute("INSERT INTO retention_key (key_id, secret, created_at) VALUES (1, ?, ?)",
                  [secret, dt.datetime.now(dt.UTC).replace(tzinfo=None)])
    return bytes.fromhex(secret)


def identity_hash(store: Store, kind: str, key: Sequence[object]) -> str:
    """HMAC-SHA256 (hex) of a record's kind and key values under the store's retention key."""
    return _hash(_secret(store), kind, key)


def _hash(secret: bytes, kind: str, key: Sequence[object]) -> str:
    text = _SEPARATOR.join([kind, *("" if v is None else str(v) for v in key)])
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


def tombstoned(store: Store, kind: str, rows: Iterable[tuple[object, Sequence[object]]]
               ) -> list[object]:
    """The ids (first item of each ``(id, key values)``) of rows whose identity a deletion
    tombstoned; empty at once when ``kind`` has no tombstones (or the store predates them)."""
    if kind not in REVIEWED_KINDS or not store.table_exists("retention_tombstones") or \
            not store.scalar(
            "SELECT count(*) FROM retention_tombstones WHERE kind = ?", [kind]):
        return []
    hashes = {r[0] for r in store.query(
        "SELECT key_hash FROM retention_tombstones WHERE kind = ?", [kind])}
    secret = _secret(store)
    return [row_id for row_id, key in rows if _hash(secret, kind, key) in hashes]
