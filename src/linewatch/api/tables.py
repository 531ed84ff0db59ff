"""The web app's own tables, declared by the store's migrations (version 3).

They live beside the analysis tables in the same store: ``users``, ``web_sessions`` (so logout
and disabling a user revoke sessions at once), ``audit_log`` (append-only, hash-chained) and
``tip_extractions`` (what text extraction found in each public tip). Their columns are in
``storage/migrations.py``; a change to them is a new migration there.
"""

from __future__ import annotations

from linewatch.storage import Store

TABLES = ("users", "web_sessions", "audit_log", "tip_extractions")


def ensure_tables(store: Store) -> None:
    """Make sure the store's schema (and so the web app's tables) is up to date."""
    store.ensure_schema()
