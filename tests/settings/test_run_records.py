"""Every stage records the full validated settings it used in ``analysis_runs.params``."""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from linewatch.pipeline import stage_runner
from linewatch.settings import load_stage
from linewatch.storage import Store
from linewatch.storage import runs as storage_runs

#: where each stage looks up ``start_run``
RUN_MODULES = {"resolve": "linewatch.resolve.pipeline", "text": "linewatch.text.intake",
               "detect": "linewatch.detect.stage", "score": "linewatch.score.run",
               "safeguard": "linewatch.safeguard.run"}
#: overrides given as a CLI or JSON file may give them: strings for numbers and booleans,
#: part of a group
OVERRIDES: dict[str, dict[str, Any]] = {
    "resolve": {"threshold": "0.8", "term_frequency": "false", "continuity_min_shared": 6},
    "text": {"reuse_extractions": "false", "confidence": {"name_exact": 0.95}},
    "detect": {"group_shared_customers": "false", "burst_gap_s": "30", "threshold": 0.6},
    "score": {"max_targets": "7", "weights": {"harm": 0.5}},
    "safeguard": {"adult_needs_vulnerability": "false",
                  "indicator_weights": {"runner_role": 0.4}},
}


class Recorded(Exception):
    """Stops a stage once its run is recorded."""


@contextlib.contextmanager
def _record_then_stop(store: Store, stage: str,
                      params: dict[str, Any] | None = None) -> Iterator[None]:
    with storage_runs.start_run(store, stage, params):
        raise Recorded
    yield  # pragma: no cover


@pytest.mark.parametrize("stage", list(RUN_MODULES))
def test_a_run_records_every_setting_with_the_overrides_applied(
        stage: str, memory_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    memory_store.execute("CREATE TABLE persons (person_id VARCHAR)")
    module = importlib.import_module(RUN_MODULES[stage])
    monkeypatch.setattr(module, "start_run", _record_then_stop)
    with pytest.raises(Recorded):
        stage_runner(stage)(memory_store, params=OVERRIDES[stage])
    raw = memory_store.scalar("SELECT params FROM analysis_runs WHERE stage = ?", [stage])
    recorded = json.loads(raw)
    expected = load_stage(stage, OVERRIDES[stage]).as_dict()
    assert recorded == expected
    assert set(recorded) == set(load_stage(stage).as_dict())
    changed = {k for k in expected if expected[k] != load_stage(stage).as_dict()[k]}
    assert changed == set(OVERRIDES[stage])
