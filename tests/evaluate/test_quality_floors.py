"""Quality floors on one small world of each simulator family, and proof that they bite.

The floors sit below what each world scores today, so a regression in a detector fails the
build; and each floor set must reject a detector that knows nothing (a constant, a random
and a rank-by-degree one, see ``degenerate.py``), or the floors would prove nothing. The
spread over many worlds is measured by ``benchmarks/quality.py``, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from degenerate import STAND_INS

from linewatch.evaluate import evaluate
from linewatch.results import build_results
from linewatch.storage import Store

#: family -> headline floors (``evaluate``'s summary); "children_in_targets" is a ceiling.
#: Family a's world is the shared ``analysed_world`` (tiny, seed 1: it scores 1.0 on deal
#: lines, continuity and cuckooing); family b's is tiny seed 31 (deal lines 0.80, continuity
#: 1.0, phone roles 0.41, exploited 0.84, cuckooed 1.0 when the floors were set).
FLOORS: dict[str, dict[str, float]] = {
    "a": {"deal_lines": 0.9, "line_continuity": 0.9, "roles": 0.85, "exploited": 0.8,
          "cuckooed": 0.9},
    "b": {"deal_lines": 0.7, "line_continuity": 0.9, "roles": 0.35, "exploited": 0.75,
          "cuckooed": 0.9},
}


def failed_floors(report: dict[str, Any], family: str) -> list[str]:
    summary = report["summary"]
    failed = [f"{task} {summary.get(task)} < {floor}"
              for task, floor in FLOORS[family].items()
              if summary.get(task) is None or summary[task] < floor]
    if summary.get("children_in_targets") not in (0, 0.0):
        failed.append(f"children_in_targets {summary.get('children_in_targets')} > 0")
    return failed


@pytest.fixture(scope="module")
def family_b_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from linewatch.ingest import ingest_paths
    from linewatch.pipeline import analyse
    from linewatch.simulate.family_b import simulate_family_b

    folder = tmp_path_factory.mktemp("family-b")
    simulate_family_b(folder / "scenario", seed=31, scale="tiny")
    db = folder / "analysed.duckdb"
    with Store.open(db) as store:
        ingest_paths(store, [folder / "scenario" / "data"])
        analyse(store)
    return db, folder / "scenario" / "truth"


@pytest.fixture(scope="module")
def worlds(analysed_world: Any, family_b_world: tuple[Path, Path]
           ) -> dict[str, tuple[Path, Path]]:
    return {"a": (analysed_world.db, analysed_world.truth), "b": family_b_world}


@pytest.mark.parametrize("family", ["a", "b"])
def test_the_analysis_meets_its_floors(family: str,
                                       worlds: dict[str, tuple[Path, Path]]) -> None:
    db, truth = worlds[family]
    with Store.open(db, read_only=True) as store:
        report = evaluate(truth, build_results(store), texts=False)
    assert failed_floors(report, family) == []


@pytest.mark.parametrize("family", ["a", "b"])
@pytest.mark.parametrize("stand_in", sorted(STAND_INS))
def test_a_detector_that_knows_nothing_fails_the_floors(
        family: str, stand_in: str, worlds: dict[str, tuple[Path, Path]]) -> None:
    db, truth = worlds[family]
    replace: Callable[[dict[str, Any], Store], dict[str, Any]] = STAND_INS[stand_in]
    with Store.open(db, read_only=True) as store:
        results = replace(build_results(store), store)
    assert failed_floors(evaluate(truth, results, texts=False), family) != []
