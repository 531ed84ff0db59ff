"""Analyst overrides: merge and split persons, with who and why, across re-runs, undoable."""

from __future__ import annotations

import pytest
from resolve_world import add_nominals, nominal, population

from linewatch.errors import InputError, NotFound
from linewatch.resolve import add_override, apply_overrides_now, list_overrides, run, undo_override
from linewatch.storage import Store


def _person(store: Store, system: str, record_id: str) -> str:
    return str(store.scalar("SELECT person_id FROM person_records WHERE source_system = ? "
                            "AND record_id = ?", [system, record_id]))


@pytest.fixture
def world(store: Store) -> Store:
    rows, _ = population(40)
    rows += [nominal("custody", "C-1", "Leon", "Marsh", "2005-05-05", postcode="ME1 1AA"),
             nominal("rms", "R-1", "Leon", "Marsh", "2005-05-05", postcode="ME1 1AA"),
             nominal("rms", "R-2", "Lee", "Marsh-Banks", "1990-12-12", postcode="TN9 9ZZ")]
    add_nominals(store, rows)
    run(store)
    return store


def test_merge_joins_persons_and_survives_a_rerun(world: Store) -> None:
    assert _person(world, "rms", "R-2") != _person(world, "custody", "C-1")
    override_id = add_override(world, "merge", [("rms", "R-2"), ("custody", "C-1")],
                               user="DC Hale", reason="custody photo matches")
    apply_overrides_now(world)
    assert _person(world, "rms", "R-2") == _person(world, "custody", "C-1")
    run(world)
    assert _person(world, "rms", "R-2") == _person(world, "custody", "C-1")
    [row] = list_overrides(world)
    assert (row["override_id"], row["action"], row["user_name"], row["reason"]) == (
        override_id, "merge", "DC Hale", "custody photo matches")
    assert row["records"] == [("rms", "R-2"), ("custody", "C-1")]


def test_split_moves_a_record_out_and_undo_brings_it_back(world: Store) -> None:
    assert _person(world, "rms", "R-1") == _person(world, "custody", "C-1")
    override_id = add_override(world, "split", [("rms", "R-1")], user="DS Kaur",
                               reason="different person, same name")
    apply_overrides_now(world)
    assert _person(world, "rms", "R-1") != _person(world, "custody", "C-1")
    run(world)
    assert _person(world, "rms", "R-1") != _person(world, "custody", "C-1")
    undo_override(world, override_id, user="DS Kaur")
    apply_overrides_now(world)
    assert _person(world, "rms", "R-1") == _person(world, "custody", "C-1")
    [row] = list_overrides(world)
    assert row["undone_at"] is not None and row["undone_by"] == "DS Kaur"


def test_later_merge_brings_a_split_record_back(world: Store) -> None:
    add_override(world, "split", [("rms", "R-1")], user="A", reason="checking")
    add_override(world, "merge", [("rms", "R-1"), ("custody", "C-1")], user="B",
                 reason="confirmed by custody")
    apply_overrides_now(world)
    assert _person(world, "rms", "R-1") == _person(world, "custody", "C-1")


def test_bad_overrides_are_refused(world: Store) -> None:
    with pytest.raises(InputError):
        add_override(world, "merge", [("rms", "R-1")], user="A", reason="r")
    with pytest.raises(InputError):
        add_override(world, "split", [("rms", "R-1")], user="", reason="r")
    with pytest.raises(InputError):
        add_override(world, "split", [("rms", "R-1")], user="A", reason=" ")
    with pytest.raises(NotFound):
        add_override(world, "split", [("rms", "NOPE")], user="A", reason="r")
    with pytest.raises(NotFound):
        undo_override(world, "OV-NOTHING")
    override_id = add_override(world, "split", [("rms", "R-1")], user="A", reason="r")
    undo_override(world, override_id)
    with pytest.raises(InputError):
        undo_override(world, override_id)
