"""The truth describes exactly the data: every id in it exists in the bundle and back."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from simhelpers import e164, read_csv

PERSON_ROLES = {"controller", "runner", "trap_occupant", "customer", "associate", "none"}
PHONE_ROLES = {"deal_line", "controller", "runner", "trap", "customer", "other"}


def _cdr_numbers(tiny: Path) -> set[str]:
    numbers: set[str] = set()
    for row in read_csv(tiny / "data" / "cdr.csv"):
        numbers.add(e164(row["a_number"]))
        numbers.add(e164(row["b_number"]))
    return numbers


def test_truth_phones_are_exactly_the_cdr_numbers(tiny: Path) -> None:
    phones = read_csv(tiny / "truth" / "phones.csv")
    assert {p["number"] for p in phones} == _cdr_numbers(tiny)
    assert {p["role"] for p in phones} <= PHONE_ROLES
    assert {"deal_line", "controller", "runner", "customer", "other"} <= {p["role"] for p in phones}


def test_every_record_and_event_has_a_true_identity(tiny: Path) -> None:
    truth_records = {(r["source_system"], r["record_id"]): r["person_id"]
                     for r in read_csv(tiny / "truth" / "nominal_records.csv")}
    data_records = {(r["source_system"], r["record_id"])
                    for r in read_csv(tiny / "data" / "nominals.csv")}
    assert set(truth_records) == data_records
    persons = {p["person_id"]: p for p in read_csv(tiny / "truth" / "persons.csv")}
    assert set(truth_records.values()) <= set(persons)
    assert {p["role"] for p in persons.values()} <= PERSON_ROLES
    for phone in read_csv(tiny / "truth" / "phones.csv"):
        assert phone["person_id"] == "" or phone["person_id"] in persons
    truth_events = {(r["source_system"], r["event_id"])
                    for r in read_csv(tiny / "truth" / "events.csv")}
    assert truth_events == {(r["source_system"], r["event_id"])
                            for r in read_csv(tiny / "data" / "events.csv")}


def test_lines_numbers_and_handsets_agree_with_the_cdr(tiny: Path) -> None:
    roles = {p["number"]: p["role"] for p in read_csv(tiny / "truth" / "phones.csv")}
    numbers = read_csv(tiny / "truth" / "line_numbers.csv")
    assert numbers and all(roles[n["number"]] == "deal_line" for n in numbers)
    assert {n["number"] for n in numbers} == {k for k, v in roles.items() if v == "deal_line"}
    assert any(n["previous_number"] for n in numbers), "no number switch in the scenario"
    handsets: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in read_csv(tiny / "truth" / "handsets.csv"):
        handsets.setdefault((row["number"], row["imei"]), []).append(
            (row["valid_from"], row["valid_to"]))
    for row in read_csv(tiny / "data" / "cdr.csv"):
        if not row["a_imei"]:
            continue
        spans = handsets[(e164(row["a_number"]), row["a_imei"])]
        when = dt.datetime.fromisoformat(row["start_time"]).astimezone(dt.UTC).date().isoformat()
        assert any((not a or a <= when) and (not b or when <= b) for a, b in spans)


def test_trap_addresses_are_in_the_address_file(tiny: Path) -> None:
    known = {r["address"] for r in read_csv(tiny / "data" / "addresses.csv")}
    traps = read_csv(tiny / "truth" / "addresses.csv")
    assert any(t["cuckooed"] == "1" for t in traps)
    assert all(t["address"] in known for t in traps)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_text_facts_are_what_the_texts_say(tiny: Path) -> None:
    data = tiny / "data"
    texts = {r["report_id"]: r["text"] for r in read_csv(data / "intel.csv")}
    texts |= {r["tip_id"]: r["text"] for r in read_csv(data / "tips.csv")}
    texts |= {f"articles/{p.name}": p.read_text(encoding="utf-8")
              for p in (data / "articles").glob("*.txt")}
    entries = [json.loads(line) for line in
               (tiny / "truth" / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["id"] for e in entries} == set(texts)
    for entry in entries:
        text, facts = texts[entry["id"]], entry["facts"]
        assert entry["text"] == text
        for number in facts["phones"]:
            assert number[3:] in _digits(text), (number, text)
        for vrm in facts["vehicles"]:
            assert vrm.replace(" ", "") in text.replace(" ", "")
        for word in facts["nicknames"] + facts["locations"] + facts["line_brands"]:
            assert word in text
        if facts["cash_gbp"] is not None:
            assert f"£{facts['cash_gbp']:,}" in text


def test_exploited_people_are_children_or_vulnerable_adults(tiny: Path) -> None:
    persons = read_csv(tiny / "truth" / "persons.csv")
    exploited = [p for p in persons if p["exploited"] == "1"]
    assert any(p["child"] == "1" and p["role"] == "runner" for p in exploited)
    assert any(p["role"] == "trap_occupant" for p in exploited)
    for person in exploited:
        assert person["exploitation"] in ("child_criminal_exploitation", "cuckooing",
                                          "adult_criminal_exploitation")
        if person["child"] == "1":
            assert int(person["age"]) < 18
