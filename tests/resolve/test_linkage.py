"""Person linkage: the same person across systems despite the usual recording errors.

Also the degenerate inputs: a lone surname, no dates of birth, a record imported twice, a
system with a single record, and data too small to train on.
"""

from __future__ import annotations

from itertools import combinations

from resolve_world import add_nominals, nominal, population

from linewatch.resolve import run
from linewatch.storage import Store


def _person(store: Store, system: str, record_id: str) -> str:
    return str(store.scalar("SELECT person_id FROM person_records WHERE source_system = ? "
                            "AND record_id = ?", [system, record_id]))


def _pairwise(store: Store, truth: dict[tuple[str, str], int]) -> tuple[float, float]:
    found = {(s, r): p for p, s, r in store.query(
        "SELECT person_id, source_system, record_id FROM person_records")}
    tp = fp = fn = 0
    for a, b in combinations(sorted(truth), 2):
        same_truth, same_found = truth[a] == truth[b], found[a] == found[b]
        tp += same_truth and same_found
        fp += same_found and not same_truth
        fn += same_truth and not same_found
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def test_population_with_typos_and_transposed_dates_is_resolved(store: Store) -> None:
    rows, truth = population(80)
    add_nominals(store, rows)
    summary = run(store)
    precision, recall = _pairwise(store, truth)
    assert precision >= 0.97 and recall >= 0.95, (precision, recall, summary)
    assert summary["records"] == len(rows)


def test_nickname_misspelt_surname_and_transposed_dob_match(store: Store) -> None:
    rows, _truth = population(60)
    rows += [
        nominal("custody", "C-JAY", "Jay", "SMITH", "2006-04-03", sex="M",
                postcode="ME4 4QU", address="12 Example Road", phone=["+447700900777"]),
        nominal("social_care", "S-JAY", "Jayden", "Smyth", "2006-03-04", sex="M",
                postcode="ME4 4QU", address="12 Example Rd, Chatham"),
        nominal("rms", "R-KEZ", "Kez", "Doherty", "2005-07-19", postcode="ME5 8AA"),
        nominal("custody", "C-KIERAN", "Kieran", "Doherty", "2005-07-19", postcode="ME5 8AA"),
    ]
    add_nominals(store, rows)
    run(store)
    assert _person(store, "custody", "C-JAY") == _person(store, "social_care", "S-JAY")
    assert _person(store, "rms", "R-KEZ") == _person(store, "custody", "C-KIERAN")
    assert _person(store, "custody", "C-JAY") != _person(store, "rms", "R-KEZ")


def test_different_people_sharing_a_surname_and_address_stay_apart(store: Store) -> None:
    rows, _ = population(60)
    rows += [nominal("custody", "C-DAD", "Patrick", "Obi", "1970-02-11", postcode="ME7 1AA",
                     address="3 Mill Lane"),
             nominal("rms", "R-SON", "Daniel", "Obi", "2006-09-30", postcode="ME7 1AA",
                     address="3 Mill Lane")]
    add_nominals(store, rows)
    run(store)
    assert _person(store, "custody", "C-DAD") != _person(store, "rms", "R-SON")


def test_record_with_only_a_surname_becomes_its_own_person(store: Store) -> None:
    rows, _ = population(60)
    rows.append(nominal("rms", "R-ONLY", None, "Smith"))
    add_nominals(store, rows)
    run(store)
    person = _person(store, "rms", "R-ONLY")
    assert store.scalar("SELECT n_records FROM persons WHERE person_id = ?", [person]) == 1


def test_records_without_any_date_of_birth_still_link_on_names_and_address(
        store: Store) -> None:
    rows, truth = population(60)
    for row in rows:
        row["dob"] = None
    add_nominals(store, rows)
    summary = run(store)
    precision, recall = _pairwise(store, truth)
    assert precision >= 0.95 and recall >= 0.6, (precision, recall, summary)


def test_record_imported_twice_is_one_record_in_one_person(store: Store) -> None:
    rows, _ = population(60)
    twice = nominal("custody", "C-TWICE", "Amir", "Hussain", "2004-01-02", postcode="ME1 2AB",
                    _batch=1, _row=500)
    again = dict(twice, _batch=2, _row=1)
    add_nominals(store, rows + [twice, again])
    summary = run(store)
    assert store.query("SELECT count(*) FROM person_records WHERE record_id = 'C-TWICE'") == [
        (1,)]
    assert summary["records"] == len(rows) + 1
    values = store.query("SELECT DISTINCT _batch FROM person_values WHERE record_id = "
                         "'C-TWICE' ORDER BY 1")
    assert values == [(1,), (2,)]


def test_source_system_with_a_single_record_is_linked_like_any_other(store: Store) -> None:
    rows, _ = population(60)
    rows += [nominal("probation", "PB-1", "Marcus", "Fenwick", "2003-06-06", postcode="ME2 2ZZ"),
             nominal("custody", "C-MF", "Marcus", "Fenwick", "2003-06-06", postcode="ME2 2ZZ")]
    add_nominals(store, rows)
    run(store)
    assert _person(store, "probation", "PB-1") == _person(store, "custody", "C-MF")


def test_tiny_dataset_uses_priors_and_says_so(store: Store) -> None:
    add_nominals(store, [
        nominal("custody", "C1", "Jay", "Smith", "2006-04-03", postcode="ME4 4QU"),
        nominal("rms", "R1", "Jayden", "Smyth", "2006-03-04", postcode="ME4 4QU"),
        nominal("rms", "R2", "Ann", "Lee", "1960-01-01", postcode="TN1 1AA"),
    ])
    summary = run(store)
    assert summary["em_trained"] is False
    assert any("prior" in note for note in summary["training_notes"])
    assert _person(store, "custody", "C1") == _person(store, "rms", "R1")
    assert summary["persons"] == 2


def test_no_nominals_at_all_gives_no_persons_and_no_error(store: Store) -> None:
    summary = run(store)
    assert summary["records"] == 0 and summary["persons"] == 0
    assert store.count("persons") == 0


def test_single_record_is_one_person(store: Store) -> None:
    add_nominals(store, [nominal("custody", "C1", "Jay", "Smith", "2006-04-03")])
    summary = run(store)
    assert summary["persons"] == 1
    assert store.query("SELECT source_system, record_id FROM person_records") == [
        ("custody", "C1")]
