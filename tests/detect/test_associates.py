"""Associates known to police, and the controller's own phone found through the runners'."""

from __future__ import annotations

import json
from types import SimpleNamespace

from linewatch.detect import run
from linewatch.storage import Store

MATE, UNCLE, NEIGHBOUR, K2, RP1, RP2, PAL = (f"+4477009{i:05d}" for i in range(950, 957))


def _hm(h: int, m: int = 0) -> int:
    return (h - 1) * 3600 + m * 60


def _people(store: Store, rows: list[tuple[str, str | None, list[str], list[str]]],
            phones: list[tuple[str, str]]) -> None:
    store.execute("CREATE TABLE persons (person_id VARCHAR, address VARCHAR, postcode VARCHAR, "
                  "nicknames VARCHAR[], flags VARCHAR[], run_id VARCHAR)")
    for person, address, nicknames, flags in rows:
        store.execute("INSERT INTO persons VALUES (?, ?, NULL, ?, ?, 'r')",
                      [person, address, nicknames, flags])
    store.execute("CREATE TABLE phone_persons (number VARCHAR, person_id VARCHAR, "
                  "confidence DOUBLE, evidence JSON, run_id VARCHAR)")
    for number, person in phones:
        store.execute("INSERT INTO phone_persons VALUES (?, ?, 0.9, NULL, 'r')",
                      [number, person])


def _calls(store: Store, mini: SimpleNamespace, rows: list[tuple[int, int, str, str, str]]
           ) -> None:
    import datetime as dt
    start = store.query_one("SELECT max(_row) FROM cdr")[0]
    store.write_rows("cdr", [
        {"event_id": f"X{i}", "start_time": mini.START + dt.timedelta(days=day, seconds=at),
         "a_number": a, "b_number": b, "event_type": "voice", "duration_s": 60,
         "a_cell_id": cell, "b_cell_id": None, "a_imei": None, "a_imsi": None, "b_imei": None,
         "b_imsi": None, "_batch": 1, "_file": 1, "_row": start + i + 1}
        for i, (day, at, a, b, cell) in enumerate(rows)], mode="append")


def test_regular_contacts_of_the_controller_known_to_police_are_associates(
        mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        _calls(store, mini, [(day, _hm(15, i), mini.K, contact, "H1")
                             for day in range(8) for i, contact in
                             enumerate((MATE, UNCLE, NEIGHBOUR))])
        _people(store, [("P-BOSS", "12 Mill Road", [], []),
                        ("P-MATE", "4 Park Lane", ["Ghost"], []),      # a street name
                        ("P-UNCLE", "12 MILL RD", [], ["violence"]),    # the boss's household
                        ("P-NEIGHBOUR", "6 Park Lane", [], ["mental_health"])],
                [(mini.K, "P-BOSS"), (MATE, "P-MATE"), (UNCLE, "P-UNCLE"),
                 (NEIGHBOUR, "P-NEIGHBOUR")])
        run(store)
        roles = {p: (r, json.loads(e)) for p, r, e in store.query(
            "SELECT person_id, role, evidence FROM person_roles")}
        assert roles["P-BOSS"][0] == "controller"
        assert roles["P-MATE"][0] == "associate"
        assert roles["P-MATE"][1]["known_for"] == ["street name Ghost"]
        assert roles["P-MATE"][1]["days_in_touch"] == 8
        assert roles["P-UNCLE"][0] == "none", roles["P-UNCLE"]  # household, not an associate
        assert roles["P-NEIGHBOUR"][0] == "none"   # no sign of offending
    finally:
        store.close()


def test_an_offending_event_counts_but_being_the_victim_does_not(
        mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        _calls(store, mini, [(day, _hm(15, i), mini.K, contact, "H1")
                             for day in range(8) for i, contact in enumerate((MATE, UNCLE))])
        _people(store, [("P-BOSS", None, [], []), ("P-MATE", None, [], []),
                        ("P-UNCLE", None, [], [])],
                [(mini.K, "P-BOSS"), (MATE, "P-MATE"), (UNCLE, "P-UNCLE")])
        store.execute("CREATE TABLE person_records (person_id VARCHAR, source_system VARCHAR, "
                      "record_id VARCHAR, run_id VARCHAR)")
        store.execute("INSERT INTO person_records VALUES ('P-MATE', 'rms', 'N1', 'r'), "
                      "('P-UNCLE', 'rms', 'N2', 'r')")
        store.execute("INSERT INTO events (source_system, event_id, event_type, record_id, role) "
                      "VALUES ('rms', 'E1', 'arrest', 'N1', 'suspect'), "
                      "('rms', 'E2', 'arrest', 'N2', 'victim')")
        run(store)
        roles = {p: (r, json.loads(e)) for p, r, e in store.query(
            "SELECT person_id, role, evidence FROM person_roles")}
        assert roles["P-MATE"][0] == "associate"
        assert roles["P-MATE"][1]["known_for"] == ["1 arrest"]
        assert roles["P-UNCLE"][0] == "none"
    finally:
        store.close()


def test_the_controllers_own_phone_rings_the_runners_own_phones_from_where_it_is(
        mini: SimpleNamespace) -> None:
    """K2 rings both runners' personal phones from the controller phone's cells; a friend of
    both runners does so from another cell of the same area and stays a nobody."""
    store = mini.make_store()
    try:
        rows = []
        for day in range(8):
            rows += [(day, _hm(16), K2, RP1, "H2"), (day, _hm(16, 5), K2, RP2, "H1"),
                     (day, _hm(19), PAL, RP1, "H3"), (day, _hm(19, 5), PAL, RP2, "H3")]
        _calls(store, mini, rows)
        _people(store, [("P-RUN1", None, [], []), ("P-RUN2", None, [], []),
                        ("P-PAL", None, [], [])],
                [(mini.R1, "P-RUN1"), (RP1, "P-RUN1"), (mini.R2, "P-RUN2"), (RP2, "P-RUN2"),
                 (PAL, "P-PAL")])
        run(store)
        phones = {n: (r, json.loads(e)) for n, r, e in store.query(
            "SELECT number, role, evidence FROM phone_roles WHERE number IN (?, ?, ?, ?)",
            [K2, PAL, RP1, RP2])}
        assert phones[RP1][0] == phones[RP2][0] == "runner"
        assert phones[K2][0] == "controller"
        assert phones[K2][1]["controller_phone"] == mini.K
        assert phones[K2][1]["colocated_share"] == 1.0
        assert phones[K2][1]["runner_phones_contacted"] == sorted([RP1, RP2])
        assert phones[PAL][0] == "other"
    finally:
        store.close()
