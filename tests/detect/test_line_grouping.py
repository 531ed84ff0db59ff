"""Grouping deal-line numbers into lines: links strongest first, never two lines run side by side."""

from __future__ import annotations

import datetime as dt
import itertools

import pyarrow as pa

from linewatch.detect.lines import Link, concurrent_pairs, group_lines, shared_staff_links
from linewatch.detect.params import DetectParams
from linewatch.storage import Store

A, B, C, X = "+447700900001", "+447700900002", "+447700900003", "+447700900009"
DAY0 = dt.datetime(2024, 9, 2, 10, 0, 0)


def _sends(number: str, days: range) -> list[dict[str, object]]:
    return [{"a_number": number, "b_number": "+447700900500", "event_type": "sms",
             "start_time": DAY0 + dt.timedelta(days=d)} for d in days]


def test_concurrent_pairs_finds_numbers_sending_on_the_same_days() -> None:
    store = Store.open(":memory:")
    # A sends days 0-9; B takes over on day 9 (one shared day); X sends days 0-9 beside A
    rows = _sends(A, range(0, 10)) + _sends(B, range(9, 20)) + _sends(X, range(0, 10))
    for i, row in enumerate(rows):
        row["_row"] = i
    store.write_rows("cdr", rows, mode="append")
    pairs = concurrent_pairs(store, [A, B, X], DetectParams())
    assert pairs == {frozenset((A, X)): 10}


def test_a_switch_chain_is_one_line_with_its_weakest_link_as_confidence() -> None:
    links = [Link(A, B, "continuity", 0.9, "resolve"), Link(B, C, "continuity", 0.6, "resolve")]
    lines = group_lines([A, B, C], links, {A: 1, B: 2, C: 3})
    assert [line.numbers for line in lines] == [[A, B, C]]
    assert lines[0].confidence == 0.6
    assert lines[0].refused == []


def test_shared_customers_never_join_two_numbers_run_side_by_side() -> None:
    links = [Link(A, X, "shared_customers", 0.8, "detect"),
             Link(A, B, "continuity", 0.9, "resolve")]
    apart = {frozenset((A, X)): 12}
    lines = group_lines([A, B, X], links, {A: 1, B: 5, X: 2}, apart)
    assert sorted(line.numbers for line in lines) == [[A, B], [X]]
    line_ab = next(line for line in lines if A in line.numbers)
    assert line_ab.refused and "12 days" in line_ab.refused[0]["reason"]


def test_a_refused_pair_blocks_a_chain_through_a_third_number() -> None:
    # X is run beside A; B links to both: B joins A (stronger link), X stays apart
    links = [Link(A, B, "continuity", 0.9, "resolve"), Link(B, X, "continuity", 0.7, "resolve")]
    lines = group_lines([A, B, X], links, {A: 1, B: 2, X: 3}, {frozenset((A, X)): 6})
    assert sorted(line.numbers for line in lines) == [[A, B], [X]]


def test_without_constraints_every_linked_number_joins() -> None:
    links = [Link(A, X, "shared_customers", 0.8, "detect")]
    lines = group_lines([A, X], links, {A: 1, X: 2})
    assert [line.numbers for line in lines] == [[A, X]]


def _edges(rows: list[tuple[str, str, int]]) -> pa.Table:
    a, b = zip(*[(min(x, y), max(x, y)) for x, y, _ in rows], strict=True)
    return pa.table({"number_a": list(a), "number_b": list(b), "n": [n for *_, n in rows]})


RUNNER, CUST = "+447700900700", "+447700900800"


def _staff_store(new_start: int) -> Store:
    store = Store.open(":memory:")
    rows = _sends(A, range(0, 5)) + _sends(B, range(new_start, new_start + 5))
    for i, row in enumerate(rows):
        row["_row"] = i
    store.write_rows("cdr", rows, mode="append")
    return store


def test_a_line_moved_to_a_new_market_keeps_its_crew() -> None:
    # A's customers are not B's, but A's heaviest relay contact is B's too, and B starts
    # sending the day after A stops
    edges = _edges([(A, RUNNER, 40), (B, RUNNER, 35), (A, CUST, 3)]
                   + [(A, f"+4477009010{i:02d}", 5) for i in range(20)]
                   + [(B, f"+4477009020{i:02d}", 5) for i in range(20)])
    links = shared_staff_links(_staff_store(5), edges, [A, B], DetectParams())
    assert [(k.number_a, k.number_b, k.link_type) for k in links] == [(A, B, "shared_staff")]
    assert links[0].evidence["relay_contact"] == RUNNER
    lines = group_lines([A, B], links, {A: 1, B: 2})
    assert [line.numbers for line in lines] == [[A, B]]


def test_a_shared_contact_of_a_later_unrelated_number_is_no_staff_link() -> None:
    edges = _edges([(A, RUNNER, 40), (B, RUNNER, 35)]
                   + [(A, f"+4477009010{i:02d}", 5) for i in range(20)]
                   + [(B, f"+4477009020{i:02d}", 5) for i in range(20)])
    # B starts 20 days after A's last sending: no hand-over
    assert shared_staff_links(_staff_store(25), edges, [A, B], DetectParams()) == []
    # a light contact (3 events with each) is no relay
    light = _edges([(A, RUNNER, 3), (B, RUNNER, 3)]
                   + [(A, f"+4477009010{i:02d}", 5) for i in range(20)]
                   + [(B, f"+4477009020{i:02d}", 5) for i in range(20)])
    assert shared_staff_links(_staff_store(5), light, [A, B], DetectParams()) == []


def test_resolution_links_follow_a_chain_of_switches_beyond_the_candidates() -> None:
    from linewatch.detect.lines import resolution_links

    store = Store.open(":memory:")
    store.execute("CREATE TABLE number_links (number_a VARCHAR, number_b VARCHAR, "
                  "link_type VARCHAR, confidence DOUBLE, evidence JSON, run_id VARCHAR)")
    chain = [A, B, C, "+447700900004", "+447700900005"]
    store.executemany("INSERT INTO number_links VALUES (?, ?, 'continuity', 0.99, NULL, 'r')",
                      list(itertools.pairwise(chain)))
    store.execute("INSERT INTO number_links VALUES (?, ?, 'continuity', 0.99, NULL, 'r')",
                  ["+447700900700", "+447700900701"])  # another chain, never reached
    links = resolution_links(store, [A])
    assert links is not None
    assert [(k.number_a, k.number_b) for k in links] == list(itertools.pairwise(chain))
    assert len(resolution_links(store, [A], hops=1) or []) == 1
