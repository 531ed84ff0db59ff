"""Family B worlds: reproducible, ingestible, consistent with their truth, and scorable."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import phonenumbers
import pytest
import typer
from typer.testing import CliRunner

from linewatch.cli.simulate import register
from linewatch.evaluate import evaluate
from linewatch.ingest.importer import ingest_paths
from linewatch.pipeline import analyse
from linewatch.results import build_results
from linewatch.simulate.family_b import PARAMETER_RANGES, FamilyBSummary, simulate_family_b
from linewatch.storage import Store


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _e164(text: str) -> str:
    parsed = phonenumbers.parse(text, "GB")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, FamilyBSummary]]:
    folder = tmp_path_factory.mktemp("family_b")
    yield folder, simulate_family_b(folder, seed=3, scale="tiny")


@pytest.fixture(scope="module")
def cdr_numbers(world: tuple[Path, FamilyBSummary]) -> set[str]:
    numbers: set[str] = set()
    for row in _rows(world[0] / "data" / "cdr.csv"):
        numbers.update(_e164(row[c]) for c in ("a_number", "b_number") if row[c])
    return numbers


def test_same_seed_same_bytes_other_seed_other_world(tmp_path: Path,
                                                      world: tuple[Path, FamilyBSummary]) -> None:
    again = tmp_path / "again"
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["simulate", "--family", "b", "--out", str(again),
                                      "--seed", "3", "--scale", "tiny"])
    assert result.exit_code == 0, result.output
    assert _tree(again) == _tree(world[0])
    other = tmp_path / "other"
    simulate_family_b(other, seed=4, scale="tiny")
    first = json.loads((world[0] / "truth" / "manifest.json").read_text())
    second = json.loads((other / "truth" / "manifest.json").read_text())
    assert first["config"]["params"] != second["config"]["params"]
    assert (first["hub"], first["towns"]) != (second["hub"], second["towns"])


def test_parameters_are_drawn_inside_their_documented_ranges(
        world: tuple[Path, FamilyBSummary]) -> None:
    params = json.loads((world[0] / "truth" / "manifest.json").read_text())["config"]["params"]
    assert set(params) == set(PARAMETER_RANGES)
    for name, value in params.items():
        low, high = PARAMETER_RANGES[name]
        assert low <= value <= high, name
    docs = (Path(__file__).parents[2] / "docs" / "simulator.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in docs for name in PARAMETER_RANGES)


def test_phones_are_exactly_the_cdr_numbers_and_lines_switch(
        world: tuple[Path, FamilyBSummary], cdr_numbers: set[str]) -> None:
    truth = world[0] / "truth"
    phones = {r["number"]: r for r in _rows(truth / "phones.csv")}
    assert set(phones) == cdr_numbers
    numbers = _rows(truth / "line_numbers.csv")
    assert {r["number"] for r in numbers} <= cdr_numbers
    assert all(phones[r["number"]]["role"] == "deal_line" for r in numbers)
    assert any(r["previous_number"] for r in numbers)
    assert {r["number"] for r in _rows(truth / "handsets.csv")} == set(phones)
    persons = {r["person_id"] for r in _rows(truth / "persons.csv")}
    assert {r["person_id"] for r in phones.values() if r["person_id"]} <= persons
    for line in _rows(truth / "lines.csv"):
        assert line["controller_person_id"] in persons
        assert set(line["runner_person_ids"].split(";")) <= persons


def test_records_events_and_traps_agree_with_the_truth(
        world: tuple[Path, FamilyBSummary]) -> None:
    data, truth = world[0] / "data", world[0] / "truth"
    records = {(r["source_system"], r["record_id"]): r["person_id"]
               for r in _rows(truth / "nominal_records.csv")}
    assert {(r["source_system"], r["record_id"]) for r in _rows(data / "nominals.csv")} == set(
        records)
    persons = {r["person_id"]: r for r in _rows(truth / "persons.csv")}
    with_records = set(records.values())
    exploited = [p for p, r in persons.items() if r["exploited"] == "1"]
    assert exploited and set(exploited) <= with_records
    assert any(persons[p]["child"] == "1" for p in exploited)
    events = _rows(data / "events.csv")
    assert {(r["source_system"], r["event_id"]) for r in events} == {
        (r["source_system"], r["event_id"]) for r in _rows(truth / "events.csv")}
    for event in events:
        if event["record_id"]:
            assert (event["source_system"], event["record_id"]) in records
    for trap in _rows(truth / "addresses.csv"):
        if trap["cuckooed"] == "1":
            assert persons[trap["occupant_person_id"]]["exploited"] == "1"
    kinds = {r["event_type"] for r in events}
    assert {"welfare_check", "warrant"} <= kinds
    graded = _rows(data / "intel.csv")
    assert all(r["source_evaluation"] in "123" and r["intelligence_assessment"] in "ABCDE"
               for r in graded)
    assert all(r["handling_conditions"] for r in graded if r["handling_code"] == "C")


def test_ingest_quarantines_only_the_withheld_rows_and_evaluate_runs(
        tmp_path: Path, world: tuple[Path, FamilyBSummary]) -> None:
    folder, summary = world
    with Store.open(tmp_path / "store.duckdb") as store:
        report = ingest_paths(store, [folder / "data"])
        assert report.rows_quarantined == summary.withheld_rows > 0
        reasons = store.query("SELECT kind, field FROM quarantine")
        assert {kind for kind, _ in reasons} == {"cdr"}
        assert {field for _, field in reasons} == {"b_number"}
        assert sum(f.values_rejected for f in report.files) == 0
        analyse(store)
        results = build_results(store)
    scored = evaluate(folder / "truth", results, texts=False)
    assert scored["truth"]["deal_line_numbers"] >= 3
    assert scored["tasks"]["deal_lines"]["status"] == "ok"
    assert scored["summary"]["person_resolution"] is not None
