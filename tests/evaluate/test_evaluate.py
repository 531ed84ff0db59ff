"""``evaluate`` on a hand-made truth and results; every expected number is worked out by hand
in the comments."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from linewatch.evaluate import core, evaluate

N = "+4477009000"  # numbers below are N + two digits


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def truth(tmp_path: Path) -> Path:
    """Two lines (L1 switched from 01 to 02), five people with records, one cuckooed flat."""
    folder = tmp_path / "truth"
    folder.mkdir()
    _write(folder / "persons.csv", ["person_id", "role", "age", "sex", "child", "exploited"], [
        ["P1", "controller", "24", "M", "0", "0"], ["P2", "runner", "15", "M", "1", "1"],
        ["P3", "trap_occupant", "50", "F", "0", "1"], ["P4", "customer", "33", "M", "0", "0"],
        ["P5", "none", "41", "F", "0", "0"], ["P6", "runner", "16", "M", "1", "1"]])
    _write(folder / "phones.csv", ["number", "role"], [
        [N + "01", "deal_line"], [N + "02", "deal_line"], [N + "03", "deal_line"],
        [N + "10", "controller"], [N + "11", "runner"], [N + "12", "trap"],
        [N + "13", "customer"], [N + "14", "other"]])
    _write(folder / "line_numbers.csv", ["line_id", "sequence", "number", "previous_number"], [
        ["L1", "1", N + "01", ""], ["L1", "2", N + "02", N + "01"], ["L2", "1", N + "03", ""]])
    _write(folder / "nominal_records.csv", ["source_system", "record_id", "person_id"], [
        ["rms", "R1", "P1"], ["custody", "C1", "P1"], ["rms", "R2", "P2"],
        ["social_care", "S2", "P2"], ["rms", "R3", "P3"], ["rms", "R4", "P4"],
        ["rms", "R5", "P5"]])
    _write(folder / "addresses.csv", ["address", "postcode", "kind", "cuckooed"], [
        ["Flat 2, 10 Oak Road, Chatham", "ME4 4QU", "trap", "1"],
        ["5 Elm Street, Chatham", "ME5 7AB", "trap", "0"]])
    facts = {"arrests": 3, "warrants": None, "cash_gbp": 2400, "persons": [], "drugs": [],
             "weapons": [], "locations": ["Chatham"], "operation_name": None, "agencies": [],
             "phones": [N + "01"], "vehicles": ["AB12 CDE"], "safeguarded": None}
    (folder / "texts.jsonl").write_text(json.dumps(
        {"kind": "article", "id": "articles/a.txt", "text": "t", "facts": facts}) + "\n",
        encoding="utf-8")
    return folder


def _results() -> dict[str, Any]:
    return {
        "contract_version": 1,
        "phones": [{"number": "07700 900001", "role": "deal_line"},
                   {"number": N + "03", "role": "deal_line"},
                   {"number": N + "14", "role": "deal_line"},
                   {"number": N + "10", "role": "controller"},
                   {"number": N + "11", "role": "customer"},
                   {"number": N + "12", "role": "trap"},
                   {"number": N + "13", "role": "customer"}],
        "lines": [{"line_id": "a", "numbers": [N + "01", "447700900002"]},
                  {"line_id": "b", "numbers": [N + "03", N + "14"]},
                  {"line_id": "c", "numbers": [N + "14"]}],
        "persons": [
            {"person_id": "A", "records": [["rms", "R1"], ["custody", "C1"]], "role": "controller"},
            {"person_id": "B", "records": [["rms", "R2"]], "role": "runner"},
            {"person_id": "C", "records": [["social_care", "S2"], ["rms", "R3"]],
             "role": "trap_occupant"},
            {"person_id": "D", "records": [["rms", "R4"], ["rms", "R5"]], "role": "customer"}],
        "addresses": [
            {"address": "2/10 Oak Rd, Chatham", "postcode": "me44qu", "cuckooed": True},
            {"address": "5 Elm Street", "postcode": "ME5 7AB", "cuckooed": True},
            {"address": "9 Ash Close", "postcode": "", "cuckooed": False}],
        "targets": ["A", "C"],
        "safeguarding": ["C", "B", "D"],
    }


def test_deal_lines_per_number_and_per_brand(truth: Path) -> None:
    report = evaluate(truth, _results(), texts=False)["tasks"]["deal_lines"]
    # predicted {01, 03, 14}, true {01, 02, 03}: 2 right of 3 each way
    assert report["per_number"] == {"precision": 0.666667, "recall": 0.666667, "f1": 0.666667,
                                    "tp": 2, "predicted": 3, "actual": 3}
    # line a is all L1 (correct); b is half L2 (not a majority); c is no brand. Both brands found.
    brand = report["per_brand"]
    assert (brand["precision"], brand["recall"], brand["f1"]) == (0.333333, 1.0, 0.5)
    assert (brand["correct_lines"], brand["found_brands"], brand["split_brands"]) == (1, 2, 0)


def test_line_continuity_counts_number_pairs(truth: Path) -> None:
    report = evaluate(truth, _results(), texts=False)["tasks"]["line_continuity"]
    # true pairs {01-02}; predicted pairs {01-02, 03-14}
    assert (report["pairs"]["precision"], report["pairs"]["recall"]) == (0.5, 1.0)
    assert report["pairs"]["f1"] == 0.666667
    assert report["switches"] == {"total": 1, "linked": 1, "recall": 1.0}
    # L1 = {01, 02} is one predicted line exactly; L2 = {03} sits in a line with 14 as well
    assert report["brands"] == {"total": 2, "whole": 1, "whole_share": 0.5, "merged_lines": 0}


def test_line_continuity_counts_lines_that_merge_two_brands(truth: Path) -> None:
    results = _results()
    results["lines"] = [{"line_id": "X", "numbers": [N + "01", N + "02", N + "03"]}]
    report = evaluate(truth, results, texts=False)["tasks"]["line_continuity"]
    assert report["brands"] == {"total": 2, "whole": 0, "whole_share": 0.0, "merged_lines": 1}


def test_person_resolution_pairwise_and_exact_clusters(truth: Path) -> None:
    report = evaluate(truth, _results(), texts=False)["tasks"]["person_resolution"]
    # true pairs: R1-C1, R2-S2; predicted pairs: R1-C1, S2-R3, R4-R5; one in common
    assert report["pairwise"] == {"precision": 0.333333, "recall": 0.5, "f1": 0.4, "tp": 1,
                                  "predicted": 3, "actual": 2}
    # only P1 comes back whole: 1 of 5 people, 1 of the 2 with several records
    assert report["clusters"]["exact"] == 1
    assert report["clusters"]["exact_share"] == 0.2
    assert report["clusters"]["exact_share_multi_record"] == 0.5
    assert report["records"]["missing_from_results"] == 0


def test_roles_over_persons_and_phones(truth: Path) -> None:
    report = evaluate(truth, _results(), texts=False)["tasks"]["roles"]
    persons = report["persons"]
    # P5 (none) sits in D, a customer: customer precision 1/2, 'none' recall 0
    assert persons["per_role"]["customer"]["precision"] == 0.5
    assert persons["per_role"]["controller"]["f1"] == 1.0
    assert persons["per_role"]["none"]["f1"] == 0.0
    assert persons["macro_f1"] == 0.916667  # (1 + 1 + 1 + 2/3) / 4
    assert persons["macro_f1_all"] == 0.733333  # the same plus 0 for 'none', over 5
    phones = report["phones"]
    assert phones["per_role"]["runner"] == {"precision": None, "recall": 0.0, "f1": 0.0,
                                            "tp": 0, "predicted": 0, "actual": 1}
    assert phones["macro_f1"] == 0.666667  # (2/3 + 1 + 0 + 1 + 2/3) / 5
    assert phones["evaluated"] == 8


def test_safeguarding_targets_and_cuckooing(truth: Path) -> None:
    tasks = evaluate(truth, _results(), texts=False)["tasks"]
    exploited = tasks["exploited"]
    # C and B stand for P2 (exploited), D for P4: precision 2/3; of P2 and P3 only P2 reached
    assert (exploited["precision"], exploited["recall"], exploited["f1"]) == \
        (0.666667, 0.5, 0.571429)
    assert exploited["children_recall"] == 1.0
    assert exploited["exploited_without_records"] == 1  # P6 has no record
    # target C holds a record of P2, an exploited child
    assert tasks["children_in_targets"]["share"] == 1.0
    assert tasks["children_in_targets"]["target_ids"] == ["C"]
    assert tasks["controllers_in_top10"]["recall"] == 1.0
    cuckooed = tasks["cuckooed"]
    assert (cuckooed["precision"], cuckooed["recall"], cuckooed["f1"]) == (0.5, 1.0, 0.666667)


def test_cuckooed_address_without_postcode_matches_on_its_first_line(truth: Path) -> None:
    results = _results()
    results["addresses"] = [{"address": "Flat 2, 10 Oak Road", "postcode": None,
                             "cuckooed": True}]
    assert evaluate(truth, results, texts=False)["tasks"]["cuckooed"]["f1"] == 1.0


def test_tasks_that_did_not_run_are_not_implemented_never_zero(truth: Path) -> None:
    empty = {"contract_version": 1, "lines": [], "persons": [], "phones": [],
             "addresses": [], "targets": [], "safeguarding": []}
    report = evaluate(truth, empty, texts=False)
    assert all(task == {"status": "not_implemented"} for task in report["tasks"].values())
    assert all(value is None for value in report["summary"].values())
    declared = _results() | {"analyses": {"deal_lines": False, "priority": False,
                                          "person_resolution": True}}
    tasks = evaluate(truth, declared, texts=False)["tasks"]
    assert tasks["deal_lines"] == {"status": "not_implemented"}
    assert tasks["controllers_in_top10"] == {"status": "not_implemented"}
    assert tasks["person_resolution"]["status"] == "ok"


def test_an_analysis_that_ran_and_found_nothing_scores_zero(truth: Path) -> None:
    results = {"contract_version": 1, "phones": [{"number": N + "01", "role": "other"}],
               "persons": [], "analyses": {"deal_lines": True}}
    report = evaluate(truth, results, texts=False)["tasks"]["deal_lines"]
    assert report["per_number"]["recall"] == 0.0 and report["per_number"]["f1"] == 0.0


def test_text_extraction_compares_facts(truth: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_extract(text: str) -> dict[str, Any]:
        return {"arrests": 3, "cash_gbp": 2500, "phones": ["07700 900001"],
                "vehicles": ["white Audi AB12CDE"], "locations": ["Chatham", "Kent"]}

    monkeypatch.setattr(core, "load_extractor", lambda: fake_extract)
    report = evaluate(truth, _results())["tasks"]["text_extraction"]
    fields = report["fields"]
    assert fields["arrests"]["accuracy"] == 1.0
    assert fields["cash_gbp"]["accuracy"] == 0.0
    assert fields["phones"]["f1"] == 1.0 and fields["vehicles"]["f1"] == 1.0
    assert fields["locations"]["precision"] == 0.5
    # 4 values found, 3 true, 3 right
    assert report["lists_micro"]["precision"] == 0.75
    assert report["lists_micro"]["f1"] == 0.857143


def test_text_extraction_without_an_extractor_is_not_implemented(
        truth: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "load_extractor", lambda: None)
    assert evaluate(truth, _results())["tasks"]["text_extraction"] == {
        "status": "not_implemented"}
