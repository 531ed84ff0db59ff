"""Results built from a simulated scenario's own truth score perfectly."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from linewatch.evaluate import evaluate
from linewatch.simulate import simulate


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _perfect_results(truth: Path) -> dict[str, Any]:
    persons = {r["person_id"]: r for r in _rows(truth / "persons.csv")}
    records: dict[str, list[list[str]]] = {}
    for row in _rows(truth / "nominal_records.csv"):
        records.setdefault(row["person_id"], []).append([row["source_system"], row["record_id"]])
    lines: dict[str, list[str]] = {}
    for row in _rows(truth / "line_numbers.csv"):
        lines.setdefault(row["line_id"], []).append(row["number"])
    return {
        "contract_version": 1,
        "lines": [{"line_id": k, "numbers": v} for k, v in lines.items()],
        "persons": [{"person_id": p, "records": r, "role": persons[p]["role"]}
                    for p, r in records.items()],
        "phones": [{"number": r["number"], "role": r["role"]}
                   for r in _rows(truth / "phones.csv")],
        "addresses": [{"address": r["address"], "postcode": r["postcode"],
                       "cuckooed": r["cuckooed"] == "1"} for r in _rows(truth / "addresses.csv")],
        "targets": [p for p in records if persons[p]["role"] == "controller"],
        "safeguarding": [p for p in records if persons[p]["exploited"] == "1"],
    }


def test_results_equal_to_the_truth_score_one(tmp_path: Path) -> None:
    simulate(tmp_path, seed=21, scale="tiny", days=6)
    report = evaluate(tmp_path / "truth", _perfect_results(tmp_path / "truth"), texts=False)
    summary = report["summary"]
    for task in ("deal_lines", "line_continuity", "roles", "person_resolution", "exploited",
                 "cuckooed", "controllers_in_top10"):
        assert summary[task] == 1.0, (task, report["tasks"][task])
    assert summary["children_in_targets"] == 0.0
    assert report["tasks"]["roles"]["persons"]["macro_f1"] == 1.0
    assert report["truth"]["deal_line_numbers"] >= 3
