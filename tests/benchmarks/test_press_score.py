"""The press-release scoring script on a tiny made-up document (no real text is used)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "press_score.py"

TEXT = ("Officers from Example Police arrested two men in Chatham on Friday. A 19-year-old man "
        "from Gillingham was charged. Police seized £2,000 in cash, a machete and heroin.\n")

EXPECTED: dict[str, Any] = {
    "arrests": 2, "warrants": None, "cash_gbp": 2000,
    "persons": [{"age": 19, "sex": "male", "town": "Gillingham", "offences": []}],
    "drugs": [{"class": "A", "name": "heroin", "quantity": None}],
    "weapons": ["machete"], "locations": ["Chatham", "Gillingham"], "operation_name": None,
    "agencies": ["Example Police"], "phones": [], "vehicles": [], "safeguarded": None,
}


@pytest.fixture(scope="module")
def press() -> ModuleType:
    spec = importlib.util.spec_from_file_location("press_score", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(tmp: Path, press: ModuleType, doc_id: str, split: str, text: str | None,
           sha_of: str = TEXT) -> None:
    (tmp / "ann").mkdir(exist_ok=True)
    (tmp / "texts").mkdir(exist_ok=True)
    ann = {"source_url": "https://example.org/x", "published": None, "outlet": "Example",
           "text_sha256": press.text_sha256(sha_of), "split": split, "expected": EXPECTED}
    (tmp / "ann" / f"{doc_id}.json").write_text(json.dumps(ann), encoding="utf-8")
    if text is not None:
        (tmp / "texts" / f"{doc_id}.txt").write_text(text, encoding="utf-8")


def test_field_accuracy_of_a_partly_right_answer(press: ModuleType) -> None:
    got = {**EXPECTED, "arrests": 3, "cash_gbp": 2000,
           "persons": [{"age": 19, "sex": "male", "town": None, "offences": []}],
           "drugs": [{"class": "A", "name": "crack cocaine", "quantity": None}],
           "locations": ["Chatham"], "weapons": ["machete", "knife"]}
    acc = press.score_document(EXPECTED, got)["accuracy"]
    assert acc["arrests"] == 0.0                       # a wrong count is wrong
    assert acc["cash_gbp"] == 1.0
    assert acc["warrants"] == 1.0                      # both empty: nothing to find or claim
    assert acc["persons"] == 0.0                       # the town differs, so the person does
    assert acc["drugs"] == 1.0                         # the issue's drugs field is the classes
    assert acc["drugs_full"] == 0.0                    # ... the named drug is still wrong
    assert acc["locations"] == pytest.approx(2 / 3)    # F1 of 1 found out of 2, no extra
    assert acc["weapons"] == pytest.approx(2 / 3)      # 1 right, 1 extra


def test_overall_is_the_mean_of_the_issue_fields(press: ModuleType) -> None:
    perfect = press.score_document(EXPECTED, EXPECTED)
    wrong = press.score_document(EXPECTED, {**EXPECTED, "arrests": 5})
    summary = press.summarise({"a": perfect, "b": wrong})
    assert summary["documents"] == 2
    assert summary["fields"]["arrests"] == 0.5
    assert summary["overall"] == pytest.approx(1 - 0.5 / len(press.ISSUE_FIELDS))
    assert summary["micro"]["recall"] < 1.0
    nobody = press.score_document({**EXPECTED, "persons": []}, {**EXPECTED, "persons": []})
    missed = press.score_document(EXPECTED, {**EXPECTED, "persons": []})
    both = press.summarise({"a": nobody, "b": missed})
    assert both["fields"]["persons"] == 0.5                  # the empty document scores 1
    assert both["fields"][press.PEOPLE_FIELD] == 0.0         # ... but not here


def test_missing_and_changed_texts_are_skipped_and_splits_kept_apart(
        press: ModuleType, tmp_path: Path) -> None:
    _write(tmp_path, press, "p001", "dev", TEXT)
    _write(tmp_path, press, "p002", "dev", None)                       # text not downloaded
    _write(tmp_path, press, "p003", "heldout", TEXT + "edited\n")      # not the annotated text
    _write(tmp_path, press, "p004", "heldout", TEXT)
    docs = press.load_annotations(tmp_path / "ann")
    assert [d["doc_id"] for d in press.load_annotations(tmp_path / "ann", "heldout")] == [
        "p003", "p004"]
    texts, skipped = press.read_texts(docs, tmp_path / "texts")
    assert sorted(texts) == ["p001", "p004"]
    assert dict(skipped) == {"p002": "text missing",
                             "p003": "sha256 differs from the annotation"}
    calls: list[str] = []

    def extractor(text: str) -> dict[str, Any]:
        calls.append(text)
        return {**EXPECTED, "vehicles": ["red Ford Fiesta"]}

    result = press.run(docs, texts, extractor)
    assert len(calls) == 2
    assert result["dev"]["documents"] == 1 and result["heldout"]["documents"] == 1
    assert result["all"]["fields"]["vehicles"] == 0.0
    assert result["all"]["fields"]["locations"] == 1.0


def test_main_runs_the_real_extractor_and_prints_json(
        press: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, press, "p001", "dev", TEXT)
    code = press.main(["--texts", str(tmp_path / "texts"), "--annotations",
                       str(tmp_path / "ann"), "--split", "dev", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dev"]["documents"] == 1
    assert set(out["dev"]["fields"]) == {*press.ISSUE_FIELDS, *press.EXTRA_FIELDS,
                                         press.PEOPLE_FIELD}
    assert 0.0 <= out["dev"]["overall"] <= 1.0


def test_main_fails_when_no_text_is_present(press: ModuleType, tmp_path: Path) -> None:
    _write(tmp_path, press, "p001", "dev", None)
    assert press.main(["--texts", str(tmp_path / "texts"),
                       "--annotations", str(tmp_path / "ann")]) == 1


def test_names_compare_without_case_or_hyphens(press: ModuleType) -> None:
    expected = {**EXPECTED, "locations": ["Kirkby-in-Ashfield"], "agencies": ["Dyfed-Powys Police"]}
    got = {**EXPECTED, "locations": ["Kirkby in Ashfield"], "agencies": ["dyfed-powys police"]}
    acc = press.score_document(expected, got)["accuracy"]
    assert acc["locations"] == 1.0 and acc["agencies"] == 1.0
    other = press.score_document(expected, {**got, "locations": ["Kirkby"]})["accuracy"]
    assert other["locations"] == 0.0


@pytest.mark.parametrize(("split", "doc_id"), [("heldout2", "p084"), ("heldout3", "p119"),
                                            ("heldout4", "p153"), ("heldout5", "p183"),
                                            ("heldout6", "p213"), ("heldout7", "p244"),
                                            ("heldout8", "p275")])
def test_each_later_held_out_split_is_scored_on_its_own(
        press: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        split: str, doc_id: str) -> None:
    _write(tmp_path, press, "p001", "dev", TEXT)
    _write(tmp_path, press, "p084", "heldout2", TEXT)
    _write(tmp_path, press, "p119", "heldout3", TEXT)
    _write(tmp_path, press, "p153", "heldout4", TEXT)
    _write(tmp_path, press, "p183", "heldout5", TEXT)
    _write(tmp_path, press, "p213", "heldout6", TEXT)
    _write(tmp_path, press, "p244", "heldout7", TEXT)
    _write(tmp_path, press, "p275", "heldout8", TEXT)
    assert [d["doc_id"] for d in press.load_annotations(tmp_path / "ann", split)] == [doc_id]
    code = press.main(["--texts", str(tmp_path / "texts"), "--annotations",
                       str(tmp_path / "ann"), "--split", split, "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out["per_document"]) == [doc_id]
    assert out[split]["documents"] == 1 and "dev" not in out


def test_the_tuning_split_is_every_split_but_the_clean_test(press: ModuleType, tmp_path: Path) -> None:
    _write(tmp_path, press, "p001", "dev", TEXT)
    _write(tmp_path, press, "p183", "heldout5", TEXT)
    _write(tmp_path, press, "p213", "heldout6", TEXT)
    _write(tmp_path, press, "p244", "heldout7", TEXT)
    _write(tmp_path, press, "p275", press.TEST_SPLIT, TEXT)
    tuning = [d["doc_id"] for d in press.load_annotations(tmp_path / "ann", "tuning")]
    assert tuning == ["p001", "p183", "p213", "p244"]
    assert len(press.load_annotations(tmp_path / "ann", "all")) == 5
