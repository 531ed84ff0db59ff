"""Person roles from the roles of the phones resolution ties to each person."""

from __future__ import annotations

from types import SimpleNamespace

from linewatch.detect import run


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
