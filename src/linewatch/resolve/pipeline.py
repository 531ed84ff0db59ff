"""The resolve stage: people, then phones, recorded as one analysis run.

:func:`run` prepares nominal records, links them with Splink, builds persons (applying analyst
overrides), then groups phone numbers by handset and SIM, links old and new numbers of the same
line (continuity) and links phones to persons. Each step replaces its own output tables and
every row carries the run id.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa
from rich.progress import Progress, TaskID

from linewatch.resolve import continuity, handsets, phone_persons
from linewatch.resolve.linkage import DEFAULTS as LINK_DEFAULTS
from linewatch.resolve.linkage import LinkageResult, link
from linewatch.resolve.persons import build_persons
from linewatch.resolve.prepare import prepare_records
from linewatch.settings.resolve import ResolveSettings
from linewatch.storage import Store
from linewatch.storage.runs import latest_run, start_run

#: every resolve setting's default (``ResolveSettings``; ``docs/settings.md`` lists them)
DEFAULTS: dict[str, Any] = ResolveSettings().model_dump()

_STEPS = ["prepare records", "train and score pairs", "build persons", "handsets and SIMs",
          "line continuity", "phones to persons"]


class _Steps:
    """Advance an optional Rich progress bar one step at a time."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.task: TaskID | None = None
        if progress is not None:
            self.task = progress.add_task("resolve", total=len(_STEPS))

    def start(self, index: int) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=index,
                                 description=f"resolve: {_STEPS[index]}")

    def done(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=len(_STEPS), description="resolve: done")


def run(store: Store, *, params: dict[str, Any] | None = None,
        progress: Progress | None = None, db_api: Any = None) -> dict[str, Any]:
    """Run entity resolution on ``store``; returns the run summary.

    ``params`` override the defaults of :class:`ResolveSettings` (``threshold``, ``seed``,
    ``continuity_*``, ...); they are validated and the run records every setting it used.
    ``db_api`` is the Splink database API that trains and scores the person model; by default
    the store's own DuckDB (``store.splink_db_api()``), or e.g. ``splink.SparkAPI``.
    """
    p = ResolveSettings.load(params).model_dump()
    steps = _Steps(progress)
    # DuckDB's own progress bar would write into the CLI's output (and its --json)
    store.execute("SET enable_progress_bar = false")
    with start_run(store, "resolve", p) as current:
        run_id = current.run_id
        steps.start(0)
        records = prepare_records(store, p)
        _write_records(store, records, run_id)
        steps.start(1)
        result = link(db_api if db_api is not None else store.splink_db_api(), records, p)
        _write_pairs(store, result, run_id)
        _write_model(store, result, run_id, float(p["threshold"]))
        steps.start(2)
        people = build_persons(store, run_id, float(p["threshold"]))
        steps.start(3)
        phones = handsets.build(store, run_id, _sub(p, "handset_"))
        steps.start(4)
        cont = continuity.build(store, run_id, _sub(p, "continuity_"))
        steps.start(5)
        owners = phone_persons.build(store, run_id)
        steps.done()
        links = dict(store.query(
            "SELECT link_type, count(*) FROM number_links GROUP BY 1 ORDER BY 1"))
        current.summary.update({
            "records": records.num_rows,
            "persons": people["persons"],
            "persons_with_several_records": people["persons_with_several_records"],
            "pairs_scored": result.pairs_scored,
            "pairs_kept": result.pairs.num_rows,
            "em_trained": result.trained,
            "training_notes": result.notes,
            "override_notes": people["override_notes"],
            "links": {k: int(v) for k, v in links.items()},
            "handsets": phones,
            "continuity": cont,
            "phone_persons": owners,
            "threshold": float(p["threshold"]),
        })
        summary = dict(current.summary)
    summary["run_id"] = run_id
    return summary


def apply_overrides_now(store: Store) -> dict[str, Any]:
    """Rebuild persons of the latest resolve run with the current overrides (no re-training).

    Phone-to-person links are rebuilt too, since person ids may change.
    """
    last = latest_run(store, "resolve")
    if last is None or not store.table_exists("resolve_pairs"):
        return {"rebuilt": False, "reason": "no resolve run yet: run 'linewatch resolve'"}
    threshold = store.scalar("SELECT threshold FROM resolve_models WHERE run_id = ?",
                             [last["run_id"]])
    threshold = float(threshold if threshold is not None else LINK_DEFAULTS["threshold"])
    people = build_persons(store, last["run_id"], threshold)
    phone_persons.build(store, last["run_id"])
    return {"rebuilt": True, "run_id": last["run_id"], **people}


def _sub(p: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k.removeprefix(prefix): v for k, v in p.items() if k.startswith(prefix)}


def _write_records(store: Store, records: pa.Table, run_id: str) -> None:
    table = records.append_column("run_id", pa.array([run_id] * records.num_rows, pa.string()))
    store.write_arrow("resolve_records", table, mode="replace")


def _write_pairs(store: Store, result: LinkageResult, run_id: str) -> None:
    pairs = result.pairs
    with store.registered("lw_resolve_scored", pairs):
        store.execute("""
            CREATE OR REPLACE TABLE resolve_pairs AS
            SELECT l.source_system AS source_system_l, l.record_id AS record_id_l,
                   r.source_system AS source_system_r, r.record_id AS record_id_r, p.*,
                   CAST(? AS VARCHAR) AS run_id
            FROM lw_resolve_scored p
            JOIN resolve_records l ON l.uid = p.uid_l
            JOIN resolve_records r ON r.uid = p.uid_r""", [run_id])


def _write_model(store: Store, result: LinkageResult, run_id: str, threshold: float) -> None:
    store.ensure_schema()  # ``resolve_models`` is declared by the store's migrations
    store.execute(
        "INSERT INTO resolve_models (run_id, created_at, sql_dialect, settings, trained, "
        "training, notes, threshold) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None),
         result.model.get("sql_dialect", "duckdb"), json.dumps(result.model, default=str),
         result.trained, json.dumps(result.training, default=str), json.dumps(result.notes),
         threshold])
