"""Recording outcomes: cleaned values, rows in events and seizures with provenance."""

from __future__ import annotations

import json

import pytest
from ops_world import outcomes

from linewatch import ops
from linewatch.errors import InputError, LinewatchError
from linewatch.storage import Store


@pytest.fixture
def approved(planned: tuple[Store, str]) -> tuple[Store, str]:
    store, op = planned
    ops.approve(store, op, user="sue")
    return store, op


def test_outcomes_are_refused_before_approval(planned: tuple[Store, str]) -> None:
    store, op = planned
    with pytest.raises(LinewatchError, match="approved plan"):
        ops.record_outcomes(store, op, outcomes(), user="ana")


def test_outcomes_become_events_and_seizures_with_a_batch(approved: tuple[Store, str]) -> None:
    store, op = approved
    written = ops.record_outcomes(store, op, outcomes(), user="ana")
    system = f"ops:{op}"
    events = store.query_dicts("SELECT * FROM events WHERE source_system = ? ORDER BY _row",
                               [system])
    assert [e["event_type"] for e in events].count("warrant") == 2
    arrests = [e for e in events if e["event_type"] == "arrest"]
    assert {(e["record_id"], e["outcome"]) for e in arrests} == {("P2", "arrested"),
                                                                ("P1", "charged")}
    assert arrests[0]["offence"].startswith("on suspicion of")
    referrals = [e for e in events if e["event_type"] == "referral"]
    assert {(e["record_id"], e["role"]) for e in referrals} == {("P3", "victim"),
                                                               ("P2", "victim")}
    assert {e["_batch"] for e in events} == {written["batch_id"]}
    assert json.loads(events[0]["attrs"])["operation_id"] == op
    batch = store.query_dicts("SELECT * FROM import_batches WHERE batch_id = ?",
                              [written["batch_id"]])[0]
    assert batch["paths"] == [system] and batch["user_name"] == "ana"
    assert batch["rows_imported"] == written["events"] + written["seizures"]
    assert ops.get_operation(store, op)["status"] == "executed"


def test_seized_values_are_cleaned_by_their_types(approved: tuple[Store, str]) -> None:
    store, op = approved
    ops.record_outcomes(store, op, outcomes(), user="ana")
    rows = {r["item_type"] + (r["drug_name"] or ""): r for r in store.query_dicts(
        "SELECT * FROM seizures WHERE source_system = ?", [f"ops:{op}"])}
    assert rows["cash"]["value_gbp"] == 20000.0 and rows["cash"]["value_gbp_raw"] == "£20,000"
    assert rows["drugcrack cocaine"]["drug_class"] == "A"  # from the drug's name
    assert rows["vehicle"]["vrm"] == "AB12CDE" and rows["vehicle"]["vrm_raw"] == "ab12 cde"
    phones = store.query("SELECT number, imei FROM seizures WHERE item_type = 'phone' "
                         "ORDER BY number")
    assert phones == [("+447700900103", None), ("+447700900900", "356938035643809")]
    event_of = store.query("SELECT DISTINCT s.event_id, e.event_type FROM seizures s JOIN events"
                           " e USING (event_id) WHERE s.source_system = ?", [f"ops:{op}"])
    assert {t for _, t in event_of} == {"seizure"}


def test_a_later_entry_for_a_person_supersedes_the_earlier_one(
        approved: tuple[Store, str]) -> None:
    store, op = approved
    ops.record_outcomes(store, op, outcomes(), user="ana")
    later = {"warrants": [{"address_id": "A1", "people": [
        {"person_id": "P2", "arrested": True, "disposal": "RUI", "safeguarded": True,
         "offence": "on suspicion of being concerned in the supply of Class A drugs"}]}]}
    written = ops.record_outcomes(store, op, later, user="ana")
    assert written["superseded"] == 1  # P2's entry; the warrant at A1 is kept as recorded
    current = [r for r in ops.results(store, op) if r["person_id"] == "P2"]
    assert [r["disposal"] for r in current] == ["released_under_investigation"]
    arrests = store.query("SELECT outcome FROM events WHERE source_system = ? AND "
                          "record_id = 'P2' AND event_type = 'arrest'", [f"ops:{op}"])
    assert arrests == [("released_under_investigation",)]
    assert len(ops.results(store, op, include_superseded=True)) > len(ops.results(store, op))
    warrant = [r for r in ops.results(store, op) if r["kind"] == "warrant"
               and r["address_id"] == "A1"]
    assert [str(r["occurred_at"]) for r in warrant] == ["2024-03-05 05:01:00"]
    assert store.count("seizures") == 1 + 7  # the world's one and this morning's seven


@pytest.mark.parametrize(("change", "field"), [
    (lambda w: w["warrants"][0]["seizures"].append({"item_type": "drug",
                                                     "drug_class": "Z"}), "drug_class"),
    (lambda w: w["warrants"][0]["seizures"].append({"item_type": "phone",
                                                     "number": "withheld"}), "number"),
    (lambda w: w["warrants"][0]["seizures"].append({"item_type": "cash"}), "value_gbp"),
    (lambda w: w["warrants"][0]["people"].append({"person_id": "P4", "arrested": True}),
     "offence"),
    (lambda w: w["warrants"][1].update(address_id="A9"), "address_id"),
    (lambda w: w["warrants"][0]["people"].append({"person_id": "P99", "safeguarded": True}),
     "person_id"),
])
def test_bad_outcomes_name_the_field_and_write_nothing(approved: tuple[Store, str], change: object,
                                                        field: str) -> None:
    store, op = approved
    doc = outcomes()
    change(doc)  # type: ignore[operator]
    with pytest.raises(InputError) as err:
        ops.record_outcomes(store, op, doc, user="ana")
    assert field in str(err.value)
    assert store.count("operation_results") == 0
    assert store.scalar("SELECT count(*) FROM events WHERE source_system LIKE 'ops:%'") == 0


def test_outcomes_load_from_yaml(tmp_path: object, approved: tuple[Store, str]) -> None:
    from pathlib import Path

    import yaml

    store, op = approved
    path = Path(str(tmp_path)) / "outcomes.yaml"
    path.write_text(yaml.safe_dump(outcomes()), encoding="utf-8")
    written = ops.record_outcomes(store, op, ops.load_outcomes(path), user="ana")
    assert written["results"] == 12
