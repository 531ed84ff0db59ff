"""The operations stage's own tables, created with ``CREATE TABLE IF NOT EXISTS``.

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

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS operations (
        operation_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, investigation VARCHAR,
        planned_at TIMESTAMP, entry_window_min INTEGER, status VARCHAR NOT NULL,
        line_ids VARCHAR[], created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        approved_by VARCHAR, approved_at TIMESTAMP, approved_hash VARCHAR,
        executed_at TIMESTAMP, closed_at TIMESTAMP, notes VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS operation_addresses (
        operation_id VARCHAR NOT NULL, address_id VARCHAR NOT NULL, address VARCHAR,
        postcode VARCHAR, force VARCHAR, force_uncertain BOOLEAN, force_basis VARCHAR,
        lat DOUBLE, lon DOUBLE, planned_entry TIMESTAMP, source VARCHAR, reason VARCHAR,
        line_ids VARCHAR[], day_status VARCHAR, day_status_at TIMESTAMP,
        day_status_by VARCHAR, added_by VARCHAR, added_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS operation_targets (
        operation_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        address_id VARCHAR, source VARCHAR, reason VARCHAR, added_by VARCHAR,
        added_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS operation_log (
        operation_id VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL, user_name VARCHAR NOT NULL,
        action VARCHAR NOT NULL, from_status VARCHAR, to_status VARCHAR, detail JSON)""",
    """CREATE TABLE IF NOT EXISTS operation_results (
        operation_id VARCHAR NOT NULL, result_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        address_id VARCHAR, person_id VARCHAR, occurred_at TIMESTAMP,
        warrant_executed BOOLEAN, arrested BOOLEAN, offence VARCHAR, disposal VARCHAR,
        charge VARCHAR, safeguarded BOOLEAN, referral VARCHAR, age INTEGER, sex VARCHAR,
        town VARCHAR, child BOOLEAN, item_type VARCHAR, drug_name VARCHAR, drug_class VARCHAR,
        quantity DOUBLE, unit VARCHAR, value_gbp DOUBLE, description VARCHAR, imei VARCHAR,
        number VARCHAR, vrm VARCHAR, ref VARCHAR, note VARCHAR, event_ids VARCHAR[],
        seizure_id VARCHAR, batch_id BIGINT, recorded_by VARCHAR NOT NULL,
        recorded_at TIMESTAMP NOT NULL, superseded BOOLEAN NOT NULL DEFAULT FALSE)""",
    """CREATE TABLE IF NOT EXISTS operation_partner_forces (
        user_name VARCHAR PRIMARY KEY, force VARCHAR NOT NULL, set_by VARCHAR,
        set_at TIMESTAMP)""",
)


def ensure_tables(store: Store) -> None:
    """Create the operations tables when they are missing (idempotent)."""
    for statement in STATEMENTS:
        store.execute(statement)


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
