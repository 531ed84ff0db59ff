"""The operations stage's own tables (their columns are in ``storage/migrations.py``).

* ``operations``: one row per operation (plan and status; who created and who approved it).
* ``operation_addresses``: the addresses of a plan, their force and planned entry time, and
  their status on the day.
* ``operation_targets``: people in the plan (targets to arrest, people to safeguard).
* ``operation_log``: every change to a plan and every status transition (who, when, what).
* ``operation_results``: what happened, per address and person, and every item seized; the
  record the summary is written from. Superseded rows are kept (``superseded`` set).
* ``operation_partner_forces``: which force a partner user belongs to (their sanitised part).

Outcomes are also written into the contract tables ``events`` and ``seizures`` (source system
``ops:<operation_id>``) with an ``import_batches`` row as their provenance.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from linewatch.storage import Store

STATUSES = ("draft", "approved", "executed", "closed")
DAY_STATUSES = ("planned", "en_route", "entered", "secured", "searching", "complete",
                "aborted")

TABLES = ("operations", "operation_addresses", "operation_targets", "operation_log",
          "operation_results", "operation_partner_forces")


def ensure_tables(store: Store) -> None:
    """Make sure the store's schema (and so the operations tables) is up to date."""
    store.ensure_schema()


def now() -> dt.datetime:
    """Naive UTC now, as every time in the store."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def log(store: Store, operation_id: str, user: str, action: str, *,
        from_status: str | None = None, to_status: str | None = None,
        detail: dict[str, Any] | None = None) -> None:
    """Append one entry to the operation's log."""
    store.execute(
        "INSERT INTO operation_log (operation_id, \"at\", user_name, action, from_status, "
        "to_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [operation_id, now(), user, action, from_status, to_status,
         json.dumps(detail or {}, default=str, ensure_ascii=False)])


def parse_json(value: Any) -> Any:
    """DuckDB returns JSON columns as text: decode them."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def has(store: Store, *tables: str) -> bool:
    """Whether every one of ``tables`` exists (other stages' tables may not yet)."""
    return all(store.table_exists(t) for t in tables)
