"""Matching mentions to known phones, vehicles, persons, addresses and postcodes."""

from __future__ import annotations

import datetime as dt

import pytest

from linewatch.storage import Store
from linewatch.text.lookup import Match
from linewatch.text.matching import Matcher
from linewatch.text.matching_addresses import address_key
from linewatch.text.matching_names import name_key, nickname_key
from linewatch.text.mentions import MentionRow

T0 = dt.datetime(2024, 9, 2, 12, 0)


def row(kind: str, value: str) -> MentionRow:
    return MentionRow(kind, value, value, 0, len(value), "test")


def matches(store: Store, kind: str, value: str) -> list[Match]:
    return Matcher(store, [row(kind, value)]).match(row(kind, value))


def ids(found: list[Match]) -> set[tuple[str, str, str]]:
    return {(m.matched_type, m.matched_id, m.method) for m in found}


def nominals(store: Store, records: list[dict[str, object]]) -> None:
    base = {"phone": None, "nickname": None, "address": None, "postcode": None}
    store.write_rows("nominals", [{**base, **r} for r in records], mode="append")


def test_name_tiers_exact_variant_phonetic_and_initial(memory_store: Store) -> None:
    nominals(memory_store, [
        {"source_system": "rms", "record_id": "1", "surname": "SMITH", "forenames": "Thomas"},
        {"source_system": "rms", "record_id": "2", "surname": "Smyth", "forenames": "Tom"},
        {"source_system": "rms", "record_id": "3", "surname": "Brown", "forenames": "K"},
    ])
    assert ids(matches(memory_store, "person_name", "Thomas Smith")) == {
        ("nominal", "rms:1", "name_exact")}
    variant = matches(memory_store, "person_name", "Tommy Smith")
    assert ids(variant) == {("nominal", "rms:1", "name_variant")}
    assert variant[0].confidence == pytest.approx(0.75)
    assert ids(matches(memory_store, "person_name", "Thomas Jones")) == set()
    phonetic = matches(memory_store, "person_name", "Tom Smithe")
    assert ids(phonetic) == {("nominal", "rms:1", "name_phonetic"),
                             ("nominal", "rms:2", "name_phonetic")}
    assert all(m.confidence == pytest.approx(0.3) for m in phonetic)  # 0.6 shared by two
    assert ids(matches(memory_store, "person_name", "Kyle Brown")) == {
        ("nominal", "rms:3", "name_initial")}
    assert matches(memory_store, "person_name", "Kyle Green") == []


def test_records_of_one_person_give_one_match(memory_store: Store) -> None:
    nominals(memory_store, [
        {"source_system": "rms", "record_id": "1", "surname": "Okafor", "forenames": "Jay"},
        {"source_system": "custody", "record_id": "9", "surname": "OKAFOR", "forenames": "JAY"},
    ])
    memory_store.write_rows("person_records", [
        {"person_id": "P7", "source_system": "rms", "record_id": "1", "run_id": "r"},
        {"person_id": "P7", "source_system": "custody", "record_id": "9", "run_id": "r"}])
    found = matches(memory_store, "person_name", "Jay Okafor")
    assert ids(found) == {("person", "P7", "name_exact")}
    assert found[0].confidence == pytest.approx(0.9)
    assert sorted(found[0].evidence["records"]) == ["custody:9", "rms:1"]


def test_a_nickname_shared_by_two_persons_splits_the_confidence(memory_store: Store) -> None:
    nominals(memory_store, [
        {"source_system": "rms", "record_id": "1", "surname": "A", "forenames": "B",
         "nickname": ["Dee"]},
        {"source_system": "rms", "record_id": "2", "surname": "C", "forenames": "D",
         "nickname": ["DEE", "K-Dog"]},
    ])
    dee = matches(memory_store, "nickname", "dee")
    assert ids(dee) == {("nominal", "rms:1", "nickname"), ("nominal", "rms:2", "nickname")}
    assert all(m.confidence == pytest.approx(0.3) and m.evidence["candidates"] == 2
               for m in dee)
    assert ids(matches(memory_store, "nickname", "KDOG")) == {("nominal", "rms:2", "nickname")}
    assert nickname_key("K-Dog") == nickname_key("kdog") == "KDOG"


def test_phone_sources_are_named_and_unknown_numbers_match_nothing(memory_store: Store) -> None:
    memory_store.write_rows("cdr", [{"start_time": T0, "a_number": "+447700900001",
                                     "b_number": "+447700900002", "event_type": "voice"}],
                            mode="append")
    memory_store.write_rows("subscribers", [{"number": "+447700900002",
                                             "account_type": "contract"}], mode="append")
    memory_store.write_rows("phone_roles", [
        {"number": "+447700900002", "role": "customer", "line_id": "L9", "person_id": None,
         "confidence": 0.9, "evidence": "{}", "run_id": "d"}])
    found = matches(memory_store, "phone", "+447700900002")
    assert ids(found) == {("phone", "+447700900002", "exact:cdr+subscribers+phone_roles")}
    assert found[0].evidence["cdr_events"] == 1  # a customer is not part of the line it buys
    assert matches(memory_store, "phone", "+447700900999") == []


def test_phone_person_from_phone_persons_keeps_its_confidence(memory_store: Store) -> None:
    memory_store.write_rows("phone_persons", [{"number": "+447700900005", "person_id": "P2",
                                               "confidence": 0.55, "evidence": "{}",
                                               "run_id": "r"}])
    found = matches(memory_store, "phone", "+447700900005")
    assert ids(found) == {("person", "P2", "phone_persons")}
    assert found[0].confidence == pytest.approx(0.55)


def test_plates_match_anpr_and_seizures(memory_store: Store) -> None:
    memory_store.write_rows("anpr", [{"read_at": T0, "vrm": "LD68WZT", "camera_id": "C",
                                      "lat": 1.0, "lon": 1.0}] * 2, mode="append")
    memory_store.write_rows("seizures", [{"seizure_id": "S1", "item_type": "vehicle",
                                          "vrm": "LD68WZT"}], mode="append")
    found = matches(memory_store, "plate", "LD68WZT")
    assert ids(found) == {("vehicle", "LD68WZT", "exact:anpr+seizures")}
    assert found[0].evidence["anpr"]["reads"] == 2 and found[0].evidence["seizures"] == ["S1"]
    assert matches(memory_store, "plate", "KX19LMR") == []


def test_address_keys_expand_abbreviations_and_read_flat_postcode_and_town() -> None:
    a = address_key("Flat 2, 14 Acacia Ave, Chatham ME4 4QU")
    b = address_key("FLAT 2, 14 ACACIA AVENUE, CHATHAM")
    assert a is not None and b is not None
    assert a.dwelling == b.dwelling == "F2 14 ACACIA AVENUE"
    assert (a.flat, a.postcode, a.town) == ("2", "ME4 4QU", "CHATHAM")
    assert address_key("the park") is None


def test_addresses_must_agree_on_postcode_or_town(memory_store: Store) -> None:
    memory_store.write_rows("addresses", [
        {"address": "12 High Street, Chatham", "postcode": "ME4 4AA"},
        {"address": "12 High Street, Dover", "postcode": "CT16 1AA"},
        {"address": "Flat 3, 9 Mill Road, Deal", "postcode": None}], mode="append")
    assert ids(matches(memory_store, "address", "12 High Street, Chatham ME4 4AA")) == {
        ("address", "12 High Street, Chatham", "address_exact")}
    assert ids(matches(memory_store, "address", "12 High St, Dover")) == {
        ("address", "12 High Street, Dover", "address_exact")}
    assert matches(memory_store, "address", "12 High Street, Margate") == []
    assert matches(memory_store, "address", "12 High Street, Chatham ME4 9ZZ") == []
    unplaced = matches(memory_store, "address", "12 High Street")
    assert len(unplaced) == 2 and all(m.confidence == pytest.approx(0.9 * 0.6 / 2)
                                      for m in unplaced)
    building = matches(memory_store, "address", "9 Mill Road, Deal")
    assert ids(building) == {("address", "Flat 3, 9 Mill Road, Deal", "address_building")}
    assert matches(memory_store, "address", "Flat 4, 9 Mill Road, Deal") == []


def test_postcodes_match_where_they_are_known(memory_store: Store) -> None:
    memory_store.write_rows("addresses", [{"address": "1 A Road", "postcode": "ME4 4QU"}],
                            mode="append")
    nominals(memory_store, [{"source_system": "rms", "record_id": "1", "postcode": "ME4 4QU"}])
    found = matches(memory_store, "postcode", "ME4 4QU")
    assert ids(found) == {("postcode", "ME4 4QU", "exact:addresses+nominals")}
    assert matches(memory_store, "postcode", "CT1 1AA") == []


def test_line_names_share_the_lines_of_the_phones_in_the_text(memory_store: Store) -> None:
    memory_store.write_rows("line_numbers", [
        {"line_id": "L1", "number": "+447700900001", "run_id": "d"},
        {"line_id": "L2", "number": "+447700900002", "run_id": "d"}])
    text = [MentionRow("line_name", "the 'Ace' line", "Ace", 0, 14, "quoted_line"),
            MentionRow("phone", "07700 900001", "+447700900001", 20, 32, "phonenumbers"),
            MentionRow("phone", "07700 900002", "+447700900002", 40, 52, "phonenumbers")]
    found = Matcher(memory_store, text).match_text(text)
    assert ids(found[0]) == {("line", "L1", "same_text_phone"), ("line", "L2", "same_text_phone")}
    assert all(m.confidence == pytest.approx(0.4) for m in found[0])
    alone = [text[0]]
    assert Matcher(memory_store, alone).match_text(alone) == [[]]


def test_name_key_joins_surname_particles() -> None:
    key = name_key("Connor Mc Donald", {})
    assert key is not None and (key.forename, key.surname) == ("CONNOR", "MCDONALD")
    assert name_key("Madonna", {}) is None


def test_confidences_can_be_set_by_method_name(memory_store: Store) -> None:
    nominals(memory_store, [{"source_system": "rms", "record_id": "1", "surname": "A",
                             "forenames": "B", "nickname": ["Dee"]}])
    dee = row("nickname", "Dee")
    found = Matcher(memory_store, [dee], {"confidence": {"nickname": 0.5}}).match(dee)
    assert [m.confidence for m in found] == [0.5]
