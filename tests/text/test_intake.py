"""The text stage: reports, tips and articles read into ``text_mentions`` and matched."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from linewatch.storage import Store
from linewatch.text.intake import run
from linewatch.text.support import graded_support, support_by_entity

T0 = dt.datetime(2024, 9, 2, 12, 0)
LINE, OWN, GHOST = "+447700900222", "+447700900111", "+447700900333"

REPORTS = [
    # report_id, evaluation, assessment, handling, conditions, text
    ("IR1", "1", "A", "P", None,
     "Marcus HALE, known as 'Tiny', runs the 'Bobby' line on 07700 900222 from 14 Acacia "
     "Avenue, Chatham ME4 4QU. His own phone is 07700 900111. He drives LD68 WZT."),
    ("IR2", "2", "C", "C", "Not to be shared outside the force.",
     "Dwayne 'Dizzy' Marsh, 19, of Peckham is dealing for the line. Marsh was seen in Chatham."),
    ("IR3", "3", "E", "P", None, "A male called 'Ghost' uses 07700 900333."),
    ("IR4", "1", "B", "P", None,
     "A female known as 'Zed' uses 07700 900999 and drives KX19 LMR from 3 Nowhere Road, "
     "Dover CT17 9ZZ."),
]
TIP = "Dealing from 07700 900222 every night near the park."
ARTICLE = ("Seven people were arrested and seven warrants executed in Chatham as part of "
           "Operation Viper. Officers seized £20,000 cash and a zombie knife.")


def build(store: Store, *, resolved: bool = True) -> Store:
    """A tiny world: a deal line, its holder, a runner, a false lead, and graded texts."""
    store.write_rows("nominals", [
        {"source_system": "rms", "record_id": "R1", "surname": "HALE", "forenames": "Marcus",
         "phone": [OWN], "nickname": ["Tiny"], "address": "14 Acacia Ave, Chatham",
         "postcode": "ME4 4QU"},
        {"source_system": "rms", "record_id": "R2", "surname": "Marsh", "forenames": "Dwayne",
         "phone": None, "nickname": ["Dizzy"], "address": None, "postcode": None},
        {"source_system": "rms", "record_id": "R3", "surname": "Cole", "forenames": "Ryan",
         "phone": [GHOST], "nickname": ["Ghost"], "address": None, "postcode": None},
    ], mode="append")
    store.write_rows("cdr", [
        {"event_id": f"E{i}", "start_time": T0 + dt.timedelta(minutes=i), "a_number": a,
         "b_number": b, "event_type": "sms"}
        for i, (a, b) in enumerate([(OWN, LINE), (LINE, "+447700900444"), (GHOST, LINE)])
    ], mode="append")
    store.write_rows("subscribers", [{"number": LINE, "account_type": "payg_unregistered"}],
                     mode="append")
    store.write_rows("anpr", [{"read_at": T0, "vrm": "LD68WZT", "camera_id": "C1", "lat": 51.0,
                               "lon": 0.5}], mode="append")
    store.write_rows("addresses", [{"address": "14 Acacia Avenue, Chatham", "postcode": "ME4 4QU",
                                    "lat": 51.38, "lon": 0.52}], mode="append")
    store.write_rows("intel", [
        {"report_id": r, "received_at": T0, "source_evaluation": se,
         "intelligence_assessment": ia, "handling_code": hc, "handling_conditions": cond,
         "text": text, "_batch": 1, "_row": i}
        for i, (r, se, ia, hc, cond, text) in enumerate(REPORTS)], mode="append")
    store.write_rows("tips", [{"tip_id": "T1", "received_at": T0, "text": TIP}], mode="append")
    store.write_rows("articles", [{"article_id": "A1", "title": "Operation Viper",
                                   "text": ARTICLE}], mode="append")
    store.write_rows("phone_roles", [
        {"number": LINE, "role": "deal_line", "line_id": "L1", "person_id": None,
         "confidence": 0.97, "evidence": "{}", "run_id": "d"},
        {"number": OWN, "role": "controller", "line_id": "L1", "person_id": "P1" if resolved
         else None, "confidence": 0.9, "evidence": "{}", "run_id": "d"}])
    if resolved:
        store.write_rows("persons", [
            {"person_id": "P1", "forenames": "Marcus", "surname": "Hale", "nicknames": ["TINY"]},
            {"person_id": "P2", "forenames": "Dwayne", "surname": "Marsh",
             "nicknames": ["DIZZY"]},
            {"person_id": "P3", "forenames": "Ryan", "surname": "Cole", "nicknames": ["GHOST"]}])
        store.write_rows("person_records", [
            {"person_id": f"P{i}", "source_system": "rms", "record_id": f"R{i}", "run_id": "r"}
            for i in (1, 2, 3)])
    return store


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Store, dict[str, Any]]]:
    store = build(Store.open(":memory:"))
    summary = run(store)
    yield store, summary
    store.close()


def rows(store: Store, source_id: str, mention_type: str | None = None) -> list[dict[str, Any]]:
    found = store.query_dicts(
        "SELECT * FROM text_mentions WHERE source_id = ? ORDER BY span_start, matched_type",
        [source_id])
    return [r for r in found if mention_type is None or r["mention_type"] == mention_type]


def matched(store: Store, source_id: str, mention_type: str) -> set[tuple[str, str, str]]:
    return {(r["matched_type"], r["matched_id"], r["match_method"])
            for r in rows(store, source_id, mention_type) if r["matched_type"]}


def test_every_text_is_extracted_once_and_recorded(world: tuple[Store, dict[str, Any]]) -> None:
    store, summary = world
    assert summary["texts"] == {"intel": 4, "tips": 1, "articles": 1}
    assert summary["extracted"] == 6
    kinds = store.query("SELECT source_kind, count(*) FROM text_extractions GROUP BY 1 ORDER BY 1")
    assert kinds == [("articles", 1), ("intel", 4), ("tips", 1)]
    stored = json.loads(store.scalar(
        "SELECT extraction FROM text_extractions WHERE source_id = 'IR1'"))
    assert stored["phones"] == [LINE, OWN]
    assert store.scalar("SELECT count(DISTINCT run_id) FROM text_mentions") == 1


def test_phone_matches_the_number_its_line_and_the_person_behind_it(
        world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    found = matched(store, "IR1", "phone")
    assert ("phone", LINE, "exact:cdr+subscribers+phone_roles") in found
    assert ("line", "L1", "phone_roles") in found
    people = {(t, i) for t, i, _ in found if t == "person"}
    assert people == {("person", "P1")}  # the holder's own number, not the deal line
    own = [r for r in rows(store, "IR1", "phone") if r["matched_type"] == "person"][0]
    assert own["normalised"] == OWN and own["match_method"] == "phone_roles+nominal_phone"
    assert own["match_confidence"] == pytest.approx(0.9)


def test_plate_nickname_name_address_and_postcode_match(
        world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    assert matched(store, "IR1", "plate") == {("vehicle", "LD68WZT", "exact:anpr")}
    assert matched(store, "IR1", "nickname") == {("person", "P1", "nickname")}
    assert matched(store, "IR1", "person_name") == {("person", "P1", "name_exact")}
    assert matched(store, "IR1", "address") == {
        ("address", "14 Acacia Avenue, Chatham", "address_exact")}
    address = [r for r in rows(store, "IR1", "address") if r["matched_type"]][0]
    evidence = json.loads(address["match_evidence"])
    assert evidence["resident_records"] == ["rms:R1"] and evidence["resident_persons"] == ["P1"]
    assert address["match_confidence"] == pytest.approx(1.0)  # same dwelling and postcode
    assert matched(store, "IR1", "postcode") == {
        ("postcode", "ME4 4QU", "exact:addresses+nominals")}
    assert matched(store, "IR2", "nickname") == {("person", "P2", "nickname")}
    names = rows(store, "IR2", "person_name")
    assert {r["rule"] for r in names} == {"person_named", "person_surname"}
    assert {r["matched_id"] for r in names} == {"P2"}


def test_deal_line_name_links_to_the_line_of_a_phone_in_the_same_text(
        world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    line = rows(store, "IR1", "line_name")
    assert [(r["normalised"], r["matched_type"], r["matched_id"], r["match_method"])
            for r in line] == [("Bobby", "line", "L1", "same_text_phone")]
    assert json.loads(line[0]["match_evidence"])["phones_in_text"] == sorted([LINE, OWN])


def test_a_report_about_unknown_things_keeps_its_mentions_unmatched(
        world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    found = rows(store, "IR4")
    types = {r["mention_type"] for r in found}
    assert {"nickname", "phone", "plate", "address", "postcode"} <= types
    assert all(r["matched_type"] is None and r["match_confidence"] is None for r in found)


def test_grade_weights_follow_the_grade_and_the_source_kind(
        world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    weights = dict(store.query("SELECT source_id, any_value(grade_weight) FROM text_mentions "
                               "GROUP BY 1"))
    assert weights["IR1"] == pytest.approx(1.0)  # 1A
    assert weights["IR2"] == pytest.approx(0.35)  # 2C
    assert weights["IR3"] == 0.0  # E
    assert weights["IR4"] == pytest.approx(0.8)  # 1B
    assert weights["T1"] == pytest.approx(0.35)  # tips count as 2C
    assert weights["A1"] == pytest.approx(1.0)  # public record


def test_mentions_inherit_the_handling_code_and_its_conditions(
        world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    codes = store.query("SELECT DISTINCT source_id, handling_code, handling_conditions "
                        "FROM text_mentions WHERE source_kind = 'intel' ORDER BY 1")
    assert codes == [("IR1", "P", None), ("IR2", "C", "Not to be shared outside the force."),
                     ("IR3", "P", None), ("IR4", "P", None)]
    assert store.query("SELECT DISTINCT handling_code FROM text_mentions "
                       "WHERE source_kind = 'tips'") == [(None,)]


def test_an_e_graded_report_alone_gives_no_support(world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    ghost = graded_support(store, "person", "P3")
    assert float(ghost) == 0.0
    assert ghost.evidence and all(e["source_id"] == "IR3" for e in ghost.evidence)
    assert all(not e["counted"] and "E" in e["reason"] for e in ghost.evidence)
    assert float(graded_support(store, "phone", GHOST)) == 0.0
    assert "P3" not in support_by_entity(store, "person")


def test_graded_support_adds_each_report_once(world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    holder = graded_support(store, "person", "P1")
    # IR1 (1A) names him three ways; its best row (the name, 0.9) counts once
    assert float(holder) == pytest.approx(0.9)
    assert sum(e["counted"] for e in holder.evidence) == 1
    line = graded_support(store, "phone", LINE)
    assert float(line) == pytest.approx(1.0 + 0.35)  # IR1 (1A) and the tip (2C)
    assert float(graded_support(store, "phone", LINE, sources=("intel",))) == pytest.approx(1.0)
    assert support_by_entity(store, "phone")[LINE] == pytest.approx(1.35)


def test_a_rerun_reuses_extractions_and_gives_the_same_rows(
        world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    sql = ("SELECT source_id, mention_type, normalised, span_start, matched_type, matched_id, "
           "match_confidence FROM text_mentions ORDER BY ALL")
    before = store.query(sql)
    summary = run(store)
    assert summary["extracted"] == 0 and summary["reused"] == 6
    assert store.query(sql) == before


def test_without_resolution_nicknames_match_nominal_records() -> None:
    store = build(Store.open(":memory:"), resolved=False)
    run(store, params={"sources": ["intel"], "record_outcomes": False})
    assert matched(store, "IR1", "nickname") == {("nominal", "rms:R1", "nickname")}
    assert ("nominal", "rms:R1", "nominal_phone") in matched(store, "IR1", "phone")
    assert store.count("article_outcomes") == 0
    store.close()


def test_quotes_in_text_are_data_not_sql(memory_store: Store) -> None:
    text = "A male known as 'O'Neil' uses 07700 900777; street name \"x' OR '1'='1\"."
    memory_store.write_rows("intel", [{"report_id": "Q'1", "received_at": T0,
                                       "source_evaluation": "2", "intelligence_assessment": "B",
                                       "handling_code": "P", "text": text}], mode="append")
    summary = run(memory_store)
    assert summary["texts"] == {"intel": 1}
    assert memory_store.scalar("SELECT count(*) FROM text_mentions WHERE source_id = ?",
                               ["Q'1"]) >= 1


def test_small_chunks_give_the_same_rows(world: tuple[Store, dict[str, Any]]) -> None:
    store, _ = world
    sql = ("SELECT source_id, mention_type, normalised, span_start, matched_type, matched_id, "
           "match_confidence FROM text_mentions ORDER BY ALL")
    before = store.query(sql)
    summary = run(store, params={"chunk_size": 2})
    assert summary["texts"] == {"intel": 4, "tips": 1, "articles": 1}
    assert store.query(sql) == before
    assert store.count("text_extractions") == 6
    assert not store.table_exists("lw_text_mentions_next")


def test_a_failed_run_leaves_the_previous_results(world: tuple[Store, dict[str, Any]],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = world
    before = store.count("text_mentions")
    run_id = store.scalar("SELECT any_value(run_id) FROM text_mentions")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("matching failed")

    monkeypatch.setattr("linewatch.text.intake.Matcher", broken)
    with pytest.raises(RuntimeError):
        run(store)
    assert store.count("text_mentions") == before
    assert store.scalar("SELECT any_value(run_id) FROM text_mentions") == run_id
    assert store.scalar("SELECT status FROM analysis_runs ORDER BY started_at DESC "
                        "LIMIT 1") == "failed"
