"""All-or-nothing import of bundles into the store.

One call of :func:`ingest_paths` is one transaction: every file is staged, cleaned, checked for
duplicates and written, bad rows go to ``quarantine`` with file, row, field and reason, and only
then is the whole import committed. Any error (or a crash, or a kill) leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import getpass
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.progress import Progress

from linewatch.errors import InputError
from linewatch.ingest.cleaning import FieldSql, missing_required, plan_fields
from linewatch.ingest.files import SourceFile, discover, sha256_of
from linewatch.ingest.flags import flag_values
from linewatch.ingest.mapping import Mapping, load_mappings
from linewatch.ingest.phones import build_fallback_map
from linewatch.ingest.staging import Staged, stage
from linewatch.ingest.transform import Table, find_files, prepare
from linewatch.ingest.writing import FileSql, apply_fallback, check_table, write_file
from linewatch.storage import Store
from linewatch.storage.runs import code_version


@dataclass
class FileReport:
    path: str
    kind: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0
    values_rejected: int = 0
    values_flagged: int = 0
    rows_filtered: int = 0
    rows_tombstoned: int = 0
    skipped: str | None = None


@dataclass
class IngestReport:
    batch_id: int | None
    files: list[FileReport] = field(default_factory=list)

    @property
    def rows_imported(self) -> int:
        return sum(f.rows_imported for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    @property
    def rows_duplicate(self) -> int:
        return sum(f.rows_duplicate for f in self.files)

    @property
    def rows_tombstoned(self) -> int:
        """Rows of records deleted under retention review, left out of this import."""
        return sum(f.rows_tombstoned for f in self.files)

    def by_kind(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for f in self.files:
            entry = out.setdefault(f.kind, {"imported": 0, "quarantined": 0, "duplicate": 0})
            entry["imported"] += f.rows_imported
            entry["quarantined"] += f.rows_quarantined
            entry["duplicate"] += f.rows_duplicate
        return out


STRICT_KINDS = {"cdr", "cells", "anpr"}
#: kinds whose values may be kept as written and flagged (see ``flags.py``)
FLAGGED_KINDS = {"nominals", "relationships"}


def ingest_paths(store: Store, paths: list[Path] | list[str], *, kind: str | None = None,
                 mapping: Mapping | Path | str | None = None, progress: Progress | None = None,
                 user: str | None = None) -> IngestReport:
    """Import files and bundles; returns what was imported, quarantined and skipped.

    ``mapping`` may hold several documents: those naming a ``file`` read it from the folders
    given (a folder need not be a contract bundle then); one document without a ``file``
    applies to the files found as usual.
    """
    docs = load_mappings(Path(mapping)) if isinstance(mapping, str | Path) else (
        [mapping] if mapping is not None else [])
    roots = [Path(p) for p in paths]
    plans: list[tuple[SourceFile, Mapping | None]] = [
        (SourceFile(found, doc.kind, "csv"), doc)
        for doc in docs if doc.file and doc.kind is not None
        for found in find_files(doc, roots)]
    general = [doc for doc in docs if not doc.file]
    if len(general) > 1:
        raise InputError("only one mapping document may leave out 'file'",
                         file=general[1].where_is("kind"))
    loaded = general[0] if general else None
    if loaded is not None and loaded.kind is not None and kind is None:
        kind = loaded.kind.name
    if not plans or loaded is not None:
        plans += [(source, loaded) for source in discover(roots, kind)]
    if not plans:
        raise InputError("no input files found (expected <kind>.csv, .parquet or .jsonl files)",
                         file=", ".join(map(str, paths)))
    report = IngestReport(batch_id=None)
    task = progress.add_task("ingest", total=len(plans)) if progress else None
    cache: dict[Path, Table] = {}
    with store.transaction(), tempfile.TemporaryDirectory(prefix="linewatch-ingest-") as tmp:
        batch_id = int(store.scalar("SELECT nextval('batch_seq')"))
        started = utc_now()
        for source, doc in plans:
            if progress is not None and task is not None:
                progress.update(task, description=f"{source.kind.name}: {source.path.name}")
            report.files.append(_import_file(store, source, batch_id, doc, Path(tmp), cache))
            if progress is not None and task is not None:
                progress.advance(task)
        imported = [f for f in report.files if f.skipped is None]
        if imported:
            report.batch_id = batch_id
            store.execute(
                "INSERT INTO import_batches (batch_id, started_at, finished_at, paths, kinds, "
                "rows_imported, rows_quarantined, rows_duplicate, files_skipped, mapping, "
                "code_version, user_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [batch_id, started, utc_now(), [str(p) for p in paths],
                 sorted({f.kind for f in imported}), report.rows_imported,
                 report.rows_quarantined, report.rows_duplicate,
                 len(report.files) - len(imported), docs[0].source if docs else None,
                 code_version(), user or user_name()])
    store.checkpoint()
    return report


def _import_file(store: Store, source: SourceFile, batch_id: int,
                 mapping: Mapping | None, workdir: Path, cache: dict[Path, Table]
                 ) -> FileReport:
    report = FileReport(str(source.path), source.kind.name)
    name = f"stg_{uuid.uuid4().hex[:10]}"
    prepared = None
    if mapping is not None and mapping.is_v2:
        prepared = prepare(store, mapping, source.path, name, workdir, cache)
        report.rows_filtered = prepared.rows_filtered
        mapping = prepared.residual
    digest = prepared.digest if prepared else sha256_of(source.path)
    seen = store.query_one("SELECT file_id, batch_id FROM import_files WHERE sha256 = ? AND kind = ?",
                           [digest, source.kind.name])
    if seen:
        report.skipped = f"already imported (batch {seen[1]})"
        if prepared is not None:
            store.execute(f"DROP VIEW IF EXISTS {name}")
        return report
    staged = prepared.staged if prepared else stage(store, source, name, workdir)
    file_id = int(store.scalar("SELECT nextval('file_seq')"))
    if staged.empty:
        report.skipped = "empty file: nothing to import"
        _record_file(store, file_id, batch_id, source, digest, staged, report)
        return report
    plans: list[FieldSql] = []
    extras: list[str] = []
    check, fallback_table = f"{name}_chk", f"{name}_fb"
    strict = source.kind.name in STRICT_KINDS
    fields: frozenset[str] = frozenset()
    if staged.columns:
        usable = mapping if (mapping and (mapping.kind is None or
                                          mapping.kind.name == source.kind.name)) else None
        missing = missing_required(source.kind, staged.columns, usable)
        if missing:
            raise InputError(f"missing required column(s): {', '.join(missing)}; the whole "
                             "file was refused", file=source.name, field=missing[0])
        plans, extras = plan_fields(source.kind, staged.columns, usable, source.name,
                                    pending=True)
        first = FileSql(source.kind, staged, plans, extras, None, frozenset(), strict)
        check_table(store, first, check)
        fields = build_fallback_map(store, check, plans, fallback_table)
        if fields:
            apply_fallback(store, first, check, fallback_table, fields)
        plans, extras = plan_fields(source.kind, staged.columns, usable, source.name, fields)
    sql = FileSql(source.kind, staged, plans, extras, fallback_table if fields else None,
                  fields, strict)
    counts = write_file(store, sql, batch_id, file_id, str(source.path), check)
    for key, value in vars(counts).items():
        setattr(report, key, value)
    if source.kind.name in FLAGGED_KINDS:
        report.values_flagged = flag_values(store, source.kind, batch_id, file_id,
                                            str(source.path))
    _record_file(store, file_id, batch_id, source, digest, staged, report)
    store.execute(f"DROP {'VIEW' if staged.is_view else 'TABLE'} IF EXISTS {name}")
    store.execute(f"DROP TABLE IF EXISTS {name}_fb")
    return report


def _record_file(store: Store, file_id: int, batch_id: int, source: SourceFile, digest: str,
                 staged: Staged, report: FileReport) -> None:
    store.execute(
        "INSERT INTO import_files (file_id, batch_id, path, kind, sha256, size_bytes, format, "
        "encoding, rows_read, rows_imported, rows_quarantined) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [file_id, batch_id, str(source.path), source.kind.name, digest,
         source.path.stat().st_size, source.format, staged.encoding, report.rows_read,
         report.rows_imported, report.rows_quarantined + report.rows_duplicate])


def utc_now() -> dt.datetime:
    """Now, as naive UTC (how the store keeps times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def user_name() -> str:
    """The operating-system user running the import (recorded with the batch)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "unknown"


def describe(report: IngestReport) -> dict[str, Any]:
    """A JSON-ready summary of an import."""
    return {
        "batch_id": report.batch_id, "rows_imported": report.rows_imported,
        "rows_quarantined": report.rows_quarantined, "rows_duplicate": report.rows_duplicate,
        "rows_tombstoned": report.rows_tombstoned,
        "files": [vars(f) for f in report.files],
    }
