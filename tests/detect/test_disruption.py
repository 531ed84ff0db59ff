"""Disruption picks and the what-if on a detected line, at phone and person level."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from linewatch.detect import run, what_if
from linewatch.errors import NotFound
from linewatch.storage import Store


def _own(store: Store, pairs: list[tuple[str, str]]) -> None:
    store.execute("CREATE TABLE phone_persons (number VARCHAR, person_id VARCHAR, "
                  "confidence DOUBLE, evidence JSON, run_id VARCHAR)")
    for number, person in pairs:
        store.execute("INSERT INTO phone_persons VALUES (?, ?, 0.9, NULL, 'r')",
                      [number, person])


def _line(store: Store) -> str:
    """The mini world's one line."""
    (line,) = [r[0] for r in store.query("SELECT line_id FROM lines")]
    return str(line)


def test_line_disruption_lists_greedy_picks_with_rising_fragmentation(
        world_store: Store) -> None:
    run(world_store)
    rows = world_store.query(
        "SELECT rank, node, fragmentation FROM line_disruption WHERE line_id = "
        "(SELECT line_id FROM lines) AND level = 'phone' ORDER BY rank")
    assert rows and [r[0] for r in rows] == list(range(1, len(rows) + 1))
    values = [r[2] for r in rows]
    assert values == sorted(values)
    assert not {r[1] for r in rows} & set(world_store.query(
        "SELECT number FROM phone_roles WHERE role = 'customer'"))


def test_taking_out_the_numbers_and_the_runners_shatters_the_customer_network(
        world_store: Store, mini: SimpleNamespace) -> None:
    run(world_store)
    numbers = what_if(world_store, _line(world_store), [mini.D1, mini.D2], level="phone")
    assert numbers["before"] == 0.0
    assert numbers["removed"] == [mini.D1, mini.D2]
    # the runners still ring some customers, so the network holds together in part
    assert 0.0 < numbers["after"] < 0.9
    crew = what_if(world_store, _line(world_store), [mini.D1, mini.D2, mini.R1, mini.R2], level="phone")
    assert crew["after"] > 0.9
    assert crew["largest_component_after"] < numbers["largest_component_after"]


def test_person_level_merges_a_persons_phones(mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        _own(store, [(mini.R1, "P-RUNNER"), (mini.K, "P-BOSS")])
        run(store)
        result = what_if(store, _line(store), ["P-BOSS", mini.R1], level="person")
        assert result["removed"] == ["P-BOSS", "P-RUNNER"]
        assert result["nodes_after"] == result["nodes_before"] - 2
    finally:
        store.close()


def test_unknown_line_is_not_found(world_store: Store) -> None:
    run(world_store)
    with pytest.raises(NotFound):
        what_if(world_store, "L99", ["x"])
