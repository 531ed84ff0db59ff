"""Trap addresses from places and records, and their residents found without a phone."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from linewatch.detect.params import DetectParams
from linewatch.detect.places import Whereabouts
from linewatch.detect.roles import LineCrew
from linewatch.detect.trap_occupants import (
    customer_contact_cells,
    dwelling,
    line_places,
    occupants,
    trap_addresses_from_evidence,
)
from linewatch.storage import Store

CELLS = {"M1": (51.380, 0.520), "M2": (51.390, 0.540), "HOME": (51.370, 0.500)}
LINE = "+447700900001"
TRAP, NEXT_DOOR, FLAGGED, FAR = ("12 Acacia Avenue, Townly", "14 Acacia Avenue, Townly",
                                 "9 Cedar Close, Townly", "30 Far Lane, Elsewhere")


def _address(address: str, lat: float, lon: float, flags: list[str]) -> dict[str, object]:
    return {"address": address, "postcode": "AB1 2CD", "lat": lat, "lon": lon, "flags": flags}


def _store(*, with_signs: bool = True, text: bool = False) -> Store:
    store = Store.open(":memory:")
    store.write_rows("addresses", [
        _address(TRAP, 51.382, 0.522, ["vulnerable_occupant"] if with_signs else []),
        _address(NEXT_DOOR, 51.3822, 0.5222, []),
        _address(FLAGGED, 51.378, 0.515, ["social_housing"]),
        _address(FAR, 51.700, 1.200, ["vulnerable_occupant"])], mode="append")
    events = [("E1", "asb_report", NEXT_DOOR), ("E9", "asb_report", FAR),
              ("E10", "warrant", FAR), ("E11", "welfare_check", FAR)]
    if with_signs:
        events += [("E2", "asb_report", TRAP), ("E3", "welfare_check", TRAP)]
    store.write_rows("events", [
        {"source_system": "rms", "event_id": e, "event_type": kind,
         "occurred_at": "2024-09-03T20:00:00", "address": address, "postcode": "AB1 2CD"}
        for e, kind, address in events], mode="append")
    # the occupant's record writes the address differently; the neighbour lives next door
    store.write_rows("nominals", [
        {"source_system": "sc", "record_id": "SC-1", "surname": "Occ", "forenames": "Ann",
         "address": "12 Acacia Ave, Townly", "postcode": "AB12CD",
         "flags": ["vulnerable_adult"]},
        {"source_system": "rms", "record_id": "RMS-2", "surname": "Nay", "forenames": "Bob",
         "address": NEXT_DOOR, "postcode": "AB1 2CD", "flags": []},
        {"source_system": "rms", "record_id": "RMS-3", "surname": "Occ", "forenames": "Cy",
         "address": TRAP, "postcode": "AB1 2CD", "flags": []}], mode="append")
    store.execute("CREATE TABLE person_records (person_id VARCHAR, source_system VARCHAR, "
                  "record_id VARCHAR, run_id VARCHAR)")
    store.execute("INSERT INTO person_records VALUES ('P-OCC', 'sc', 'SC-1', 'r'), "
                  "('P-NEXT', 'rms', 'RMS-2', 'r'), ('P-HOUSE', 'rms', 'RMS-3', 'r')")
    store.execute("CREATE TABLE resolve_records (source_system VARCHAR, record_id VARCHAR, "
                  "addr_key VARCHAR, postcode VARCHAR)")
    store.execute("INSERT INTO resolve_records VALUES ('sc', 'SC-1', '12 ACACIA AVENUE', "
                  "'AB1 2CD'), ('rms', 'RMS-2', '14 ACACIA AVENUE', 'AB1 2CD'), "
                  "('rms', 'RMS-3', '12 ACACIA AVENUE', 'AB1 2CD')")
    store.execute("CREATE TABLE text_mentions (source_kind VARCHAR, source_id VARCHAR, "
                  "mention_type VARCHAR, value VARCHAR, normalised VARCHAR, "
                  "intelligence_assessment VARCHAR, matched_type VARCHAR, matched_id VARCHAR, "
                  "match_evidence JSON)")
    if text:
        store.execute("INSERT INTO text_mentions (source_kind, source_id, mention_type, value, "
                      "normalised) VALUES ('tips', 'T1', 'phone', '07700900001', ?), "
                      "('tips', 'T1', 'address', '12 Acacia Avenue, Townly', NULL)", [LINE])
    return store


def _report(store: Store, source_id: str, grade: str | None, address: str = TRAP) -> None:
    """An intelligence report (or, without a grade, a tip) naming a known address, no phone."""
    kind = "intel" if grade else "tips"
    store.execute("INSERT INTO text_mentions VALUES (?, ?, 'address', ?, ?, ?, 'address', ?, "
                  "?)", [kind, source_id, address, address, grade, address,
                         '{"postcode": "AB1 2CD"}'])


def _crew() -> tuple[LineCrew, dict[str, Whereabouts]]:
    crew = LineCrew("L1", market_area=1, runners=["R1"])
    runner = Whereabouts(home_cell="M1", home_area=1, located=12,
                         cells=Counter({"M1": 12}), night_cells=Counter({"M1": 5}),
                         cell_area={"M1": 1})
    return crew, {"R1": runner}


def _trap_rows(store: Store) -> list[dict[str, object]]:
    crew, where = _crew()
    return trap_addresses_from_evidence(store, [crew], where, CELLS, {LINE: "L1"}, [],
                                        DetectParams())


def test_the_address_with_several_signs_near_the_runners_bed_is_the_trap() -> None:
    store = _store()
    try:
        rows = _trap_rows(store)
        assert [r["address"] for r in rows] == [TRAP]
        evidence = rows[0]["evidence"]
        assert evidence["events_at_address"] == {"asb_report": 1, "welfare_check": 1}
        assert evidence["vulnerable_residents"] == ["P-OCC"]
        assert evidence["places"][0]["kind"] == "runner_dwelling"
        assert evidence["residents"] == ["P-HOUSE", "P-OCC"]
        # the occupant has no phone at all: found through the record's address; of the two
        # residents, the one whose record says vulnerable is the occupant
        assert occupants(store, rows) == [("P-OCC", "L1", TRAP, rows[0]["confidence"])]
        words = DetectParams(vulnerability_flags=("nothing-matches",))
        assert [o[0] for o in occupants(store, rows, words)] == ["P-HOUSE", "P-OCC"]
    finally:
        store.close()


def test_ordinary_signs_alone_do_not_make_a_trap() -> None:
    store = _store(with_signs=False)
    try:
        assert _trap_rows(store) == []
    finally:
        store.close()


def test_a_text_naming_the_address_with_the_line_number_is_enough() -> None:
    store = _store(with_signs=False, text=True)
    try:
        rows = _trap_rows(store)
        assert [r["address"] for r in rows] == [TRAP]
        assert rows[0]["evidence"]["texts_naming_it_with_line_number"] == ["tips:T1"]
    finally:
        store.close()


def test_reports_naming_an_address_count_as_recorded_evidence_but_never_e_graded() -> None:
    store = _store(with_signs=False)
    try:
        # a vulnerable resident and one welfare check: two kinds of signs, not yet a trap
        store.write_rows("events", [{"source_system": "rms", "event_id": "W1",
                                     "event_type": "welfare_check",
                                     "occurred_at": "2024-09-04T10:00:00", "address": TRAP,
                                     "postcode": "AB1 2CD"}], mode="append")
        assert _trap_rows(store) == []
        _report(store, "INT-9", "E")  # suspected false: never counts
        assert _trap_rows(store) == []
        _report(store, "T7", None)  # an anonymous tip naming the address
        rows = _trap_rows(store)
        assert [r["address"] for r in rows] == [TRAP]
        assert rows[0]["evidence"]["reports_naming_it"] == ["tips:T7"]
        assert rows[0]["evidence"]["recorded_evidence"] == 3.0
    finally:
        store.close()


def test_customers_converging_away_from_home_mark_a_place() -> None:
    crew = LineCrew("L1", market_area=1, customers={f"C{i}" for i in range(10)})
    where = {f"C{i}": Whereabouts(home_cell="HOME", home_area=1) for i in range(10)}
    cells = {f"C{i}": Counter({"HOME": 3, "M2": 1}) for i in range(6)}
    cells.update({f"C{i}": Counter({"HOME": 4}) for i in range(6, 10)})
    places = line_places(crew, where, cells, DetectParams())
    assert [(p.cell, p.kind, p.customers) for p in places] == [("M2", "customers_converge", 6)]
    assert line_places(crew, where, cells, DetectParams(converge_min_customers=7)) == []


def test_dwelling_keys_read_abbreviations_and_postcode_spacing_alike() -> None:
    assert dwelling("12 Acacia Ave, Townly", "ab12cd") == dwelling(TRAP, "AB1 2CD")
    assert dwelling(NEXT_DOOR, "AB1 2CD") != dwelling(TRAP, "AB1 2CD")


def test_customer_contact_cells_count_the_customers_side_of_events_to_the_line() -> None:
    store = Store.open(":memory:")
    try:
        t = dt.datetime(2024, 9, 2, 12)
        store.write_rows("cdr", [
            {"start_time": t, "a_number": "+447700900101", "b_number": LINE,
             "event_type": "sms", "a_cell_id": "M2"},
            {"start_time": t + dt.timedelta(hours=1), "a_number": "+447700900101",
             "b_number": LINE, "event_type": "sms", "a_cell_id": "M2"},
            {"start_time": t, "a_number": "+447700900101", "b_number": "+447700900555",
             "event_type": "sms", "a_cell_id": "HOME"},  # not to the line
            {"start_time": t, "a_number": LINE, "b_number": "+447700900101",
             "event_type": "sms", "a_cell_id": "M1"}], mode="append")  # the line's side
        cells = customer_contact_cells(store, {LINE: "L1"}, {"+447700900101"})
    finally:
        store.close()
    assert cells == {"+447700900101": Counter({"M2": 2})}


def test_an_address_named_with_the_line_number_far_from_its_phones_is_kept() -> None:
    store = _store(with_signs=False)
    try:
        store.execute("INSERT INTO text_mentions (source_kind, source_id, mention_type, "
                      "value, normalised) VALUES ('intel', 'I1', 'phone', 'x', ?), "
                      "('intel', 'I1', 'address', '30 Far Lane, Elsewhere AB1 2CD', NULL), "
                      "('intel', 'I1', 'address', '5 No Postcode Road', NULL), "
                      "('intel', 'I2', 'phone', 'x', ?), "
                      "('intel', 'I2', 'address', '7 Split Street, Elsewhere', NULL), "
                      "('intel', 'I2', 'postcode', 'ZZ9 9ZZ', NULL)", [LINE, LINE])
        rows = _trap_rows(store)
    finally:
        store.close()
    # named with a postcode: kept; without one it could be in any town; and the line's own
    # records naming an address outrank the evidence-only rule
    assert [(r["address"], r["evidence"]["rule"].split()[0]) for r in rows] == [
        ("30 Far Lane, Elsewhere AB1 2CD", "named"),
        ("7 Split Street, Elsewhere ZZ9 9ZZ", "named")]  # the text's one postcode


def test_runners_dwelling_in_a_second_customer_area_mark_a_place() -> None:
    """A town the cell sites split in two: 60% of the customers live in area 1 (the market),
    40% in area 4, where the runner phone spends its nights. The runner's dwelling counts;
    with 10% of the customers in area 4 it does not (a runner's home elsewhere)."""
    runner = Whereabouts(home_cell="M4", home_area=4, located=10,
                         areas=Counter({4: 10}), cells=Counter({"M4": 10}),
                         night_cells=Counter({"M4": 6}), cell_area={"M4": 4})
    for in_area_four, expected in ((4, [("runner_dwelling", "M4")]), (1, [])):
        where = {"R": runner}
        where |= {f"C{i}": Whereabouts(home_cell="X", home_area=4 if i < in_area_four else 1)
                  for i in range(10)}
        crew = LineCrew("L1", 1, customers={f"C{i}" for i in range(10)}, runners=["R"])
        places = line_places(crew, where, {}, DetectParams())
        assert [(p.kind, p.cell) for p in places] == expected
