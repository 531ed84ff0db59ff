"""Mention rows from an extraction, and the intelligence-log cues the intake adds."""

from __future__ import annotations

from typing import Any

from linewatch.text import extract
from linewatch.text.cues import caps_names, line_cues, nickname_cues
from linewatch.text.mentions import MENTION_TYPES, mention_rows


def values(text: str, kind: str, forenames: set[str] | None = None) -> list[tuple[str, str]]:
    rows = mention_rows(text, extract(text).to_dict(), forenames=forenames or set())
    return [(r.normalised, r.rule) for r in rows if r.mention_type == kind]


def test_nickname_cues_find_street_names_but_not_line_names() -> None:
    text = ("A boy of about 16 called 'Diesel' is dealing. A deal line called Monty runs here. "
            "Subject known as TINY. He called them back.")
    assert [(c.value, c.rule) for c in nickname_cues(text)] == [
        ("Diesel", "nickname_cue"), ("TINY", "nickname_cue")]


def test_a_quoted_capitalised_word_is_a_nickname_unless_it_names_a_line() -> None:
    text = "'Chops', who lives in Croydon, holds the 'Rocket' line; users save it as 'Ace'."
    assert [(c.value, c.rule) for c in nickname_cues(text)] == [("Chops", "quoted_name")]
    assert [(c.value, c.rule) for c in line_cues(text)] == [("Ace", "saved_as")]


def test_caps_surnames_need_a_known_forename() -> None:
    text = "Kyle James BROWN met SMITH, John and Kent POLICE at CCTV."
    found = caps_names(text, {"KYLE", "JOHN", "KENT"})
    assert [(c.value, c.rule) for c in found] == [("Kyle Brown", "caps_surname"),
                                                  ("John Smith", "surname_comma")]
    assert caps_names(text, set()) == []


def test_rows_carry_spans_rules_and_normalised_forms() -> None:
    text = ("Marcus HALE, known as 'Tiny', runs the 'Bobby' line on 07700 900222 from "
            "14 Acacia Avenue, Chatham ME4 4QU with £500 cash, a zombie knife and heroin. "
            "He drives LD68 WZT. Operation Viper.")
    rows = mention_rows(text, extract(text).to_dict(), forenames={"MARCUS"})
    for r in rows:
        assert r.mention_type in MENTION_TYPES
        assert text[r.start:r.end] == r.value or r.mention_type in {"address", "line_name"}
    by_type = {r.mention_type: r.normalised for r in rows}
    assert by_type["phone"] == "+447700900222"
    assert by_type["plate"] == "LD68WZT"
    assert by_type["postcode"] == "ME4 4QU"
    assert by_type["address"] == "14 Acacia Avenue, Chatham ME4 4QU"
    assert by_type["person_name"] == "Marcus Hale"
    assert by_type["nickname"] == "Tiny"
    assert by_type["line_name"] == "Bobby"
    assert by_type["money"] == "500.00"
    assert by_type["weapon"] == "zombie knife"
    assert by_type["drug"] == "heroin"
    assert by_type["operation"] == "Operation Viper"
    assert by_type["place"] == "Chatham"


def test_a_nickname_is_a_mention_each_time_it_is_used() -> None:
    text = "'Chops' holds the line. Chops was seen in Croydon. Chopsy is someone else."
    assert values(text, "nickname") == [("Chops", "quoted_name"), ("Chops", "nickname_repeat")]


def test_a_name_inside_a_street_address_is_not_a_person() -> None:
    text = "Drugs are stored at 23 Milton Mews, Maidstone ME15 7BN."
    assert values(text, "person_name") == []
    assert values(text, "address") == [("23 Milton Mews, Maidstone ME15 7BN", "street_address")]


def test_the_nickname_is_taken_out_of_a_full_name() -> None:
    assert values("Dwayne 'Dizzy' Marsh, 19, of Peckham was stopped.", "person_name") == [
        ("Dwayne Marsh", "person_named")]


def test_drug_context_is_kept_in_the_rule() -> None:
    extraction: dict[str, Any] = {"mentions": {"drug": [
        {"name": None, "drug_class": "A", "context": "offence",
         "span": {"start": 0, "end": 7, "text": "Class A", "rule": "drug_class"}}]}}
    rows = mention_rows("Class A supply", extraction)
    assert [(r.normalised, r.rule) for r in rows] == [("Class A", "drug_class:offence")]


def test_an_empty_extraction_gives_no_rows() -> None:
    assert mention_rows("", {}) == []


def test_a_name_after_a_naming_cue_is_not_a_weapon() -> None:
    text = "A male called 'Blade' is selling cocaine. Blade carries a blade."
    rows = mention_rows(text, extract(text).to_dict())
    assert [(r.normalised, r.start) for r in rows if r.mention_type == "nickname"] == [
        ("Blade", 15), ("Blade", 42)]
    assert [(r.normalised, r.start) for r in rows if r.mention_type == "weapon"] == [
        ("knife", 58)]  # the lower-case blade is still a weapon


def test_a_two_word_nickname_is_one_mention() -> None:
    text = "Their runners include a young man known as 'Lil J', aged around 22."
    assert values(text, "nickname") == [("Lil J", "nickname_cue")]


def test_the_name_a_line_advertises_is_a_line_name() -> None:
    text = "Someone is sending mass texts from +44 7700 937968 advertising 'Rambo'."
    assert values(text, "line_name") == [("Rambo", "advertised_as")]
    assert values(text, "nickname") == []
