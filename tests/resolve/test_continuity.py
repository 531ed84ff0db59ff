"""Line continuity: a number that stops is linked to the one that takes over its contacts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from resolve_world import T0, add_cdr, call, num, sms

from linewatch.resolve import continuity, handsets
from linewatch.storage import Store

DAY = dt.timedelta(days=1)


def _line(number: str, customers: list[str], start: float, end: float,
          imei: str | None = None) -> list[dict[str, Any]]:
    """A deal line: a broadcast to every customer each day and a call from a few of them."""
    rows: list[dict[str, Any]] = []
    ids = {"a_imei": imei} if imei else {}
    day = start
    while day <= end:
        when = T0 + dt.timedelta(days=day)
        rows += [sms(number, c, when + dt.timedelta(seconds=2 * i), **ids)
                 for i, c in enumerate(customers)]
        rows += [call(c, number, when + dt.timedelta(hours=3 + i)) for i, c in
                 enumerate(customers[int(day) % 3::3])]
        day += 1
    return rows


def _links(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    rows = store.query("SELECT number_a, number_b, confidence, evidence FROM number_links "
                       "WHERE link_type = 'continuity'")
    return {(a, b): {"confidence": c, **json.loads(e)} for a, b, c, e in rows}


def _build(store: Store, rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    add_cdr(store, rows)
    handsets.build(store, "run-1")
    continuity.build(store, "run-1")
    return _links(store)


def test_line_that_changes_number_is_linked_with_broadcast_and_handset_evidence(
        store: Store) -> None:
    customers = [num(100 + i) for i in range(30)]
    old, new = num(1), num(2)
    rows = _line(old, customers, 0, 9, imei="356938035643809")
    rows += _line(new, customers[:27] + [num(300 + i) for i in range(5)], 9.6, 20,
                  imei="356938035643809")
    links = _build(store, rows)
    assert (old, new) in links
    link = links[(old, new)]
    assert link["confidence"] >= 0.9
    assert link["shared_contacts"] >= 25
    assert link["broadcast"]["recipients_among_old_contacts"] >= 25
    assert link["shared_imeis"] == ["35693803564380"]
    assert (new, old) not in links


def test_concurrent_bulk_senders_sharing_recipients_are_not_linked(store: Store) -> None:
    recipients = [num(100 + i) for i in range(40)]
    rows = _line(num(1), recipients, 0, 20) + _line(num(2), recipients[5:], 2, 20)
    assert _build(store, rows) == {}


def test_personal_phone_change_is_linked(store: Store) -> None:
    friends = [num(100 + i) for i in range(24)]
    old, new = num(1), num(2)
    rows = []
    for d in range(10):
        rows += [call(old, f, T0 + dt.timedelta(days=d, hours=i % 10)) for i, f in
                 enumerate(friends) if (i + d) % 2 == 0]
        rows += [sms(f, old, T0 + dt.timedelta(days=d, hours=12)) for f in friends[d::5]]
    for d in range(10, 20):
        rows += [call(new, f, T0 + dt.timedelta(days=d, hours=i % 10)) for i, f in
                 enumerate(friends[:20]) if (i + d) % 2 == 0]
        rows += [sms(f, new, T0 + dt.timedelta(days=d, hours=12)) for f in friends[d % 5::5]]
    links = _build(store, rows)
    assert (old, new) in links
    assert links[(old, new)]["broadcast"]["recipients_among_old_contacts"] < 10


def test_numbers_with_fewer_contacts_than_the_minimum_are_not_candidates(store: Store) -> None:
    customers = [num(100 + i) for i in range(3)]
    rows = _line(num(1), customers, 0, 9) + _line(num(2), customers, 9.5, 20)
    assert _build(store, rows) == {}


def test_a_small_short_lived_number_that_takes_over_is_linked(store: Store) -> None:
    # a brand's number used for two days with eight customers is still the brand
    customers = [num(100 + i) for i in range(8)]
    rows = _line(num(1), customers, 0, 9) + _line(num(2), customers, 9.5, 11)
    rows += _line(num(3), customers, 11.6, 20)
    add_cdr(store, rows)
    handsets.build(store, "run-1")
    continuity.build(store, "run-1", {"min_contacts": 4, "min_shared": 3})
    links = _links(store)
    assert (num(1), num(2)) in links
    assert (num(2), num(3)) in links


def test_fan_out_counts_numbers_not_windows(store: Store) -> None:
    # each contact of the pair is also a contact of 30 other numbers: seen in the last and
    # first windows of each, a count of windows would pass 50 and drop every shared contact
    customers = [num(100 + i) for i in range(10)]
    rows = _line(num(1), customers, 0, 9) + _line(num(2), customers, 9.5, 20)
    for k in range(30):
        rows += [call(num(1000 + k), c, T0 + dt.timedelta(days=k % 20, hours=2))
                 for c in customers] + [call(num(1000 + k), num(5000 + j),
                                             T0 + dt.timedelta(days=k % 20, hours=3))
                                        for j in range(4)]
    add_cdr(store, rows)
    handsets.build(store, "run-1")
    continuity.build(store, "run-1", {"max_contact_fanout": 50, "min_contacts": 4,
                                       "min_shared": 3})
    assert (num(1), num(2)) in _links(store)


def test_a_line_still_running_is_not_linked_to_a_newcomer(store: Store) -> None:
    customers = [num(100 + i) for i in range(30)]
    rows = _line(num(1), customers, 0, 20) + _line(num(2), customers[:25], 19, 20.5)
    assert _build(store, rows) == {}


def test_relaunch_after_quiet_days_is_linked(store: Store) -> None:
    customers = [num(100 + i) for i in range(30)]
    rows = _line(num(1), customers, 0, 6) + _line(num(2), customers[:26], 10.2, 20)
    links = _build(store, rows)
    assert (num(1), num(2)) in links
    assert 3.5 < links[(num(1), num(2))]["gap_days"] < 4.5


def test_phone_that_stopped_with_the_line_does_not_outrank_it(store: Store) -> None:
    customers = [num(100 + i) for i in range(40)]
    line, runner, new = num(1), num(3), num(2)
    rows = _line(line, customers, 0, 9) + _line(new, customers[:36], 9.6, 20)
    rows += _line(runner, customers[:22], 0.5, 9)
    links = _build(store, rows)
    assert (line, new) in links and (runner, new) not in links


def test_new_number_long_overlapping_the_old_is_not_a_continuation(store: Store) -> None:
    customers = [num(100 + i) for i in range(30)]
    rows = _line(num(1), customers, 0, 12) + _line(num(2), customers[:28], 6, 20)
    assert _build(store, rows) == {}


def test_a_phone_in_use_beside_a_short_lived_number_all_its_life_is_not_its_successor(
        store: Store) -> None:
    # a line number used for under three days, and a runner's phone reaching the same
    # customers from its first hour and for days after it stopped: within the overlap
    # allowed in days, but beside the old number for nearly all of its life
    customers = [num(100 + i) for i in range(30)]
    rows = _line(num(1), customers, 0, 2) + _line(num(3), customers[:25], 0.05, 12)
    add_cdr(store, rows)
    handsets.build(store, "run-1")
    continuity.build(store, "run-1")
    assert _links(store) == {}
    continuity.build(store, "run-2", {"max_overlap_share": 1.0})
    assert set(_links(store)) == {(num(1), num(3))}


LOW = {"min_contacts": 4, "min_shared": 3, "max_contact_fanout": 50}


def _all_links(store: Store, params: dict[str, Any]) -> tuple[dict[str, Any], set[Any]]:
    summary = continuity.build(store, "run-x", params)
    return summary, set(store.query(
        "SELECT number_a, number_b, confidence, evidence FROM number_links "
        "WHERE link_type = 'continuity'"))


def test_time_bands_find_exactly_the_pairs_of_the_plain_join(world_store: Store) -> None:
    # one band wider than the data is the plain join on shared contacts alone
    for params in ({}, LOW):
        banded = _all_links(world_store, params)
        plain = _all_links(world_store, {**params, "band_seconds": 86400.0 * 10_000})
        assert banded == plain
    assert banded[0]["candidates"] > 0


def test_switches_at_either_end_of_the_window_are_found_wherever_the_bands_fall(
        store: Store) -> None:
    customers = [num(100 + i) for i in range(30)]
    band = 13.0  # days: the default gap (10) plus the default overlap (3)
    for shift in (0.0, 0.31, 0.57, 0.83):
        for delay, linked in ((9.8, True), (10.3, False), (-2.8, True), (-3.3, False)):
            store.execute("DELETE FROM cdr")
            start = shift * band
            old_rows = _line(num(1), customers, start, start + 6)
            old_last = max(r["start_time"] for r in old_rows if r["a_number"] == num(1))
            new_start = (old_last - T0) / DAY + delay
            rows = old_rows + _line(num(2), customers[:27], new_start, new_start + 20)
            links = _build(store, rows)
            assert ((num(1), num(2)) in links) is linked, (shift, delay)
