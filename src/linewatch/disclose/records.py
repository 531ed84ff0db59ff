"""The recorded inputs of a run, copied from the case store into a scratch store.

An analysis reads the record tables (the imported kinds, and the records people add: merges,
overrides, referrals, operations). A run recorded which import batches it saw; the scratch
store gets exactly the rows of those batches, and of the other records the rows that existed
when the run started (later ones are left out, and a revocation or undo made after the run
is taken back). Sessions, the audit log, jobs, tokens and earlier run records are not inputs
and are not copied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from linewatch.storage import Store, check_identifier

#: record tables that no analysis reads; ``entity_members`` is what the latest run left (the
#: re-run keeps its own), watches and alerts are users' and raised after runs
NOT_INPUTS = frozenset({"schema_migrations", "analysis_runs", "users", "web_sessions",
                        "audit_log", "jobs", "api_tokens", "tip_queue", "tip_triage",
                        "analyst_labels", "entity_members", "watches", "alerts"})
#: tables keyed by import batch through a ``batch_id`` column
BATCH_TABLES = frozenset({"import_batches", "import_files", "quarantine", "ingest_flags"})
#: columns that date a record's creation: rows newer than the run are not its inputs
CREATED = ("created_at", "updated_at", "added_at", "decided_at", "extracted_at")
#: (table, when column, columns cleared): a later revocation or undo is taken back
LATER_CHANGES = (
    ("target_overrides", "revoked_at", ("revoked_at", "revoked_by", "revoke_reason")),
    ("person_overrides", "undone_at", ("undone_at", "undone_by")),
)


def input_tables(case: Store, scratch: Store) -> list[str]:
    """Record tables present in both stores that an analysis may read (never a stage's
    output table: the scratch store's outputs are the re-run's own)."""
    from linewatch.disclose.canonical import output_tables

    outputs = output_tables()
    return sorted(t for t in _tables(scratch)
                  if t not in NOT_INPUTS and t not in outputs and case.table_exists(t))


def copy_batches(case: Store, scratch: Store, batches: Sequence[int]) -> int:
    """Copy the rows of import ``batches`` not yet in ``scratch``; returns rows copied."""
    have = {int(r[0]) for r in scratch.query("SELECT batch_id FROM import_batches")}
    wanted = sorted(set(batches) - have)
    if not wanted:
        return 0
    copied = 0
    for table in input_tables(case, scratch):
        columns = case.columns(table)
        key = "_batch" if "_batch" in columns else "batch_id" if table in BATCH_TABLES else None
        if key is None:
            continue
        copied += _copy(case, scratch, table,
                        f"list_contains(?::BIGINT[], {key})", [wanted])
    return copied


def copy_records_as_of(case: Store, scratch: Store, when: dt.datetime) -> int:
    """Replace the scratch store's non-batch records with the case store's as they stood at
    ``when``; returns rows copied."""
    copied = 0
    for table in input_tables(case, scratch):
        columns = case.columns(table)
        if "_batch" in columns or table in BATCH_TABLES:
            continue
        name = check_identifier(table)
        scratch.execute(f"DELETE FROM {name}")  # noqa: S608 - checked identifier
        dated = [c for c in CREATED if c in columns]
        where = f"{dated[0]} IS NULL OR {dated[0]} <= ?" if dated else "true"
        copied += _copy(case, scratch, table, where, [when] if dated else [])
    for table, column, cleared in LATER_CHANGES:
        if scratch.table_exists(table):
            sets = ", ".join(f"{c} = NULL" for c in cleared)
            scratch.execute(f"UPDATE {check_identifier(table)} SET {sets} "  # noqa: S608 - fixed names
                            f"WHERE {column} > ?", [when])
    return copied


def _copy(case: Store, scratch: Store, table: str, where: str, params: list[Any]) -> int:
    name = check_identifier(table)
    data = case.query_arrow(f"SELECT * FROM {name} WHERE {where}", params)  # noqa: S608 - checked identifier, fixed clause
    if data.num_rows:
        scratch.write_arrow(table, data, mode="append")
    return int(data.num_rows)


def _tables(store: Store) -> list[str]:
    return [r[0] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = "
        "current_database() AND table_schema = 'main' AND table_type = 'BASE TABLE'")]
