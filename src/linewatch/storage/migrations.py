"""Versioned schema migrations. Append a new :class:`Migration`; never edit an applied one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linewatch.schema.contract import KINDS


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    build: Callable[[], list[str]]

    def statements(self) -> list[str]:
        return self.build()


def _v1_contract_tables() -> list[str]:
    statements = []
    for kind in KINDS.values():
        cols = ", ".join(f"{name} {ctype}" for name, ctype in kind.storage_columns())
        statements.append(f"CREATE TABLE IF NOT EXISTS {kind.name} ({cols})")
    statements += [
        "CREATE SEQUENCE IF NOT EXISTS batch_seq START 1",
        "CREATE SEQUENCE IF NOT EXISTS file_seq START 1",
        """CREATE TABLE IF NOT EXISTS import_batches (
            batch_id BIGINT PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
            paths VARCHAR[], kinds VARCHAR[], rows_imported BIGINT, rows_quarantined BIGINT,
            rows_duplicate BIGINT, files_skipped BIGINT, mapping VARCHAR, code_version VARCHAR,
            user_name VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS import_files (
            file_id BIGINT PRIMARY KEY, batch_id BIGINT, path VARCHAR, kind VARCHAR,
            sha256 VARCHAR, size_bytes BIGINT, format VARCHAR, encoding VARCHAR,
            rows_read BIGINT, rows_imported BIGINT, rows_quarantined BIGINT)""",
        """CREATE TABLE IF NOT EXISTS quarantine (
            batch_id BIGINT, file_id BIGINT, kind VARCHAR, path VARCHAR, row_number BIGINT,
            line_number BIGINT, field VARCHAR, reason VARCHAR, action VARCHAR, raw JSON)""",
        """CREATE TABLE IF NOT EXISTS analysis_runs (
            run_id VARCHAR PRIMARY KEY, stage VARCHAR, started_at TIMESTAMP,
            finished_at TIMESTAMP, status VARCHAR, params JSON, input_batches BIGINT[],
            code_version VARCHAR, summary JSON)""",
    ]
    return statements


def _v2_analyst_labels() -> list[str]:
    return ["""CREATE TABLE IF NOT EXISTS analyst_labels (
        label_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, subject JSON NOT NULL,
        shown_as VARCHAR, value VARCHAR, verdict VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        user_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, run_id VARCHAR,
        withdrawn_at TIMESTAMP, withdrawn_by VARCHAR)"""]


MIGRATIONS: list[Migration] = [
    Migration(1, "contract v1 tables, import batches, quarantine, analysis runs",
              _v1_contract_tables),
    Migration(2, "analyst labels (confirmed and rejected detections)", _v2_analyst_labels),
]
