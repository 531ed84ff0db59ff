"""Small helpers for reading the store from routes: missing tables read as empty.

The analysis stages create their output tables when they first run, so every read here
checks that its tables exist and returns ``[]`` / ``None`` when they do not yet.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import weakref
from collections.abc import Iterable
from typing import Any

from linewatch.api.memory import NotCached, answering_from_memory
from linewatch.storage import Store
from linewatch.storage.store import Params

_TABLES: weakref.WeakKeyDictionary[Store, tuple[float, frozenset[str]]] = (
    weakref.WeakKeyDictionary())
_TABLES_TTL = 2.0


def table_names(store: Store, max_age: float = _TABLES_TTL) -> frozenset[str]:
    """Names of the store's tables, re-read when the list is older than ``max_age`` seconds.

    The list is replaced, never dropped, so memory-only readers always find one.
    """
    cached = _TABLES.get(store)
    if answering_from_memory():  # never a query; a list a few seconds old will do
        if cached is None:
            raise NotCached("table names")
        return cached[1]
    now = time.monotonic()
    if cached is None or now - cached[0] > max_age:
        names = frozenset(r[0] for r in store.query(
            "SELECT table_name FROM information_schema.tables"))
        _TABLES[store] = (now, names)
        return names
    return cached[1]


def table_exists(store: Store, name: str) -> bool:
    """Whether ``name`` exists (through the store's lock, unlike a raw catalogue call)."""
    return name in table_names(store)


def columns(store: Store, name: str) -> list[str]:
    return [r[0] for r in store.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [name])]


def rows(store: Store, tables: Iterable[str], sql: str, params: Params = None,
         json_keys: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Run ``sql`` when every table in ``tables`` exists, else return ``[]``."""
    if answering_from_memory():
        raise NotCached("a query")
    for table in tables:
        if not table_exists(store, table):
            return []
    result = store.query_dicts(sql, params)
    keys = tuple(json_keys)
    if keys:
        for row in result:
            for key in keys:
                row[key] = parse_json(row.get(key))
    return result


def one(store: Store, tables: Iterable[str], sql: str, params: Params = None,
        json_keys: Iterable[str] = ()) -> dict[str, Any] | None:
    found = rows(store, tables, sql, params, json_keys)
    return found[0] if found else None


def parse_json(value: Any) -> Any:
    """DuckDB hands JSON columns back as text: decode them (leave anything else)."""
    if isinstance(value, str | bytes) and value[:1] in ("{", "[", b"{", b"["):
        try:
            return json.loads(value)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return value
    return value


def parse_time(value: str | None) -> dt.datetime | None:
    """An ISO date or date-time from a query string, as naive UTC (None when empty)."""
    if value is None or not str(value).strip():
        return None
    from linewatch.errors import InputError

    text = str(value).strip().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"'{value[:40]}' is not an ISO date or time") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(value: Any) -> str:
    """``3 Jan 2024`` for evidence labels (English month names whatever the locale)."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return str(value or "")


def span(first: Any, last: Any) -> str:
    if not first:
        return ""
    a, b = short_date(first), short_date(last)
    return a if a == b else f"{a} – {b}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
