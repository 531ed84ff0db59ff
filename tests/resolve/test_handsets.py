"""Handset and SIM timelines, and numbers linked by a shared IMEI or IMSI."""

from __future__ import annotations

import datetime as dt
import json

from resolve_world import T0, add_cdr, call, num, sms

from linewatch.resolve import handsets
from linewatch.storage import Store

HOUR = dt.timedelta(hours=1)


def test_timeline_records_which_number_was_in_which_handset_when(store: Store) -> None:
    add_cdr(store, [
        call(num(1), num(9), T0, a_imei="356938035643809", a_imsi="234150000000001"),
        call(num(1), num(9), T0 + HOUR, a_imei="356938035643809", a_imsi="234150000000001"),
        sms(num(9), num(1), T0 + 2 * HOUR, b_imei="356938035643800", b_imsi="234150000000001"),
        call(num(2), num(9), T0 + 30 * HOUR, a_imei="356938035643809", a_imsi="234150000000002"),
    ])
    handsets.build(store, "run-1")
    rows = store.query("SELECT number, imei, imsi, first_seen, last_seen, n_events "
                       "FROM phone_handsets ORDER BY number, first_seen")
    assert rows == [
        (num(1), "35693803564380", "234150000000001", T0, T0 + 2 * HOUR, 3),
        (num(2), "35693803564380", "234150000000002", T0 + 30 * HOUR, T0 + 30 * HOUR, 1),
    ]


def test_two_numbers_in_one_handset_are_linked_with_their_periods(store: Store) -> None:
    rows = [call(num(1), num(9), T0 + i * HOUR, a_imei="111111111111111") for i in range(4)]
    rows += [call(num(2), num(9), T0 + (10 + i) * HOUR, a_imei="111111111111111")
             for i in range(4)]
    add_cdr(store, rows)
    handsets.build(store, "run-1")
    links = store.query("SELECT number_a, number_b, link_type, confidence, evidence "
                        "FROM number_links")
    assert len(links) == 1
    a, b, link_type, confidence, evidence = links[0]
    assert (a, b, link_type) == (num(1), num(2), "shared_imei")
    assert 0.8 < confidence <= 1
    item = json.loads(evidence)["imeis"][0]
    assert item["imei"] == "11111111111111"
    assert item["a"]["events"] == 4 and item["b"]["events"] == 4
    assert item["in_use_at_same_time"] is False


def test_shared_sim_gives_a_shared_imsi_link(store: Store) -> None:
    add_cdr(store, [call(num(1), num(9), T0, a_imsi="234150000000009"),
                    call(num(2), num(9), T0 + HOUR, a_imsi="234150000000009")])
    handsets.build(store, "run-1")
    assert store.query("SELECT number_a, number_b, link_type FROM number_links") == [
        (num(1), num(2), "shared_imsi")]


def test_placeholder_and_zero_identifiers_link_nothing(store: Store) -> None:
    rows = [call(num(i), num(99), T0, a_imei="000000000000000") for i in range(5)]
    rows += [call(num(20 + i), num(99), T0, a_imei="359999999999999") for i in range(30)]
    add_cdr(store, rows)
    summary = handsets.build(store, "run-1", {"max_numbers_per_identifier": 25})
    assert store.count("number_links") == 0
    assert summary["placeholder_imeis_ignored"] == 1
    assert store.scalar("SELECT count(*) FROM phone_handsets WHERE imei IS NULL") == 0
