"""Unique identifiers in resolution: the same PNC ID always merges, different NHS numbers never."""

from __future__ import annotations

from typing import Any

from resolve_world import add_nominals, nominal, population

from linewatch.resolve import run
from linewatch.resolve.explain import explain_pair
from linewatch.schema.contract import IDENTIFIER_FIELDS
from linewatch.storage import Store


def _twin(record_id: str, **ids: str) -> dict[str, Any]:
    """One of several records the model alone joins: same name, birth date and address."""
    row = nominal("custody", record_id, "Jay", "SMITH", "2006-04-03", postcode="ME4 4QU",
                  address="12 Example Road", phone=["+447700900777"])
    row.update(ids)
    return row


def _person(store: Store, record_id: str) -> str:
    return str(store.scalar("SELECT person_id FROM person_records WHERE record_id = ?",
                            [record_id]))


def _world(store: Store, extra: list[dict[str, Any]]) -> None:
    rows, _ = population(40)
    rows += extra
    for row in rows:  # every row has every column (Arrow takes them from the first)
        for name in IDENTIFIER_FIELDS:
            row.setdefault(name, None)
    add_nominals(store, rows)


def test_the_model_alone_merges_the_twins(store: Store) -> None:
    _world(store, [_twin("A"), _twin("B"), _twin("C")])
    run(store)
    assert _person(store, "A") == _person(store, "B") == _person(store, "C")


def test_different_nhs_numbers_are_never_merged(store: Store) -> None:
    # B carries no NHS number and matches both: it may join one of them, never both
    _world(store, [_twin("A", nhs_number="943 476 5919"), _twin("B"),
                   _twin("C", nhs_number="401 023 2137")])
    summary = run(store)
    assert _person(store, "A") != _person(store, "C")
    assert _person(store, "B") in (_person(store, "A"), _person(store, "C"))
    assert any("kept apart: different nhs_number" in n for n in summary["override_notes"])
    explained = explain_pair(store, ("custody", "A"), ("custody", "C"))
    assert explained["identifiers"] == [{"identifier": "nhs_number",
                                         "values": ["943 476 5919", "401 023 2137"],
                                         "same": False, "effect": "kept apart"}]
    assert explained["same_person"] is False


def test_the_same_pnc_id_is_always_merged(store: Store) -> None:
    far = nominal("rms", "R-9", "Kim", "OKAFOR", "1990-01-01", postcode="CT1 1AA",
                  address="3 Other Street")
    far["pnc_id"] = "01/1234567A"
    _world(store, [_twin("A", pnc_id="01/ 1234567a"), far])
    run(store)
    assert _person(store, "A") == _person(store, "R-9")
    explained = explain_pair(store, ("custody", "A"), ("rms", "R-9"))
    assert explained["identifiers"][0]["effect"] == "linked"
    assert explained["same_person"] is True
