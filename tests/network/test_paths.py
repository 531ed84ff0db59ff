"""Time-ordered (earliest-arrival) paths respect the order of contacts; shortest paths don't."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from linewatch.errors import NotFound
from linewatch.network.paths import fewest_hops, shortest_path, time_ordered_path
from linewatch.storage import Store

T0 = dt.datetime(2024, 5, 1, 12, 0, 0)
A, B, C, D = "+447700900001", "+447700900002", "+447700900003", "+447700900004"


def _event(a: str, b: str, minutes: int, kind: str = "voice", row: int = 0) -> dict[str, Any]:
    return {"start_time": T0 + dt.timedelta(minutes=minutes), "a_number": a, "b_number": b,
            "event_type": kind, "_batch": 1, "_row": row}


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(":memory:")
    s.write_rows("cdr", [
        _event(B, C, 10, row=1),   # B tells C before B has heard anything
        _event(A, B, 20, row=2),   # A tells B
        _event(C, D, 30, row=3),   # C tells D: too early to carry A's message
        _event(B, D, 40, "sms", row=4),  # B texts D: carries it
        _event(D, A, 50, "sms", row=5),
    ], mode="append")
    yield s
    s.close()


def test_time_ordered_path_waits_for_the_message(store: Store) -> None:
    result = time_ordered_path(store, A, D)
    assert result["found"]
    assert [(h["from"], h["to"]) for h in result["hops"]] == [(A, B), (B, D)]
    assert result["hops"][1]["cdr"] == {"table": "cdr", "_batch": 1, "_row": 4}
    times = [h["time"] for h in result["hops"]]
    assert times == sorted(times)


def test_contacts_before_the_start_do_not_count(store: Store) -> None:
    result = time_ordered_path(store, A, D, start=T0 + dt.timedelta(minutes=25))
    assert not result["found"]


def test_a_text_carries_only_from_sender_to_recipient(store: Store) -> None:
    # B texts D at minute 40, so nothing flows from D to B that way; the calls that do join
    # B to the rest (minutes 10 and 20) happen before D could have passed anything on
    assert not time_ordered_path(store, D, B)["found"]
    assert time_ordered_path(store, B, D)["found"]


def test_shortest_path_ignores_time(store: Store) -> None:
    result = shortest_path(store, A, C)
    assert result["found"]
    assert len(result["numbers"]) == 3
    assert result["numbers"][0] == A and result["numbers"][-1] == C


def test_unknown_entity_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        time_ordered_path(store, "not a number", A)


def _adjacency(edges: list[tuple[str, str]]) -> Any:
    links: dict[str, set[str]] = {}
    for u, v in edges:
        links.setdefault(u, set()).add(v)
        links.setdefault(v, set()).add(u)
    asked: list[list[str]] = []

    def neighbours(frontier: list[str]) -> dict[str, set[str]]:
        asked.append(list(frontier))
        return {u: links.get(u, set()) for u in frontier}
    return neighbours, asked


def test_fewest_hops_takes_the_shorter_of_two_routes() -> None:
    # s-a-b-c-t (4 hops) and s-x-t (2 hops)
    neighbours, _ = _adjacency([("s", "a"), ("a", "b"), ("b", "c"), ("c", "t"), ("s", "x"),
                                ("x", "t")])
    assert fewest_hops(["s"], ["t"], neighbours) == ["s", "x", "t"]


def test_fewest_hops_breaks_ties_by_sorted_ids_and_asks_in_sorted_order() -> None:
    # two equal routes s-m1-t and s-m2-t: the one through the smaller id wins, every time
    edges = [("s", "m2"), ("m2", "t"), ("s", "m1"), ("m1", "t"), ("t", "z"), ("t", "y")]
    neighbours, asked = _adjacency(edges)
    assert fewest_hops(["s"], ["t"], neighbours) == ["s", "m1", "t"]
    assert all(frontier == sorted(frontier) for frontier in asked)
    neighbours, _ = _adjacency(list(reversed(edges)))
    assert fewest_hops(["s"], ["t"], neighbours) == ["s", "m1", "t"]


def test_fewest_hops_starts_from_whichever_source_is_nearer() -> None:
    # the target side grows first (one node against two sources) to "m" and "n"; then the
    # sources' side meets it at "m", from s1; s2's route is a hop longer
    neighbours, _ = _adjacency([("s1", "m"), ("s2", "k"), ("k", "n"), ("n", "t"), ("m", "t")])
    assert fewest_hops(["s1", "s2"], ["t"], neighbours) == ["s1", "m", "t"]


def test_fewest_hops_respects_depth_and_empty_ends() -> None:
    neighbours, _ = _adjacency([("a", "b"), ("b", "c"), ("c", "d")])
    assert fewest_hops(["a"], ["d"], neighbours, max_depth=2) is None
    assert fewest_hops(["a"], ["d"], neighbours, max_depth=3) == ["a", "b", "c", "d"]
    assert fewest_hops(["a"], ["a", "d"], neighbours) == ["a"]
    assert fewest_hops([], ["d"], neighbours) is None
    assert fewest_hops(["a"], ["zz"], neighbours) is None


def test_shortest_path_counts_the_events_of_each_hop(store: Store) -> None:
    result = shortest_path(store, A, D)
    # A-D directly (one text) is the only one-hop route
    assert result["numbers"] == [A, D]
    assert result["hops"] == [{"from": A, "to": D, "events": 1}]


def test_the_api_and_the_stage_share_one_earliest_arrival_search(store: Store) -> None:
    from linewatch.api.paths import time_ordered_path as api_time_ordered_path

    stage = time_ordered_path(store, A, D)
    api = api_time_ordered_path(store, f"phone:{A}", f"phone:{D}")
    assert [h["to"] for h in stage["hops"]] == [B, D]
    assert api["order"] == [f"phone:{A}", f"phone:{B}", f"phone:{D}"]
    assert [c["at"] for c in api["calls"]] == [h["time"] for h in stage["hops"]]
    # a text carries only from its sender: D texted A, so nothing reaches B from D that way
    assert not api_time_ordered_path(store, f"phone:{D}", f"phone:{B}")["found"]


def test_earliest_arrival_stops_after_max_hops() -> None:
    from linewatch.network.paths import earliest_arrival

    links = {"a": [("b", 1)], "b": [("c", 2)], "c": [("d", 3)]}

    def after(frontier: dict[str, int]) -> list[tuple[str, str, int, None]]:
        return [(me, other, at, None) for me, t in frontier.items()
                for other, at in links.get(me, []) if at > t]

    chain = earliest_arrival(["a"], ["d"], after, start=0)
    assert chain is not None and [c[1] for c in chain] == ["b", "c", "d"]
    assert earliest_arrival(["a"], ["d"], after, start=0, max_hops=2) is None
