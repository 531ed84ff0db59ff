"""The analysis pipeline: resolve -> text -> detect -> score -> safeguard, each a recorded run.

Data flows one way. Each stage exposes ``run(store, *, params=None, progress=None) -> dict`` and
replaces its own output tables; this module only calls them in order.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
import time
from collections.abc import Sequence
from typing import Any, Protocol

from rich.progress import Progress

from linewatch.errors import LinewatchError
from linewatch.settings import load_all
from linewatch.storage import Store
from linewatch.vocabulary import PIPELINE_STAGES

STAGES = PIPELINE_STAGES
#: where each stage's ``run`` lives
STAGE_MODULES = {"resolve": "linewatch.resolve", "text": "linewatch.text.intake",
                 "detect": "linewatch.detect", "score": "linewatch.score",
                 "safeguard": "linewatch.safeguard"}


class StageRunner(Protocol):
    def __call__(self, store: Store, *, params: dict[str, Any] | None = None,
                 progress: Progress | None = None) -> dict[str, Any]: ...


def stage_runner(name: str) -> StageRunner:
    if name not in STAGES:
        raise LinewatchError(f"unknown stage '{name}' (stages: {', '.join(STAGES)})")
    module = importlib.import_module(STAGE_MODULES[name])
    runner: StageRunner = module.run
    return runner


#: what a stage cannot run without: its input table and why
REQUIRES = {"detect": ("cdr", "detection works on call data")}


def skip_reason(store: Store, name: str) -> str | None:
    """Why stage ``name`` cannot run on ``store`` (None when it can)."""
    need = REQUIRES.get(name)
    if need is None or store.count(need[0]) > 0:
        return None
    state = "is empty" if store.table_exists(need[0]) else "is missing"
    return f"{need[1]}: the '{need[0]}' table {state}"


#: stages that work at a reference time (ages, recency); ``as_of`` sets it for them
REFERENCE_STAGES = ("score", "safeguard")


def analyse(store: Store, *, stages: Sequence[str] = STAGES,
            params: dict[str, dict[str, Any]] | None = None,
            progress: Progress | None = None, as_of: str | None = None,
            alerts: bool = True) -> dict[str, Any]:
    """Run the given stages in pipeline order; returns each stage's summary.

    Then (unless ``alerts`` is false) every watch is checked against the new analysis
    (:func:`raise_alerts`); the summary ``alerts`` counts what was raised.

    The reference time (the instant ages and recency are measured at) is the latest event or
    call in the data unless ``as_of`` (an ISO date or date-time) says otherwise; each scoring
    and safeguarding run records it in its summary.

    A stage whose input is absent (detection without call data) is not run: its summary says
    ``{"skipped": reason}`` and the stages after it run on what there is.
    """
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise LinewatchError(f"unknown stage(s) {unknown} (stages: {', '.join(STAGES)})")
    if as_of:
        try:
            dt.datetime.fromisoformat(as_of)
        except ValueError as exc:
            raise LinewatchError(f"--as-of '{as_of}' is not an ISO date or date-time") from exc
        params = {**(params or {})}
        for name in REFERENCE_STAGES:
            params[name] = {**params.get(name, {}), "reference_date": as_of}
    load_all(params)  # every stage's settings are checked before the first stage runs
    store.checkpoint()  # a crash in the run can then cost only the run (storage.recovery)
    summaries: dict[str, Any] = {}
    for name in STAGES:
        if name not in stages:
            continue
        reason = skip_reason(store, name)
        if reason:
            summaries[name] = {"skipped": reason}
            continue
        runner = stage_runner(name)
        wall, cpu = time.perf_counter(), time.process_time()
        summary = runner(store, params=(params or {}).get(name), progress=progress)
        summaries[name] = summary
        if isinstance(summary, dict):
            summary["timing"] = _record_timing(store, summary.get("run_id"),
                                               time.perf_counter() - wall,
                                               time.process_time() - cpu)
    if alerts:
        run_ids = [str(s["run_id"]) for s in summaries.values()
                   if isinstance(s, dict) and s.get("run_id")]
        summaries["alerts"] = raise_alerts(store, run_id=run_ids[-1] if run_ids else None)
    store.checkpoint()
    return summaries


def _record_timing(store: Store, run_id: Any, wall: float, cpu: float) -> dict[str, float]:
    """A stage's wall and CPU seconds (all the process's threads) and the process's peak
    resident memory so far, also written into the stage's run record."""
    timing = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
              "peak_rss_mb": round(peak_rss_mb(), 1)}
    if run_id:
        store.execute("UPDATE analysis_runs SET summary = json_merge_patch(coalesce(summary, "
                      "'{}'), ?::JSON) WHERE run_id = ?",
                      [json.dumps({"timing": timing}), str(run_id)])
    return timing


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (0 where the OS does not say)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def raise_alerts(store: Store, *, run_id: str | None = None,
                 batch_id: int | None = None) -> dict[str, Any]:
    """Check every watch against the data now (after an import or a run); the alerts are
    stored in the caller's transaction and delivered outside by :func:`deliver_alerts`."""
    from linewatch.watch import check_watches

    with store.transaction():
        raised = check_watches(store, run_id=run_id, batch_id=batch_id)
    return {"raised": len(raised), "alert_ids": [a["alert_id"] for a in raised]}


def deliver_alerts(store: Store) -> dict[str, int]:
    """Send undelivered alerts to the JSONL file or webhook the settings name (if any)."""
    from linewatch.watch import deliver_pending

    return deliver_pending(store)
