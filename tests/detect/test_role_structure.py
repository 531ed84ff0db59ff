"""Role rules from structure and timing: runners sent after orders, several controller phones."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from linewatch.detect import role_structure as rs
from linewatch.detect.params import DetectParams
from linewatch.detect.places import Whereabouts
from linewatch.detect.roles import LineCrew, _second_handsets
from linewatch.storage import Store

T0 = dt.datetime(2024, 9, 2, 10, 0, 0)
LINE, RUNNER, FRIEND = "+447700900001", "+447700900002", "+447700900003"
CUSTOMERS = [f"+4477009001{i:02d}" for i in range(4)]


def _event(minutes: float, a: str, b: str) -> dict[str, object]:
    return {"start_time": T0 + dt.timedelta(minutes=minutes), "a_number": a, "b_number": b,
            "event_type": "sms"}


def _timing_store() -> Store:
    """Each customer orders twice a day for three days; the runner rings each one 20 minutes
    after the order; a friend of the customers texts them in the quiet hours before."""
    rows = []
    for day in range(3):
        for i, customer in enumerate(CUSTOMERS):
            for order in (day * 1440 + 60 * i, day * 1440 + 600 + 60 * i):
                rows.append(_event(order, customer, LINE))
                rows.append(_event(order + 20, RUNNER, customer))
            rows.append(_event(day * 1440 - 300 + i, FRIEND, customer))
            rows.append(_event(day * 1440 - 200 + i, customer, FRIEND))
    store = Store.open(":memory:")
    store.write_rows("cdr", rows, mode="append")
    return store


def test_contacts_just_after_orders_mark_a_runner_and_others_do_not() -> None:
    store = _timing_store()
    try:
        timing = rs.deal_timing(store, {LINE: "L1"}, {"L1": set(CUSTOMERS)},
                                {"L1": {RUNNER, FRIEND}}, DetectParams())
    finally:
        store.close()
    runner, friend = timing[("L1", RUNNER)], timing[("L1", FRIEND)]
    assert (runner.contacts, runner.customers, runner.timed) == (24, 4, 24)
    assert runner.works_orders(DetectParams())
    assert friend.contacts == 24 and friend.timed == 0
    assert not friend.works_orders(DetectParams())


def test_the_deal_window_bounds_what_counts_as_sent_after_an_order() -> None:
    store = _timing_store()
    try:
        timing = rs.deal_timing(store, {LINE: "L1"}, {"L1": set(CUSTOMERS)}, {"L1": {RUNNER}},
                                DetectParams(deal_window_min=10))
    finally:
        store.close()
    assert timing[("L1", RUNNER)].timed == 0  # rings 20 minutes after: outside a 10' window
    assert not timing[("L1", RUNNER)].works_orders(DetectParams())


def _where(area: int) -> Whereabouts:
    return Whereabouts(home_cell=f"C{area}", home_area=area, located=10,
                       areas=Counter({area: 10}))


def test_controller_phones_share_a_handset_or_the_same_runners_from_the_same_place() -> None:
    cands = {"K": {"runners": {"R1", "R2", "R3"}},
             "K-handset": {"runners": set()},  # used in the controller's handset
             "K-second": {"runners": {"R1", "R2"}},  # same runners, same home area
             "hub-friend": {"runners": {"R1", "R2"}},  # same runners, lives elsewhere
             "one-runner": {"runners": {"R3"}}}  # reaches one runner only
    where = {"K": _where(1), "K-second": _where(1), "hub-friend": _where(2),
             "one-runner": _where(1)}
    imeis = {"K": {"IMEI-1"}, "K-handset": {"IMEI-1"}, "hub-friend": {"IMEI-9"}}
    peers = dict(rs.controller_peers("K", cands, where, imeis, DetectParams()))
    assert sorted(peers) == ["K-handset", "K-second"]
    assert peers["K-handset"]["shared_handsets"] == ["IMEI-1"]
    assert peers["K-second"]["runner_phones_shared_with_controller"] == ["R1", "R2"]
    strict = dict(rs.controller_peers("K", cands, where, imeis,
                                      DetectParams(controller_peer_share=0.9)))
    assert sorted(strict) == ["K-handset"]


def _moving(days_in_market: list[int], days_away: list[int], cell: str) -> Whereabouts:
    w = Whereabouts(home_area=1, located=10)
    for d in days_in_market:
        w.daily_area[d], w.daily_cells[d] = 1, {f"M-{cell}"}
    for d in days_away:
        w.daily_area[d], w.daily_cells[d] = 2, {f"H-{cell}"}
    return w


def test_a_phone_travelling_with_the_line_handset_is_a_runner_phone() -> None:
    crew = LineCrew("L1", market_area=1)
    where = {"LINE": _moving([1, 2, 3, 4], [5, 6], "a"),
             "WITH-LINE": _moving([1, 2, 3, 4], [5, 6], "a"),  # same days, same cells
             "RESIDENT": _moving([1, 2, 3, 4, 5, 6], [], "a"),  # never leaves the market
             "ELSEWHERE": _moving([1, 2, 3, 4], [5, 6], "b")}  # same days, other cells
    found = _second_handsets(crew, {"WITH-LINE", "RESIDENT", "ELSEWHERE"}, where, {},
                             {"LINE": "L1"}, DetectParams())
    assert [(r.number, r.role) for r in found] == [("WITH-LINE", "runner")]
    assert found[0].evidence["moves_with_line_handset"] is True
    assert crew.runners == ["WITH-LINE"]


def test_customer_reach_finds_a_phone_that_never_touches_the_line() -> None:
    """A line held by a runner in the market: a second runner is never in touch with the line
    phone, only with its customers; reach makes it a timing candidate, the friend of two
    customers stays below the bar."""
    store = _timing_store()
    try:
        reach = rs.customer_reach(store, {LINE: "L1"}, {"L1": set(CUSTOMERS)}, 3)
        fewer = rs.customer_reach(store, {LINE: "L1"}, {"L1": set(CUSTOMERS[:2])}, 3)
    finally:
        store.close()
    assert reach == {"L1": {RUNNER, FRIEND}}  # both reach all four customers
    assert fewer == {}  # two customers only: below the bar of three
    assert LINE not in reach.get("L1", set())


def test_a_runner_found_by_reach_alone_is_given_the_runner_role() -> None:
    store = _timing_store()
    try:
        reach = rs.customer_reach(store, {LINE: "L1"}, {"L1": set(CUSTOMERS)}, 3)
        timing = rs.deal_timing(store, {LINE: "L1"}, {"L1": set(CUSTOMERS)}, reach,
                                DetectParams())
    finally:
        store.close()
    assert {n for (_, n), t in timing.items() if t.works_orders(DetectParams())} == {RUNNER}
