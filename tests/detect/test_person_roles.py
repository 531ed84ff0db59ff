"""Person roles from the roles of the phones resolution ties to each person."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from linewatch.detect import run
from linewatch.storage import Store


def test_persons_take_the_strongest_role_of_their_phones(mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        store.execute("CREATE TABLE persons (person_id VARCHAR, address VARCHAR, "
                      "postcode VARCHAR, run_id VARCHAR)")
        for person in ("P-BOSS", "P-RUNNER", "P-BUYER", "P-NOBODY"):
            store.execute("INSERT INTO persons VALUES (?, NULL, NULL, 'r')", [person])
        store.execute("CREATE TABLE phone_persons (number VARCHAR, person_id VARCHAR, "
                      "confidence DOUBLE, evidence JSON, run_id VARCHAR)")
        for number, person in [(mini.K, "P-BOSS"), (mini.R1, "P-RUNNER"),
                               (mini.CUSTOMERS[0], "P-BUYER"), (mini.GP, "P-NOBODY"),
                               (mini.CUSTOMERS[1], "P-RUNNER")]:
            store.execute("INSERT INTO phone_persons VALUES (?, ?, 0.9, NULL, 'r')",
                          [number, person])
        run(store)
        roles = dict(store.query("SELECT person_id, role FROM person_roles"))
        assert roles == {"P-BOSS": "controller", "P-RUNNER": "runner",
                         "P-BUYER": "customer", "P-NOBODY": "none"}
        # the runner's other phone (a customer number here) takes the runner role too
        phone = store.query_one("SELECT role, person_id FROM phone_roles WHERE number = ?",
                                [mini.CUSTOMERS[1]])
        assert phone == ("runner", "P-RUNNER")
    finally:
        store.close()


def _phone_roles_store(rows: list[tuple[str, str, str | None, str, float]]) -> Store:
    """An in-memory store holding only ``phone_roles`` with these rows."""
    store = Store.open(":memory:")
    store.execute("CREATE TABLE phone_roles (number VARCHAR, role VARCHAR, line_id VARCHAR, "
                  "person_id VARCHAR, confidence DOUBLE, evidence JSON)")
    store.executemany("INSERT INTO phone_roles VALUES (?, ?, ?, ?, ?, '{}')", rows)
    return store


def test_a_trap_occupants_own_phone_becomes_the_traps_phone() -> None:
    import json as _json

    from linewatch.detect.persons import owner_phones

    store = _phone_roles_store([
        ("+447700900001", "customer", "L1", "P-RES", 0.9),   # the resident's own phone
        ("+447700900002", "runner", "L1", "P-RUN", 0.8),     # a line role is kept
        ("+447700900003", "customer", "L1", "P-OTHER", 0.9)])
    owner_phones(store, [
        {"person_id": "P-RES", "role": "trap_occupant", "line_id": "L2", "confidence": 0.7,
         "evidence": {"rule": "lives at a trap address"}},
        {"person_id": "P-RUN", "role": "trap_occupant", "line_id": "L2", "confidence": 0.7,
         "evidence": {}},
        {"person_id": "P-OTHER", "role": "customer", "line_id": "L1", "confidence": 0.9,
         "evidence": {}}])
    rows = {n: (r, line, c, _json.loads(e)) for n, r, line, c, e in store.query(
        "SELECT number, role, line_id, confidence, evidence FROM phone_roles")}
    assert rows["+447700900001"][:3] == ("trap", "L2", 0.7)
    assert rows["+447700900001"][3]["rule"] == "the phone of a trap occupant"
    assert rows["+447700900001"][3]["person_role_evidence"] == {"rule": "lives at a trap address"}
    assert rows["+447700900002"][0] == "runner"
    assert rows["+447700900003"][0] == "customer"


def test_a_controller_named_in_intelligence_gives_their_own_phone_the_role() -> None:
    from linewatch.detect.persons import owner_phones

    store = _phone_roles_store([
        ("+447700900011", "other", None, "P-BOSS", 0.5),        # never rang the line
        ("+447700900012", "deal_line", "L1", "P-BOSS", 0.95),   # a line role is kept
        ("+447700900013", "other", None, "P-RUNNER", 0.5),
        ("+447700900014", "other", None, "P-CUSTOMER", 0.5)])
    owner_phones(store, [
        {"person_id": "P-BOSS", "role": "controller", "line_id": "L1", "confidence": 0.74,
         "evidence": {"rule": "named as the line's controller in graded intelligence"}},
        {"person_id": "P-RUNNER", "role": "runner", "line_id": "L1", "confidence": 0.6,
         "evidence": {}},
        {"person_id": "P-CUSTOMER", "role": "customer", "line_id": "L1", "confidence": 0.9,
         "evidence": {}}])
    rows = dict(store.query("SELECT number, role FROM phone_roles"))
    assert rows == {"+447700900011": "controller", "+447700900012": "deal_line",
                    "+447700900013": "runner", "+447700900014": "other"}


def test_relationships_support_a_role_but_never_give_one(mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        store.execute("CREATE TABLE persons (person_id VARCHAR, address VARCHAR, "
                      "postcode VARCHAR, run_id VARCHAR)")
        for person in ("P-BOSS", "P-RUNNER", "P-NOBODY"):
            store.execute("INSERT INTO persons VALUES (?, NULL, NULL, 'r')", [person])
        store.execute("CREATE TABLE phone_persons (number VARCHAR, person_id VARCHAR, "
                      "confidence DOUBLE, evidence JSON, run_id VARCHAR)")
        for number, person in [(mini.K, "P-BOSS"), (mini.R1, "P-RUNNER")]:
            store.execute("INSERT INTO phone_persons VALUES (?, ?, 0.9, NULL, 'r')",
                          [number, person])
        run(store)
        before = {p: (r, c) for p, r, c in store.query(
            "SELECT person_id, role, confidence FROM person_roles")}
        for a, kind, b in [("P-RUNNER", "lives_with", "P-BOSS"),
                           ("P-NOBODY", "family", "P-BOSS")]:
            store.execute("INSERT INTO relationships (source_system, from_type, from_ref, type, "
                          "to_type, to_ref) VALUES ('rms', 'person', ?, ?, 'person', ?)",
                          [a, kind, b])
        run(store)
        after = {p: (r, c, json.loads(e)) for p, r, c, e in store.query(
            "SELECT person_id, role, confidence, evidence FROM person_roles")}
        runner = after["P-RUNNER"]
        assert runner[0] == "runner" == before["P-RUNNER"][0]
        assert runner[1] == pytest.approx(min(0.99, before["P-RUNNER"][1] + 0.05))
        assert runner[2]["supported_by"][0]["person_id"] == "P-BOSS"
        assert runner[2]["supported_by"][0]["their_role"] == "controller"
        assert runner[2]["supported_by"][0]["type"] == "lives_with"
        nobody = after["P-NOBODY"]
        assert nobody[:2] == before["P-NOBODY"]  # no role from a relationship alone
        assert nobody[2]["related_to_line_members"][0]["type"] == "family"
    finally:
        store.close()
