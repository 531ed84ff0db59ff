"""Watches: a user's standing interest in a number, plate, person, address, line or search.

A watch is a row of ``watches`` (migration 7). Its value is kept clean (a number in E.164, a
plate without spaces, a postcode in its written form), so a watch matches the records however
they were first written. When it is added, what is already known about its subject becomes
its baseline state: only what later imports and runs add raises an alert
(:mod:`linewatch.watch.check`). A watch is removed by its owner (or an admin); the row stays,
marked removed, so its alerts keep their context.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from linewatch.errors import Forbidden, InputError, NotFound
from linewatch.schema.types import phone, plate
from linewatch.storage import Store, identities
from linewatch.vocabulary import WATCH_KINDS
from linewatch.watch.state import current_state

#: what each kind of watch is keyed by, for messages
KIND_HELP = {
    "phone": "a phone number", "plate": "a vehicle registration", "person": "a person id",
    "address": "an address or a postcode", "line": "a line id",
    "search": "words to look for in new records and intelligence",
}
MIN_SEARCH_LENGTH = 3


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def clean_value(store: Store, kind: str, value: str) -> str:
    """``value`` as the watch keeps it; an :class:`InputError` names what is wrong."""
    if kind not in WATCH_KINDS:
        raise InputError(f"cannot watch a '{kind}' (kinds: {', '.join(WATCH_KINDS)})",
                         field="kind")
    text = (value or "").strip()
    if not text:
        raise InputError(f"a {kind} watch needs {KIND_HELP[kind]}", field="value")
    if kind == "phone":
        cleaned = phone.try_clean(text)
        if cleaned is None:
            raise InputError(f"'{text}' is not a phone number", field="value")
        return cleaned
    if kind == "plate":
        vrm = plate.try_clean(text)
        if vrm is None:
            raise InputError(f"'{text}' is not a vehicle registration", field="value")
        return vrm
    if kind in ("person", "line"):
        entity = identities.current_id(store, kind, text.upper())
        if not identities.exists(store, kind, entity):
            raise NotFound(f"no {kind} '{text}' in the latest analysis")
        return entity
    if kind == "search" and len(text) < MIN_SEARCH_LENGTH:
        raise InputError(f"a search needs at least {MIN_SEARCH_LENGTH} characters",
                         field="value")
    return text


def add_watch(store: Store, user: str, kind: str, value: str,
              note: str | None = None) -> dict[str, Any]:
    """Watch ``value``; what is known of it now is the baseline no alert is raised for."""
    cleaned = clean_value(store, kind, value)
    existing = store.query_one(
        "SELECT watch_id FROM watches WHERE user_name = ? AND kind = ? AND value = ? "
        "AND removed_at IS NULL", [user, kind, cleaned])
    if existing is not None:
        raise InputError(f"{user} already watches {kind} {cleaned} ({existing[0]})",
                         field="value")
    watch_id = "W" + uuid.uuid4().hex[:10].upper()
    state = current_state(store, kind, cleaned)
    store.execute(
        "INSERT INTO watches (watch_id, user_name, kind, value, note, created_at, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [watch_id, user, kind, cleaned, note, now(), json.dumps(state, default=str)])
    return get_watch(store, watch_id)


def get_watch(store: Store, watch_id: str) -> dict[str, Any]:
    rows = store.query_dicts(
        "SELECT watch_id, user_name, kind, value, note, created_at, removed_at, removed_by "
        "FROM watches WHERE watch_id = ?", [watch_id])
    if not rows:
        raise NotFound(f"no watch '{watch_id}'")
    return rows[0]


def list_watches(store: Store, user: str | None = None,
                 include_removed: bool = False) -> list[dict[str, Any]]:
    """Watches (one user's, or everyone's when ``user`` is None), newest first."""
    return store.query_dicts(
        "SELECT w.watch_id, w.user_name, w.kind, w.value, w.note, w.created_at, "
        "w.removed_at, w.removed_by, (SELECT count(*) FROM alerts a "
        "WHERE a.watch_id = w.watch_id) AS alerts FROM watches w "
        "WHERE (? IS NULL OR w.user_name = ?) AND (? OR w.removed_at IS NULL) "
        "ORDER BY w.created_at DESC, w.watch_id", [user, user, include_removed])


def remove_watch(store: Store, watch_id: str, user: str, *, admin: bool = False
                 ) -> dict[str, Any]:
    """Stop watching; only the watch's owner or an admin may."""
    found = get_watch(store, watch_id)
    if found["user_name"] != user and not admin:
        raise Forbidden(f"watch {watch_id} belongs to {found['user_name']}")
    if found["removed_at"] is not None:
        raise InputError(f"watch {watch_id} was already removed", field="watch_id")
    store.execute("UPDATE watches SET removed_at = ?, removed_by = ? WHERE watch_id = ?",
                  [now(), user, watch_id])
    return get_watch(store, watch_id)
