"""Resolved persons: every record in one person, stable ids, best values with provenance."""

from __future__ import annotations

from resolve_world import add_nominals, nominal, population

from linewatch.resolve import run
from linewatch.storage import Store


def _world(store: Store) -> None:
    rows, _ = population(50)
    rows += [
        nominal("custody", "C-A", "Jay", "SMITH", "2006-04-03", postcode="ME4 4QU",
                address="12 Example Road", phone=["+447700900777"], nickname=["Smokey"],
                flags=["weapons"], _batch=1),
        nominal("rms", "R-A", "Jayden", "Smith", "2006-04-03", postcode="ME4 4QU",
                address="12 Example Road", phone=["+447700900778"], nickname=["smokey", "JJ"],
                _batch=1),
        nominal("social_care", "S-A", "Jayden", "Smyth", "2006-03-04", postcode="ME4 4QU",
                address="Flat 2, 12 Example Road", flags=["child_in_care"], _batch=2),
    ]
    add_nominals(store, rows)


def test_every_record_is_in_exactly_one_person(store: Store) -> None:
    _world(store)
    run(store)
    assert store.scalar("SELECT count(*) FROM nominals") == store.scalar(
        "SELECT count(DISTINCT (source_system, record_id)) FROM person_records")
    assert store.scalar("SELECT count(*) FROM person_records") == store.scalar(
        "SELECT count(DISTINCT (source_system, record_id)) FROM person_records")
    assert store.scalar("SELECT sum(n_records) FROM persons") == store.count("person_records")


def test_person_ids_are_stable_across_runs(store: Store) -> None:
    _world(store)
    first = run(store)
    ids_before = store.query("SELECT person_id, source_system, record_id FROM person_records "
                             "ORDER BY 2, 3")
    second = run(store)
    assert first["run_id"] != second["run_id"]
    assert store.query("SELECT person_id, source_system, record_id FROM person_records "
                       "ORDER BY 2, 3") == ids_before
    assert all(pid.startswith("P") and len(pid) == 13 for pid, _s, _r in ids_before)


def test_best_values_are_most_frequent_names_and_latest_address(store: Store) -> None:
    _world(store)
    run(store)
    pid = store.scalar("SELECT person_id FROM person_records WHERE record_id = 'C-A'")
    person = store.query_dicts("SELECT * FROM persons WHERE person_id = ?", [pid])[0]
    assert person["n_records"] == 3
    assert person["forenames"] == "Jayden"
    assert person["surname"].upper() == "SMITH"
    assert str(person["dob"]) == "2006-04-03"
    assert person["address"] == "Flat 2, 12 Example Road" and person["postcode"] == "ME4 4QU"
    assert person["phones"] == ["+447700900777", "+447700900778"]
    assert person["nicknames"] == ["JJ", "SMOKEY"]
    assert person["flags"] == ["child_in_care", "weapons"]
    assert person["display_name"] == "Jayden SMITH"


def test_person_values_keep_every_value_with_its_source(store: Store) -> None:
    _world(store)
    run(store)
    pid = store.scalar("SELECT person_id FROM person_records WHERE record_id = 'C-A'")
    rows = store.query("SELECT field, value, source_system, record_id, _batch, is_best "
                       "FROM person_values WHERE person_id = ? AND field = 'forenames' "
                       "ORDER BY record_id", [pid])
    assert rows == [("forenames", "Jay", "custody", "C-A", 1, False),
                    ("forenames", "Jayden", "rms", "R-A", 1, True),
                    ("forenames", "Jayden", "social_care", "S-A", 2, True)]
    run_ids = store.query("SELECT DISTINCT run_id FROM person_values")
    assert len(run_ids) == 1 and run_ids[0][0].startswith("resolve-")


def test_model_settings_are_persisted_per_run(store: Store) -> None:
    _world(store)
    summary = run(store)
    import json

    row = store.query_one("SELECT settings, threshold FROM resolve_models WHERE run_id = ?",
                          [summary["run_id"]])
    assert row is not None
    settings = json.loads(row[0])
    assert {c["output_column_name"] for c in settings["comparisons"]} >= {
        "forename", "surname", "dob", "location", "phone", "nickname"}
    assert row[1] == 0.9


def test_threshold_is_configurable(store: Store) -> None:
    _world(store)
    loose = run(store, params={"threshold": 0.5})["persons"]
    strict = run(store, params={"threshold": 0.999999})["persons"]
    assert strict > loose
