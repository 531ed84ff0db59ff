"""What the store holds: rows and quarantined rows per kind, and import batches."""

from __future__ import annotations

from typing import Any

from linewatch.schema.contract import CONTRACT_VERSION, INPUT_CONTRACT_VERSION, KINDS
from linewatch.storage import Store


def store_status(store: Store) -> dict[str, Any]:
    quarantined = dict(store.query(
        "SELECT kind, count(*) FROM quarantine WHERE action <> 'value_rejected' GROUP BY kind"))
    values = dict(store.query(
        "SELECT kind, count(*) FROM quarantine WHERE action = 'value_rejected' GROUP BY kind"))
    flagged = dict(store.query("SELECT kind, count(*) FROM ingest_flags GROUP BY kind"))
    kinds = {
        name: {"rows": store.count(name), "quarantined": int(quarantined.get(name, 0)),
               "values_rejected": int(values.get(name, 0)),
               "values_flagged": int(flagged.get(name, 0))}
        for name in KINDS
    }
    batches = store.query_dicts(
        "SELECT batch_id, started_at, finished_at, kinds, rows_imported, rows_quarantined, "
        "rows_duplicate, user_name, code_version FROM import_batches ORDER BY batch_id")
    runs = store.query_dicts(
        "SELECT run_id, stage, status, finished_at FROM analysis_runs ORDER BY started_at")
    return {
        "contract_version": held_contract_version(store),
        "results_contract_version": CONTRACT_VERSION,
        "kinds": kinds,
        "batches": len(batches),
        "batch_list": batches,
        "analysis_runs": runs,
        "schema_version": store.schema_version(),
        "db": store.path,
    }


def held_contract_version(store: Store) -> int:
    """The input contract version the store's record tables hold: the newest version whose
    kinds all have their table (a store migrated to contract v2 holds 2)."""
    held = 1
    for version in range(2, INPUT_CONTRACT_VERSION + 1):
        if all(store.table_exists(k.name) for k in KINDS.values() if k.since == version):
            held = version
    return held
