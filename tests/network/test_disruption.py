"""Key-player fragmentation (Borgatti 2006) against hand computation, and the what-if."""

from __future__ import annotations

import igraph as ig
import pytest

from linewatch.network.disruption import (
    fragmentation,
    fragmentation_after,
    key_players,
    removal_gain,
    what_if_graph,
)


def _graph(edges: list[tuple[str, str]], extra: tuple[str, ...] = ()) -> ig.Graph:
    names = sorted({n for e in edges for n in e} | set(extra))
    index = {n: i for i, n in enumerate(names)}
    graph = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in edges])
    graph.vs["name"] = names
    return graph


def test_connected_network_has_no_fragmentation() -> None:
    assert fragmentation([5]) == 0.0


def test_isolated_nodes_are_fully_fragmented() -> None:
    assert fragmentation([1, 1, 1, 1]) == 1.0


def test_fragmentation_matches_hand_computation() -> None:
    # components of 3, 2 and 1 nodes: n = 6, reachable ordered pairs 3*2 + 2*1 = 8 of 30
    assert fragmentation([3, 2, 1]) == pytest.approx(1 - 8 / 30)


def test_fewer_than_two_nodes_left_counts_as_fully_fragmented() -> None:
    assert fragmentation([1]) == 1.0
    assert fragmentation([]) == 1.0


def test_removing_a_bridge_splits_a_barbell() -> None:
    # two triangles joined through "hub"; removing it leaves 3 + 3: F = 1 - 12/30
    graph = _graph([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"),
                    ("b1", "b3"), ("a1", "hub"), ("hub", "b1")])
    hub = graph.vs.find(name="hub").index
    assert fragmentation_after(graph, [hub]) == pytest.approx(1 - 12 / 30)


def test_greedy_key_player_picks_the_bridge_first() -> None:
    graph = _graph([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"),
                    ("b1", "b3"), ("a1", "hub"), ("hub", "b1")])
    picks = key_players(graph, 2)
    assert picks[0].name == "hub"
    assert picks[0].fragmentation == pytest.approx(0.6)
    assert picks[1].fragmentation >= picks[0].fragmentation
    assert picks[0].gain == pytest.approx(0.6)


def test_key_players_only_among_candidates() -> None:
    graph = _graph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    leaves = [v.index for v in graph.vs if v["name"] != "hub"]
    picks = key_players(graph, 1, candidates=leaves)
    assert picks[0].name != "hub"


def test_what_if_reports_before_and_after() -> None:
    graph = _graph([("a", "hub"), ("b", "hub"), ("c", "hub")], extra=("lonely",))
    result = what_if_graph(graph, ["hub", "nobody"])
    # before: star of 4 + 1 isolated: 1 - 12/20; after: 4 isolated nodes
    assert result["before"] == pytest.approx(1 - 12 / 20)
    assert result["after"] == 1.0
    assert result["components_after"] == 4
    assert result["not_found"] == ["nobody"]
    assert result["removed"] == ["hub"]


def test_removal_gain_of_a_bridge_and_of_a_leaf() -> None:
    path = ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 3)])
    before, after, gain = removal_gain(path, 1)
    # without vertex 1: {0} and {2, 3} of 3 nodes -> 1 - 2/6
    assert (before, after, gain) == (0.0, pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert removal_gain(path, 0)[2] == 0.0


def test_cutting_one_end_of_a_pair_is_full_fragmentation() -> None:
    pair = ig.Graph(n=2, edges=[(0, 1)])
    assert removal_gain(pair, 0) == (0.0, 1.0, 1.0)
    # and a lone node has nothing left to lose
    assert removal_gain(ig.Graph(n=1), 0) == (1.0, 1.0, 0.0)
