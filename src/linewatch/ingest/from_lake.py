"""Filling a case store from a lake's cleaned records, without re-ingesting the raw files.

The lake (:mod:`linewatch.storage.lake`) holds records ingest has already cleaned, so a case
takes them as they are: the call records of a date range (read only from those day
partitions) and/or of a set of numbers (with ``hops``, also the records of the numbers they
were in contact with), the cell sites those calls used, and the subscriber records of every
number in them. One fill is one import batch, all or nothing, like ``ingest``: an
``import_batches`` row naming the lake and ``import_files`` one row per kind read, whose path
says what was selected. Each record gets the new batch and file and its row number within
the selection (in the order of its provenance in the lake); a record the case store already
holds (the kind's key, as ingest compares) is left out and counted as a duplicate.
"""

# ruff: noqa: S608 - SQL built from the contract's field names, this module's temporary table names and checked identifiers; values and paths are bound parameters

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linewatch.errors import InputError
from linewatch.ingest.importer import user_name, utc_now
from linewatch.ingest.writing import key_columns
from linewatch.schema.contract import KINDS
from linewatch.storage import Store, check_identifier
from linewatch.storage.lake import MANIFEST, is_uri, local_kinds
from linewatch.storage.runs import code_version

MAX_HOPS = 2


@dataclass(frozen=True)
class LakeSelection:
    """What a case takes from the lake: days (inclusive, ISO dates) and numbers (E.164)."""

    first_day: dt.date | None = None
    last_day: dt.date | None = None
    numbers: tuple[str, ...] = ()
    hops: int = 0

    def check(self) -> None:
        if self.first_day is None and self.last_day is None and not self.numbers:
            raise InputError("choose what the case takes: a date range (--from/--to) and/or "
                             "numbers (--number); a whole lake is not a case")
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise InputError(f"the range ends ({self.last_day}) before it starts "
                             f"({self.first_day})", field="to")
        if not 0 <= self.hops <= MAX_HOPS:
            raise InputError(f"hops must be 0 to {MAX_HOPS}", field="hops")
        if self.hops and not self.numbers:
            raise InputError("hops need numbers to start from (--number)", field="hops")

    def describe(self) -> str:
        days = f"days {self.first_day or '…'} to {self.last_day or '…'}" if (
            self.first_day or self.last_day) else "every day"
        if not self.numbers:
            return days
        hops = f", {self.hops} hop{'s' if self.hops != 1 else ''}" if self.hops else ""
        return f"{days}; numbers {', '.join(self.numbers)}{hops}"


@dataclass
class LakeFill:
    batch_id: int | None
    selection: str
    rows: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    numbers: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "selection": self.selection, "rows": self.rows,
                "rows_duplicate": self.duplicates, "numbers_in_calls": self.numbers}


def fill_from_lake(store: Store, lake: Path, selection: LakeSelection, *,
                   user: str | None = None) -> LakeFill:
    """Copy ``selection``'s records from the local ``lake`` into ``store`` as one batch."""
    selection.check()
    if is_uri(lake):
        raise InputError("a case is filled from a lake on this machine's file system (a "
                         "folder, or a mounted bucket)", file=str(lake))
    if not (lake / MANIFEST).is_file():
        raise InputError(f"not a lake: {lake / MANIFEST} is missing", file=str(lake))
    kinds = local_kinds(lake)
    if "cdr" not in kinds:
        raise InputError("no call records in the lake", file=str(lake))
    store.ensure_schema()
    tag = uuid.uuid4().hex[:10]
    chosen, cells, subs = f"lake_cdr_{tag}", f"lake_cells_{tag}", f"lake_subs_{tag}"
    report = LakeFill(batch_id=None, selection=selection.describe())
    with store.transaction():
        _select_calls(store, lake, selection, chosen)
        if not store.count(chosen):
            raise InputError(f"no call records in the lake match ({selection.describe()})",
                             file=str(lake))
        report.numbers = int(store.scalar(
            f"SELECT count(*) FROM (SELECT a_number FROM {chosen} UNION "
            f"SELECT b_number FROM {chosen})"))
        if "cells" in kinds:
            store.execute(
                f"CREATE TEMP TABLE {cells} AS SELECT * FROM read_parquet(?) WHERE cell_id IN "
                f"(SELECT a_cell_id FROM {chosen} UNION SELECT b_cell_id FROM {chosen})",
                [_files(lake, "cells")])
        if "subscribers" in kinds:
            store.execute(
                f"CREATE TEMP TABLE {subs} AS SELECT * FROM read_parquet(?) WHERE number IN "
                f"(SELECT a_number FROM {chosen} UNION SELECT b_number FROM {chosen})",
                [_files(lake, "subscribers")])
        staged = {"cdr": chosen, "cells": cells, "subscribers": subs}
        batch_id = int(store.scalar("SELECT nextval('batch_seq')"))
        started = utc_now()
        files = [_copy_kind(store, kind, staged[kind], batch_id, lake, selection, report)
                 for kind in kinds]
        for table in staged.values():
            store.execute(f"DROP TABLE IF EXISTS {table}")
        if sum(report.rows.values()):  # else every record was held already: no batch
            report.batch_id = batch_id
            store.executemany(
                "INSERT INTO import_files (file_id, batch_id, path, kind, sha256, size_bytes, "
                "format, encoding, rows_read, rows_imported, rows_quarantined) "
                "VALUES (?, ?, ?, ?, NULL, NULL, 'lake', NULL, ?, ?, ?)", files)
            store.execute(
                "INSERT INTO import_batches (batch_id, started_at, finished_at, paths, kinds, "
                "rows_imported, rows_quarantined, rows_duplicate, files_skipped, mapping, "
                "code_version, user_name) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0, NULL, ?, ?)",
                [batch_id, started, utc_now(), [str(lake.resolve())],
                 sorted(k for k, n in report.rows.items() if n), sum(report.rows.values()),
                 sum(report.duplicates.values()), code_version(), user or user_name()])
    store.checkpoint()
    return report


def _files(lake: Path, kind: str) -> str:
    return str(lake.resolve() / kind / "**" / "*.parquet")


def _select_calls(store: Store, lake: Path, selection: LakeSelection, table: str) -> None:
    """The selected call records into the temporary ``table`` (days read from their
    partitions only; numbers widened by ``hops`` over the calls of those days)."""
    where, params = [], []
    if selection.first_day is not None:
        where.append("day >= ?")
        params.append(selection.first_day.isoformat())
    if selection.last_day is not None:
        where.append("day <= ?")
        params.append(selection.last_day.isoformat())
    if selection.first_day or selection.last_day:
        where.append("day <> 'unknown'")
    days = f"(SELECT * FROM read_parquet(?, hive_partitioning = true, hive_types_autocast = " \
           f"false){' WHERE ' + ' AND '.join(where) if where else ''})"
    base = [_files(lake, "cdr"), *params]
    if not selection.numbers:
        store.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {days}", base)
        return
    wanted = list(selection.numbers)
    for _ in range(selection.hops):
        wanted = sorted({str(r[0]) for r in store.query(
            f"SELECT b_number FROM {days} WHERE list_contains(?, a_number) UNION "
            f"SELECT a_number FROM {days} WHERE list_contains(?, b_number)",
            [*base, wanted, *base, wanted]) if r[0] is not None} | set(wanted))
    store.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {days} WHERE "
                  "list_contains(?, a_number) OR list_contains(?, b_number)",
                  [*base, wanted, wanted])


def _copy_kind(store: Store, kind: str, staged: str, batch_id: int, lake: Path,
               selection: LakeSelection, report: LakeFill) -> list[Any]:
    """Insert the staged rows of ``kind`` the store does not hold, with new provenance;
    returns the kind's ``import_files`` row."""
    name = check_identifier(kind)
    have = set(store.columns(staged))
    columns = [c for c in store.columns(name)
               if c in have and c not in ("_batch", "_file", "_row")]
    keys = key_columns(KINDS[kind])
    held = " AND ".join(f"t.{k} IS NOT DISTINCT FROM s.{k}" for k in keys)
    fresh = (f"SELECT * FROM {staged} s WHERE NOT EXISTS (SELECT 1 FROM {name} t "
             f"WHERE {held})")
    total = store.count(staged)
    file_id = int(store.scalar("SELECT nextval('file_seq')"))
    cols = ", ".join(check_identifier(c) for c in columns)
    store.execute(
        f"INSERT INTO {name} ({cols}, _batch, _file, _row) SELECT {cols}, ?, ?, "
        f"row_number() OVER (ORDER BY _batch, _file, _row) FROM ({fresh})",
        [batch_id, file_id])
    copied = int(store.scalar(f"SELECT count(*) FROM {name} WHERE _batch = ?", [batch_id]))
    report.rows[kind] = copied
    report.duplicates[kind] = total - copied
    return [file_id, batch_id, f"{lake.resolve() / kind} ({selection.describe()})", kind,
            total, copied, total - copied]


def clean_numbers(raw: Sequence[str]) -> tuple[str, ...]:
    """The numbers a user typed, in E.164 as the lake holds them (a bad one is an error)."""
    from linewatch.errors import CleanError
    from linewatch.schema.types.phone import clean

    found = []
    for value in raw:
        try:
            found.append(clean(value))
        except CleanError as exc:
            raise InputError(str(exc), field="number") from exc
    return tuple(sorted(set(found)))
