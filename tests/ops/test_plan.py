"""Planning: where addresses and people come from, victim first, and the approval workflow."""

from __future__ import annotations

import pytest
from ops_world import PLANNED, outcomes

from linewatch import ops
from linewatch.errors import Forbidden, LinewatchError, NotFound
from linewatch.storage import Store


def test_a_line_brings_its_trap_house_and_its_people(planned: tuple[Store, str]) -> None:
    store, op = planned
    plan = ops.get_operation(store, op)
    assert [(a["address_id"], a["address"], a["force"]) for a in plan["addresses"]] == [
        ("A1", "12 Example Road, Chatham", "Kent Police"),
        ("A2", "3 Sample Street, London", "Metropolitan Police"),
        ("A3", "40 High Street, Gillingham", "Kent Police")]
    assert plan["line_ids"] == ["L1"]
    kinds = {p["person_id"]: p["kind"] for p in plan["people"]}
    assert kinds == {"P1": "target", "P2": "safeguard", "P3": "safeguard", "P4": "target"}


def test_children_and_victims_are_never_targets(world: Store) -> None:
    op = ops.create_operation(world, "Operation Test", user="ana", planned_at=PLANNED,
                              person_ids=["P2", "P3"])
    people = {p["person_id"]: p for p in ops.get_operation(world, op)["people"]}
    assert people["P2"]["kind"] == "safeguard" and "child" in people["P2"]["reason"]
    assert people["P3"]["kind"] == "safeguard" and "cuckooed" in people["P3"]["reason"]
    assert ops.get_operation(world, op)["addresses"] == []  # no warrant at a victim's home


def test_drug_use_alone_does_not_turn_a_target_into_a_victim(world: Store) -> None:
    world.execute("UPDATE persons SET flags = ['substance_misuse'] WHERE person_id = 'P4'")
    op = ops.create_operation(world, "Operation Test", user="ana", planned_at=PLANNED,
                              person_ids=["P4"])
    assert ops.get_operation(world, op)["people"][0]["kind"] == "target"
    (a,) = ops.build_package(world, op)["addresses"]
    assert a["occupants"][0]["status"] == "target"
    assert [f["people"] for f in a["risk_flags"] if f["flag"] == "vulnerable_adults"] == [
        ["P4"]]  # officers still learn of it (care in custody)


def test_targets_come_from_the_top_of_the_target_list(world: Store) -> None:
    op = ops.create_operation(world, "Operation Test", user="ana", planned_at=PLANNED,
                              targets=1)
    plan = ops.get_operation(world, op)
    assert [p["person_id"] for p in plan["people"]] == ["P1"]
    assert plan["people"][0]["reason"] == "target list rank 1"
    assert [a["postcode"] for a in plan["addresses"]] == ["SE25 6AB"]


def test_an_address_by_hand_keeps_its_postcode_and_force(world: Store) -> None:
    op = ops.create_operation(world, "Operation Test", user="ana", planned_at=PLANNED,
                              addresses=["Flat 2, 9 Mill Lane, Liverpool l1 8jq"])
    (a,) = ops.get_operation(world, op)["addresses"]
    assert (a["address"], a["postcode"], a["force"]) == ("Flat 2, 9 Mill Lane, Liverpool",
                                                         "L1 8JQ", "Merseyside Police")


def test_the_author_cannot_approve_their_own_plan(planned: tuple[Store, str]) -> None:
    store, op = planned
    with pytest.raises(Forbidden):
        ops.approve(store, op, user="ana")
    result = ops.approve(store, op, user="sue")
    plan = ops.get_operation(store, op)
    assert (plan["status"], plan["approved_by"]) == ("approved", "sue")
    assert plan["approved_hash"] and result["to"] == "approved"
    assert [e["action"] for e in plan["log"]][-1] == "status"


def test_changing_an_approved_plan_returns_it_to_draft(planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.approve(store, op, user="sue")
    ops.set_entry(store, op, "A3", "2024-03-05T05:10", user="ana")
    plan = ops.get_operation(store, op)
    assert plan["status"] == "draft" and plan["approved_by"] is None
    assert "unapprove" in [e["action"] for e in plan["log"]]


def test_the_package_shows_when_data_changed_after_approval(planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.approve(store, op, user="sue")
    assert ops.build_package(store, op)["changed_since_approval"] is False
    store.execute("UPDATE persons SET flags = ['violence'] WHERE person_id = 'P1'")
    assert ops.build_package(store, op)["changed_since_approval"] is True


def test_an_executed_plan_cannot_be_changed(planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.approve(store, op, user="sue")
    ops.record_outcomes(store, op, outcomes(), user="ana")
    assert ops.get_operation(store, op)["status"] == "executed"
    with pytest.raises(LinewatchError, match="executed"):
        ops.set_entry(store, op, "A1", "2024-03-05T06:00", user="ana")
    with pytest.raises(LinewatchError, match="cannot go from executed to draft"):
        ops.set_status(store, op, "draft", user="sue")
    ops.set_status(store, op, "closed", user="sue")
    assert ops.get_operation(store, op)["closed_at"] is not None


def test_address_status_on_the_day_needs_an_approved_plan(planned: tuple[Store, str]) -> None:
    store, op = planned
    with pytest.raises(LinewatchError, match="approved"):
        ops.set_day_status(store, op, "A1", "entered", user="ana")
    ops.approve(store, op, user="sue")
    ops.set_day_status(store, op, "A1", "entered", user="ana")
    a1 = ops.get_operation(store, op)["addresses"][0]
    assert (a1["day_status"], a1["day_status_by"]) == ("entered", "ana")
    with pytest.raises(LinewatchError, match="unknown status"):
        ops.set_day_status(store, op, "A1", "partying", user="ana")


def test_unknown_operation_line_and_person_are_not_found(world: Store) -> None:
    with pytest.raises(NotFound):
        ops.get_operation(world, "OP99")
    with pytest.raises(NotFound):
        ops.create_operation(world, "Operation Test", user="ana", line_id="L9")
    with pytest.raises(NotFound):
        ops.create_operation(world, "Operation Test", user="ana", person_ids=["P99"])
    assert ops.list_operations(world) == []  # both attempts rolled back
