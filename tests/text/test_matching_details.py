"""A person named in a press release matched to records where name, age and town agree."""

from __future__ import annotations

import datetime as dt

import pytest

from linewatch.storage import Store
from linewatch.text import extract
from linewatch.text.matching import Matcher
from linewatch.text.matching_details import Details, age_on, check_age, check_town
from linewatch.text.mentions import MentionRow, mention_rows

RELEASE = ("Published 14 March 2025. Corin Vale, 23, of Gillingham, was jailed for six years "
           "at the crown court after admitting possession with intent to supply heroin.")


def _nominals(store: Store) -> None:
    base = {"phone": None, "nickname": None, "postcode": None, "sex": "M"}
    store.write_rows("nominals", [
        {**base, "source_system": "rms", "record_id": "1", "surname": "Vale",
         "forenames": "Corin", "dob": dt.date(2001, 6, 30), "address": "4 Elm Row, Gillingham"},
        {**base, "source_system": "rms", "record_id": "2", "surname": "VALE",
         "forenames": "CORIN", "dob": dt.date(1970, 1, 2), "address": "9 Oak Lane, Gillingham"},
        {**base, "source_system": "rms", "record_id": "3", "surname": "Vale",
         "forenames": "Corin", "dob": None, "address": "2 Ash Way, Dover"},
    ], mode="append")


def _name_rows(text: str) -> list[MentionRow]:
    return [r for r in mention_rows(text, extract(text).to_dict())
            if r.mention_type == "person_name"]


def test_the_name_row_carries_the_stated_age_town_and_the_text_date() -> None:
    rows = _name_rows(RELEASE)
    assert [(r.normalised, r.age, r.town, r.text_date) for r in rows][0] == (
        "Corin Vale", 23, "Gillingham", "2025-03-14")


def test_a_record_whose_age_and_town_agree_is_the_match_and_says_why(
        memory_store: Store) -> None:
    _nominals(memory_store)
    rows = _name_rows(RELEASE)
    found = Matcher(memory_store, rows).match(rows[0])
    assert [(m.matched_id, m.method) for m in found] == [("rms:1", "name_exact")]
    assert found[0].confidence == pytest.approx(0.9 + 2 * 0.05)
    evidence = found[0].evidence
    assert (evidence["age"], evidence["town"]) == ("agrees", "agrees")
    assert "age 23 fits date of birth 2001-06-30" in evidence["explanation"]
    assert "Gillingham" in evidence["explanation"]


def test_without_details_the_name_alone_matches_every_record_equally(
        memory_store: Store) -> None:
    _nominals(memory_store)
    row = MentionRow("person_name", "Corin Vale", "Corin Vale", 0, 10, "test")
    found = Matcher(memory_store, [row]).match(row)
    assert sorted(m.matched_id for m in found) == ["rms:1", "rms:2", "rms:3"]
    assert all("explanation" not in m.evidence for m in found)


def test_a_different_age_rules_a_record_out_and_an_unknown_one_does_not(
        memory_store: Store) -> None:
    _nominals(memory_store)
    row = MentionRow("person_name", "Corin Vale", "Corin Vale", 0, 10, "test", 40, "Dover",
                     "2025-03-14")
    found = Matcher(memory_store, [row]).match(row)
    assert [m.matched_id for m in found] == ["rms:3"]  # rms:1 is 23 and rms:2 is 55
    assert found[0].evidence["town"] == "agrees" and found[0].evidence["age"] == "unknown"


def test_checks_on_their_own() -> None:
    assert age_on(dt.date(2001, 6, 30), dt.date(2025, 3, 14)) == 23
    assert check_age(Details(24, None, "2025-03-14"), dt.date(2001, 6, 30))[0] == "agrees"
    assert check_age(Details(30, None, "2025-03-14"), "2001-06-30")[0] == "differs"
    assert check_age(Details(23, None, None), dt.date(2001, 6, 30))[0] == "unknown"
    assert check_town(Details(None, "Gillingham"), "4 Elm Row, GILLINGHAM ME7")[0] == "agrees"
    assert check_town(Details(None, "Hill"), "4 Hillside, Dover")[0] == "not_in_address"
    assert not Details(None, None, "2025-01-01")
