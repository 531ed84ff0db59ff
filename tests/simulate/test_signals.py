"""The planted signals are in the data, found from the bundle alone (truth only says where)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from simhelpers import e164, read_csv


def _calls(tiny: Path) -> list[tuple[dt.datetime, str, str, str, str]]:
    return [(dt.datetime.fromisoformat(r["start_time"]), e164(r["a_number"]),
             e164(r["b_number"]), r["event_type"], r["a_cell_id"])
            for r in read_csv(tiny / "data" / "cdr.csv")]


def _widest_burst(times_and_targets: list[tuple[dt.datetime, str]], minutes: int) -> int:
    """Most distinct recipients texted within any window of ``minutes``."""
    rows = sorted(times_and_targets)
    best, start = 0, 0
    for end in range(len(rows)):
        while rows[end][0] - rows[start][0] > dt.timedelta(minutes=minutes):
            start += 1
        best = max(best, len({b for _, b in rows[start:end + 1]}))
    return best


def test_every_deal_line_sends_a_bulk_burst(tiny: Path) -> None:
    sent: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for when, a, b, kind, _ in _calls(tiny):
        if kind == "sms":
            sent[a].append((when, b))
    numbers = {r["number"] for r in read_csv(tiny / "truth" / "line_numbers.csv")}
    assert numbers
    for number in numbers:
        assert _widest_burst(sent[number], minutes=5) >= 10, number


def test_legitimate_bulk_senders_burst_too(tiny: Path) -> None:
    sent: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for when, a, b, kind, _ in _calls(tiny):
        if kind == "sms":
            sent[a].append((when, b))
    business = [r["number"] for r in read_csv(tiny / "truth" / "phones.csv")
                if r["kind"] in ("gp_surgery", "school", "takeaway")]
    assert business
    assert max(_widest_burst(sent[n], minutes=5) for n in business) >= 10


def test_runners_are_seen_in_the_hub_and_in_the_county(tiny: Path) -> None:
    area = {r["cell_id"]: r["area"] for r in read_csv(tiny / "data" / "cells.csv")}
    seen: dict[str, set[str]] = defaultdict(set)
    for _, a, _, _, cell in _calls(tiny):
        if cell:
            seen[a].add(area[cell])
    phones = read_csv(tiny / "truth" / "phones.csv")
    runners: dict[str, set[str]] = defaultdict(set)
    for phone in phones:
        if phone["role"] == "runner":
            runners[phone["person_id"]] |= seen[phone["number"]]
    travelled = [p for p, areas in runners.items() if {"London", "Kent"} <= areas]
    assert len(travelled) >= 2
    controllers = [p["number"] for p in phones if p["role"] == "controller"]
    assert controllers and all("Kent" not in seen[n] for n in controllers)


def test_customers_follow_the_brand_to_its_new_number(tiny: Path) -> None:
    calls = _calls(tiny)
    contacts: dict[str, set[str]] = defaultdict(set)
    for _, a, b, _, _ in calls:
        contacts[a].add(b)
        contacts[b].add(a)
    switches = [r for r in read_csv(tiny / "truth" / "line_numbers.csv") if r["previous_number"]]
    assert switches
    for switch in switches:
        old, new = contacts[switch["previous_number"]], contacts[switch["number"]]
        assert len(old & new) >= 0.5 * min(len(old), len(new)), switch


def test_cuckooed_addresses_have_night_visitors(tiny: Path) -> None:
    cells = read_csv(tiny / "data" / "cells.csv")
    addresses = {r["address"]: r for r in read_csv(tiny / "data" / "addresses.csv")}
    visitors: dict[tuple[str, str], set[str]] = defaultdict(set)
    where = {c["cell_id"]: (c["lat"], c["lon"]) for c in cells}
    for when, a, _, _, cell in _calls(tiny):
        local_hour = (when + dt.timedelta(hours=1)).hour
        if cell and (local_hour >= 22 or local_hour < 6):
            visitors[where[cell]].add(a)
    for trap in read_csv(tiny / "truth" / "addresses.csv"):
        if trap["cuckooed"] != "1":
            continue
        address = addresses[trap["address"]]
        lat, lon = float(address["lat"]), float(address["lon"])
        site = min(where.values(), key=lambda s: (float(s[0]) - lat) ** 2 + (float(s[1]) - lon) ** 2)
        assert len(visitors[site]) >= 3, trap["address"]


def test_missing_children_are_reported_and_found_out_of_area(tiny: Path) -> None:
    children = {p["person_id"] for p in read_csv(tiny / "truth" / "persons.csv")
                if p["exploited"] == "1" and p["child"] == "1"}
    events = {(r["source_system"], r["event_id"]): r for r in read_csv(tiny / "data" / "events.csv")}
    kinds = {events[(r["source_system"], r["event_id"])]["event_type"]
             for r in read_csv(tiny / "truth" / "events.csv") if r["person_id"] in children}
    assert {"missing_report", "found"} <= kinds


def test_deal_lines_are_unregistered_pay_as_you_go(tiny: Path) -> None:
    numbers = {r["number"] for r in read_csv(tiny / "truth" / "line_numbers.csv")}
    checked = [r for r in read_csv(tiny / "data" / "subscribers.csv")
               if e164(r["number"]) in numbers]
    assert checked and all(r["account_type"] == "payg_unregistered" for r in checked)
