"""Values kept as written but flagged: non-standard identifiers and phone numbers of odd layout.

Records typed by people hold identifiers in old or foreign layouts, and phone numbers that are
not possible UK or international numbers. Rejecting them would lose the link they make, so
ingest keeps them exactly as written and notes each in ``ingest_flags`` (file, row, field,
value and why), where the ingest status and an analyst can see them.

A phone number a relationship names in a usable layout is cleaned as call data is (E.164, by
:mod:`linewatch.schema.types.phone`), so the link meets the calls of that number; the number
as written is kept in the row's ``attrs`` (``from_ref_raw`` / ``to_ref_raw``).
"""

# ruff: noqa: S608 - table and column names come from the contract, never from the records

from __future__ import annotations

import json

from linewatch.errors import CleanError
from linewatch.schema.contract import IDENTIFIER_FIELDS, Kind
from linewatch.schema.types import identifiers, phone
from linewatch.storage import Store


def flag_values(store: Store, kind: Kind, batch_id: int, file_id: int, path: str) -> int:
    """Flag the file's kept-as-written values; returns how many were flagged."""
    found: list[tuple[int, str, str, str]] = []
    if kind.name == "nominals":
        for name in IDENTIFIER_FIELDS:
            rows = store.query(f"SELECT _row, {name} FROM nominals WHERE _file = ? AND "
                               f"{name} IS NOT NULL", [file_id])
            for row, value in rows:
                reason = identifiers.problem(name, value)
                if reason:
                    found.append((int(row), name, str(value), reason))
    elif kind.name == "relationships":
        for end in ("from", "to"):
            rows = store.query(
                f"SELECT _row, {end}_ref FROM relationships WHERE _file = ? AND "
                f"({end}_type = 'phone' OR {end}_ref_type = 'phone')", [file_id])
            cleaned: list[tuple[str, str, int]] = []
            for row, value in rows:
                reason = _phone_problem(str(value))
                if reason:
                    found.append((int(row), f"{end}_ref", str(value), reason))
                elif (e164 := phone.clean(str(value))) != value:
                    cleaned.append((e164, json.dumps({f"{end}_ref_raw": str(value)}), int(row)))
            if cleaned:
                store.executemany(
                    f"UPDATE relationships SET {end}_ref = ?, attrs = json_merge_patch("
                    "coalesce(attrs, '{}'), ?) WHERE _file = ? AND _row = ?",
                    [(e164, raw, file_id, row) for e164, raw, row in cleaned])
    if found:
        store.executemany(
            "INSERT INTO ingest_flags (batch_id, file_id, kind, path, row_number, field, value, "
            "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(batch_id, file_id, kind.name, path, row, name, value, reason)
             for row, name, value, reason in found])
    return len(found)


def _phone_problem(value: str) -> str | None:
    try:
        phone.clean(value)
    except CleanError as exc:
        return f"{exc}; kept as written"
    return None
