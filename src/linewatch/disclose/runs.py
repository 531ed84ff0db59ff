"""The run records a disclosure is about: one run and the runs whose outputs it read.

Stages run in pipeline order and each reads the outputs of the stages before it, as they
stood when it started. So the *chain* of a run is, for every earlier stage, the latest run of
that stage that finished before it started, then the run itself.
"""

from __future__ import annotations

import json
from typing import Any

from linewatch.errors import NotFound
from linewatch.storage import Store
from linewatch.vocabulary import PIPELINE_STAGES

_JSON_FIELDS = ("params", "summary", "dependencies")


def run_record(store: Store, run_id: str) -> dict[str, Any]:
    """The ``analysis_runs`` row of ``run_id``, JSON decoded (``dependencies`` is None for a
    run recorded before runs kept their libraries' versions)."""
    found = _runs(store, "run_id = ?", [run_id])
    if not found:
        raise NotFound(f"no analysis run '{run_id}' (see 'linewatch status' or the "
                       "analysis_runs table)")
    return found[0]


def run_chain(store: Store, run_id: str) -> list[dict[str, Any]]:
    """The runs ``run_id`` depends on, in pipeline order, ending with the run itself."""
    run = run_record(store, run_id)
    if run["status"] != "done":
        raise NotFound(f"run '{run_id}' is {run['status']}, not done: it has no outputs to "
                       "disclose")
    chain: list[dict[str, Any]] = []
    for stage in PIPELINE_STAGES:
        if stage == run["stage"]:
            break
        before = _runs(store, "stage = ? AND status = 'done' AND finished_at <= ? "
                       "ORDER BY finished_at DESC LIMIT 1", [stage, run["started_at"]])
        chain.extend(before)
    return [*chain, run]


def _runs(store: Store, where: str, params: list[Any]) -> list[dict[str, Any]]:
    dependencies = ("CAST(dependencies AS VARCHAR)" if "dependencies" in
                    store.columns("analysis_runs") else "NULL")
    columns = ("run_id, stage, started_at, finished_at, status, CAST(params AS VARCHAR) AS "
               "params, input_batches, code_version, CAST(summary AS VARCHAR) AS summary, "
               f"{dependencies} AS dependencies")
    sql = f"SELECT {columns} FROM analysis_runs WHERE {where}"  # noqa: S608 - fixed clauses
    rows = store.query_dicts(sql, params)
    for row in rows:
        for key in _JSON_FIELDS:
            value = row.get(key)
            row[key] = json.loads(value) if isinstance(value, str) else value
        row["input_batches"] = [int(b) for b in row.get("input_batches") or []]
    return rows
