"""Linked addresses must be entered within the window; unlinked ones may differ."""

from __future__ import annotations

from linewatch import ops
from linewatch.storage import Store


def test_linked_addresses_entered_together_raise_no_warning(planned: tuple[Store, str]) -> None:
    store, op = planned
    package = ops.build_package(store, op)
    assert package["warnings"] == []
    (link,) = package["links"]
    assert (link["a"], link["b"]) == ("A1", "A2")
    assert "same line L1" in link["reasons"]
    assert any(r.startswith("associates in phone contact") for r in link["reasons"])


def test_linked_addresses_outside_the_window_are_warned(planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.set_entry(store, op, "A2", "2024-03-05T06:30", user="ana")
    (warning,) = ops.build_package(store, op)["warnings"]
    assert (warning["a"], warning["b"], warning["gap_minutes"]) == ("A1", "A2", 90.0)
    assert warning["forces"] == ["Kent Police", "Metropolitan Police"]
    assert "tip off" in warning["message"]


def test_the_window_is_configurable(planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.set_entry(store, op, "A2", "2024-03-05T05:20", user="ana")
    assert ops.build_package(store, op)["warnings"] == []
    assert len(ops.build_package(store, op, window_min=10)["warnings"]) == 1


def test_unlinked_addresses_may_be_entered_at_different_times(
        planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.set_entry(store, op, "A3", "2024-03-05T09:00", user="ana")  # Kyle Baker: no link
    assert ops.build_package(store, op)["warnings"] == []


def test_a_shared_phone_links_two_addresses(world: Store) -> None:
    world.execute("UPDATE persons SET phones = list_append(phones, '+447700900101') "
                  "WHERE person_id = 'P4'")
    op = ops.create_operation(world, "Operation Test", user="ana",
                              planned_at="2024-03-05T05:00", person_ids=["P1", "P4"])
    ops.set_entry(world, op, "A2", "2024-03-05T08:00", user="ana")
    (warning,) = ops.build_package(world, op)["warnings"]
    assert "shared phone +447700900101" in warning["reasons"]
