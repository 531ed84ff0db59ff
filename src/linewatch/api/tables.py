"""The web app's own tables, created on start-up with ``CREATE TABLE IF NOT EXISTS``.

They live beside the analysis tables in the same store: ``users``, ``web_sessions`` (so logout
and disabling a user revoke sessions at once), ``audit_log`` (append-only, hash-chained) and
``tip_extractions`` (what text extraction found in each public tip).
"""

from __future__ import annotations

import weakref

from linewatch.storage import Store

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS users (
        name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, disabled BOOLEAN NOT NULL DEFAULT FALSE,
        disabled_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS web_sessions (
        session_id VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL,
        revoked BOOLEAN NOT NULL DEFAULT FALSE)""",
    """CREATE TABLE IF NOT EXISTS audit_log (
        seq BIGINT PRIMARY KEY, "at" TIMESTAMP NOT NULL, user_name VARCHAR NOT NULL,
        action VARCHAR NOT NULL, target VARCHAR, detail JSON, reason VARCHAR,
        prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS tip_extractions (
        tip_id VARCHAR, extraction JSON, extracted_at TIMESTAMP)""",
)


_READY: weakref.WeakSet[Store] = weakref.WeakSet()


def ensure_tables(store: Store) -> None:
    """Create the web app's tables when they are missing (idempotent, once per store)."""
    if store in _READY:
        return
    for statement in STATEMENTS:
        store.execute(statement)
    _READY.add(store)
