"""An analysis's results in the lake, with the record of the runs that made them.

Layout, beside the input kinds of :mod:`linewatch.storage.lake` (``docs/scaling.md``)::

    LAKE/results/run=<run_id>/<table>/part-0.parquet   one folder per output table
    LAKE/_runs/<run_id>.json                           the run record: the stage runs whose
                                                       outputs these are (parameters, input
                                                       batches, code and library versions),
                                                       the import batches they read, and
                                                       each table's rows and run ids

A stage replaces its output tables whole at each run, so a store holds the outputs of the
latest finished run of each stage; :func:`write_results` copies those and names them after one
of those runs (the latest unless told). The record file is written last: a results folder
without it is an interrupted write, and is neither listed nor read. :func:`open_results` gives
an in-memory :class:`Store` whose tables are views of one run's Parquet files and whose
``analysis_runs`` holds the recorded runs, so anything that reads a store's results (the
contract's results export) reads the lake's the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linewatch.errors import InputError, NotFound
from linewatch.storage.runs import code_version
from linewatch.storage.store import Store, _quote_path, check_identifier

RESULTS = "results"
RUNS = "_runs"
RECORD_VERSION = 1
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
#: analysis_runs columns holding JSON text, kept as JSON values in the record
_JSON_COLUMNS = ("params", "summary", "dependencies")


def current_runs(store: Store) -> list[dict[str, Any]]:
    """The latest finished run of each stage (the runs whose outputs the store holds)."""
    if not store.table_exists("analysis_runs"):
        return []
    rows = store.query_dicts(
        "SELECT * EXCLUDE (n) FROM (SELECT *, row_number() OVER (PARTITION BY stage "
        "ORDER BY finished_at DESC) AS n FROM analysis_runs WHERE status = 'done') "
        "WHERE n = 1 ORDER BY finished_at, stage")
    for row in rows:
        for column in _JSON_COLUMNS:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
    return rows


def check_run_id(run_id: str) -> str:
    """A run id as a folder and file name: letters, digits, ``_``, ``.``, ``-`` only."""
    if not _RUN_ID.match(run_id) or ".." in run_id:
        raise InputError(f"'{run_id[:80]}' is not a run id", field="run")
    return run_id


def write_results(store: Store, lake: Path, tables: Sequence[str], *,
                  run_id: str | None = None, replace: bool = False) -> dict[str, Any]:
    """Write ``store``'s output ``tables`` (those it holds) and their run record to ``lake``;
    returns the record. ``run_id`` names the results and must be one of the store's current
    stage runs (default: the latest of them)."""
    runs = current_runs(store)
    if not runs:
        raise InputError("the store holds no finished analysis run: run 'linewatch analyse' "
                         "first")
    ids = [str(r["run_id"]) for r in runs]
    if run_id is None:
        run_id = ids[-1]
    elif run_id not in ids:
        older = store.table_exists("analysis_runs") and store.scalar(
            "SELECT count(*) FROM analysis_runs WHERE run_id = ?", [run_id])
        raise InputError(
            f"run '{run_id}' " + ("was replaced by a later run of its stage: its outputs are "
                                  "no longer in the store" if older else "is not in the store")
            + f" (the store holds the outputs of {', '.join(ids)})", field="run")
    check_run_id(run_id)
    folder = lake / RESULTS / f"run={run_id}"
    record_path = lake / RUNS / f"{run_id}.json"
    if (folder.exists() or record_path.exists()) and not replace:
        raise InputError(f"the lake already holds results of run {run_id} (pass replace to "
                         "rewrite them)", file=str(folder))
    record_path.unlink(missing_ok=True)  # from here until the end, the results are incomplete
    if folder.exists():
        shutil.rmtree(folder)
    written: dict[str, Any] = {}
    for table in tables:
        if not store.table_exists(check_identifier(table)):
            continue
        (folder / table).mkdir(parents=True)
        store.export_parquet(table, folder / table / "part-0.parquet")
        has_run = "run_id" in store.columns(table)
        written[table] = {
            "rows": store.count(table),
            "run_ids": [r[0] for r in store.query(
                f"SELECT DISTINCT run_id FROM {table} ORDER BY 1")] if has_run else []}  # noqa: S608 - checked name
    batches = sorted({int(b) for r in runs for b in r.get("input_batches") or []})
    record = {
        "record_version": RECORD_VERSION, "run_id": run_id,
        "written_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
        "written_by": code_version(), "store": str(store.path), "tables": written,
        "runs": runs,
        "input_batches": store.query_dicts(
            "SELECT * FROM import_batches WHERE list_contains(?, batch_id) ORDER BY batch_id",
            [batches]) if batches else [],
    }
    record_path.parent.mkdir(parents=True, exist_ok=True)
    partial = record_path.with_suffix(".json.partial")
    partial.write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")
    partial.replace(record_path)
    return json.loads(json.dumps(record, default=str))


def list_results(lake: Path) -> list[dict[str, Any]]:
    """The run records of the lake's results, oldest written first."""
    folder = lake / RUNS
    if not folder.is_dir():
        return []
    records = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    return sorted(records, key=lambda r: (str(r.get("written_at")), str(r.get("run_id"))))


def read_record(lake: Path, run_id: str | None = None) -> dict[str, Any]:
    """One run's record (default: the one written last)."""
    if run_id is None:
        found = list_results(lake)
        if not found:
            raise NotFound(f"the lake {lake} holds no analysis results (write them with "
                           "'linewatch lake results')")
        return found[-1]
    path = lake / RUNS / f"{check_run_id(run_id)}.json"
    if not path.is_file():
        raise NotFound(f"the lake {lake} holds no results of run '{run_id}'")
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


def open_results(lake: Path, run_id: str | None = None) -> Store:
    """An in-memory store whose output tables are views of one run's results in the lake and
    whose ``analysis_runs`` are the recorded runs (read-only use; close it after)."""
    record = read_record(lake, run_id)
    folder = lake / RESULTS / f"run={check_run_id(str(record['run_id']))}"
    store = Store.open(":memory:")
    try:
        known = set(store.columns("analysis_runs"))
        for run in record["runs"]:
            row = {k: (json.dumps(v) if k in _JSON_COLUMNS and v is not None else v)
                   for k, v in run.items() if k in known}
            names = list(row)
            columns, marks = ", ".join(map(check_identifier, names)), ", ".join("?" * len(names))
            store.execute(f"INSERT INTO analysis_runs ({columns}) VALUES ({marks})",  # noqa: S608 - checked column names
                          [row[n] for n in names])
        for table in record["tables"]:
            part = folder / check_identifier(table) / "part-0.parquet"
            if not part.is_file():
                raise NotFound(f"the results of run {record['run_id']} lack {part}")
            store.execute(f"CREATE VIEW {table} AS SELECT * FROM "  # noqa: S608 - checked name, quoted path
                          f"read_parquet('{_quote_path(part.resolve())}')")
    except BaseException:
        store.close()
        raise
    return store
