"""Roles on the hand-built mini network, lines as brands, and one role per cdr number."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from linewatch.detect import run
from linewatch.detect.lines import line_id_for
from linewatch.storage import Store


def _roles(store: Store) -> dict[str, tuple[str, str | None]]:
    return {n: (r, line) for n, r, line in store.query(
        "SELECT number, role, line_id FROM phone_roles")}


def test_every_cdr_number_gets_exactly_one_phone_role(world_store: Store) -> None:
    run(world_store)
    in_cdr = {r[0] for r in world_store.query(
        "SELECT a_number FROM cdr UNION SELECT b_number FROM cdr")}
    rows = world_store.query("SELECT number FROM phone_roles")
    numbers = [r[0] for r in rows]
    assert len(numbers) == len(set(numbers))
    assert set(numbers) == in_cdr
    roles = {r[0] for r in world_store.query("SELECT DISTINCT role FROM phone_roles")}
    assert roles <= {"deal_line", "controller", "runner", "trap", "customer", "other"}


def founded_by(number: str) -> str:
    """The id of a line whose earliest number is ``number``."""
    return line_id_for([number], {}, set())


def test_roles_of_the_mini_line(world_store: Store, mini: SimpleNamespace) -> None:
    run(world_store)
    roles = _roles(world_store)
    line = founded_by(mini.D1)  # the line is named by its first number
    assert roles[mini.D1] == ("deal_line", line)
    assert roles[mini.D2] == ("deal_line", line)
    assert roles[mini.K] == ("controller", line)
    assert roles[mini.R1] == ("runner", line)
    assert roles[mini.R2] == ("runner", line)
    assert roles[mini.T] == ("trap", line)
    assert all(roles[c] == ("customer", line) for c in mini.CUSTOMERS)
    for outsider in (mini.GP, mini.HEAVY, mini.DRIVER, *mini.PATIENTS[:10], *mini.FRIENDS):
        assert roles[outsider][0] == "other"


def test_role_evidence_explains_the_rule(world_store: Store, mini: SimpleNamespace) -> None:
    run(world_store)
    evidence = json.loads(world_store.scalar(
        "SELECT evidence FROM phone_roles WHERE number = ?", [mini.K]))
    assert sorted(evidence["runner_phones_contacted"]) == sorted([mini.R1, mini.R2])
    assert evidence["lives_away_from_market"] is True


def test_switched_numbers_form_one_line_without_resolution(world_store: Store,
                                                           mini: SimpleNamespace) -> None:
    summary = run(world_store)
    assert summary["lines"] == 1
    members = world_store.query("SELECT number FROM line_numbers WHERE line_id = ? "
                                "ORDER BY first_seen", [founded_by(mini.D1)])
    assert [m[0] for m in members] == [mini.D1, mini.D2]


def test_resolution_links_are_used_when_present(mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        # resolution ran and found no continuity between the two numbers: they stay apart
        # unless they share a customer base, which the brand rule checks on flagged numbers
        store.execute("CREATE TABLE number_links (number_a VARCHAR, number_b VARCHAR, "
                      "link_type VARCHAR, confidence DOUBLE, evidence JSON, run_id VARCHAR)")
        store.execute("INSERT INTO number_links VALUES (?, ?, 'shared_imsi', 1.0, NULL, 'r')",
                      [mini.GP, mini.HEAVY])
        summary = run(store, params={"group_shared_customers": False})
        assert summary["links_source"] == "resolve"
        line_of = dict(store.query("SELECT number, line_id FROM line_numbers"))
        assert mini.D1 in line_of
        assert line_of.get(mini.D2) != line_of[mini.D1]
    finally:
        store.close()


@pytest.mark.parametrize("kinds", [{"with_cells": False}])
def test_roles_without_cell_sites_still_find_the_crew(mini: SimpleNamespace,
                                                      kinds: dict[str, bool]) -> None:
    store = mini.make_store(**kinds)
    try:
        run(store)
        roles = _roles(store)
        assert roles[mini.D1][0] == "deal_line"
        assert roles[mini.K][0] == "controller"
        assert all(roles[c][0] == "customer" for c in mini.CUSTOMERS)
    finally:
        store.close()


def test_a_number_seen_only_calling_itself_still_gets_a_role(mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        odd = "+447700955555"
        store.write_rows("cdr", [{"start_time": mini.START, "a_number": odd, "b_number": odd,
                                  "event_type": "voice", "_batch": 1, "_row": 99999}],
                         mode="append")
        run(store)
        assert store.scalar("SELECT role FROM phone_roles WHERE number = ?", [odd]) == "other"
    finally:
        store.close()


def test_a_chain_of_day_long_numbers_after_a_line_is_the_line(mini: SimpleNamespace) -> None:
    # after D2 the brand burns a number a day: each sends one broadcast to the customers and
    # is gone; resolution linked each to the next, near-certainly
    store = mini.make_store(days=8)
    try:
        later = ["+447700980001", "+447700980002", "+447700980003"]
        rows = []
        for day, number in enumerate(later, start=8):
            when = mini.START + dt.timedelta(days=day, hours=9)
            rows += [{"event_id": f"X{day}-{i}", "start_time": when + dt.timedelta(seconds=2 * i),
                      "a_number": number, "b_number": c, "event_type": "sms",
                      "duration_s": None, "a_cell_id": None, "b_cell_id": None,
                      "a_imei": None, "a_imsi": None, "b_imei": None, "b_imsi": None,
                      "_batch": 1, "_file": 1, "_row": 100_000 + 100 * day + i}
                     for i, c in enumerate(mini.CUSTOMERS)]
            rows += [{"event_id": f"Y{day}-{i}", "start_time": when + dt.timedelta(hours=1 + i),
                      "a_number": c, "b_number": number, "event_type": "voice",
                      "duration_s": 30, "a_cell_id": None, "b_cell_id": None,
                      "a_imei": None, "a_imsi": None, "b_imei": None, "b_imsi": None,
                      "_batch": 1, "_file": 1, "_row": 200_000 + 100 * day + i}
                     for i, c in enumerate(mini.CUSTOMERS[:6])]  # a few order the same day
        store.write_rows("cdr", rows, mode="append")
        store.execute("CREATE TABLE number_links (number_a VARCHAR, number_b VARCHAR, "
                      "link_type VARCHAR, confidence DOUBLE, evidence JSON, run_id VARCHAR)")
        chain = [mini.D1, mini.D2, *later]
        store.executemany("INSERT INTO number_links VALUES (?, ?, 'continuity', 0.99, NULL, 'r')",
                          list(zip(chain, chain[1:], strict=False)))
        run(store)
        line_of = dict(store.query("SELECT number, line_id FROM line_numbers"))
        assert {line_of.get(n) for n in chain} == {line_of[mini.D1]}
    finally:
        store.close()
