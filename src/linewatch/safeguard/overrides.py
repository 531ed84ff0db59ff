"""Supervisor overrides of the victim-first rule, recorded and revocable.

A person flagged for safeguarding is kept off the target list. Only a supervisor's override,
with a written reason, lets them back on; the override is an auditable row that is never
deleted: revoking it stamps ``revoked_at`` (with who and why) and the person leaves the list
again at once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from linewatch.errors import LinewatchError, NotFound
from linewatch.people.targets import active_overrides, list_overrides, write_target_list
from linewatch.safeguard.identity import possible_same_as_flagged
from linewatch.storage import Store

__all__ = ["active_overrides", "add_target_override", "ensure_overrides_table", "list_overrides",
           "revoke_target_override"]


def ensure_overrides_table(store: Store) -> None:
    """``target_overrides`` is declared by the store's migrations: make sure they ran."""
    store.ensure_schema()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def add_target_override(store: Store, person_id: str, user: str, reason: str) -> dict[str, Any]:
    """Record a supervisor's override letting a safeguarding-flagged person be targeted.

    ``user`` and ``reason`` are required (never anonymous, never unexplained). The target list
    is rebuilt at once so that the person appears there with the reason.
    """
    user, reason = (user or "").strip(), (reason or "").strip()
    if not user:
        raise LinewatchError("an override needs the supervisor's user name")
    if len(reason) < 10:
        raise LinewatchError("an override needs a written reason (at least 10 characters)")
    if store.table_exists("persons") and not store.scalar(
            "SELECT count(*) FROM persons WHERE person_id = ?", [person_id]):
        raise NotFound(f"no person '{person_id}'")
    ensure_overrides_table(store)
    row = {"override_id": f"OVR-{uuid.uuid4().hex[:10]}", "person_id": person_id,
           "user_name": user, "reason": reason, "created_at": _now()}
    store.execute(
        "INSERT INTO target_overrides (override_id, person_id, user_name, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [row["override_id"], person_id, user, reason, row["created_at"]])
    _refresh_targets(store)
    return {**row, "revoked_at": None}


def revoke_target_override(store: Store, override_id: str, user: str,
                           reason: str | None = None) -> dict[str, Any]:
    """Revoke an override (kept for audit); the person leaves the target list again."""
    ensure_overrides_table(store)
    rows = store.query_dicts("SELECT * FROM target_overrides WHERE override_id = ?",
                             [override_id])
    if not rows:
        raise NotFound(f"no override '{override_id}'")
    if rows[0]["revoked_at"] is not None:
        raise LinewatchError(f"override '{override_id}' was already revoked")
    if not (user or "").strip():
        raise LinewatchError("revoking an override needs the user name")
    store.execute("UPDATE target_overrides SET revoked_at = ?, revoked_by = ?, "
                  "revoke_reason = ? WHERE override_id = ?",
                  [_now(), user.strip(), reason, override_id])
    _refresh_targets(store)
    return store.query_dicts("SELECT * FROM target_overrides WHERE override_id = ?",
                             [override_id])[0]


def _refresh_targets(store: Store) -> None:
    if store.table_exists("person_priority"):
        write_target_list(store, possible_same_as=possible_same_as_flagged)
