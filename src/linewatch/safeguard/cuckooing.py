"""Cuckooed addresses: homes of vulnerable people taken over by a line.

Each candidate address (a detected line address, an address with welfare checks, anti-social
behaviour reports or drug finds, a ``vulnerable_occupant`` flag, or the home of a detected trap
occupant) gets a score that is the sum of the weights of the indicators that fire, capped at 1.
Indicators of *use by a line*: detection's ``line_addresses``, a resident detection names as
a trap occupant, drugs found at the address, ASB reports, and (supporting only, because a cell
covers many homes) line phones dwelling on cells near the address and a night-time surge of
distinct numbers on its nearest cell. Indicators of a *vulnerable occupant*: residents flagged
``vulnerable_adult`` / ``mental_health`` / ``substance_misuse``, the address's own
``vulnerable_occupant`` flag, welfare checks. An address is cuckooed when its score reaches the
threshold and at least one non-cell indicator of use and one indicator of a vulnerable occupant
fired: a trap house without a vulnerable occupant is not cuckooing.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from linewatch.safeguard.geo import Locator, haversine_km
from linewatch.safeguard.params import OCCUPANT_INDICATORS
from linewatch.score.context import Context, address_key
from linewatch.storage import Store

ADDRESS_EVENTS = ("welfare_check", "asb_report", "warrant", "seizure", "arrest", "stop_search")
CELL_ONLY = ("line_phones_dwell", "night_surge")
LINE_PHONES = ("runner", "deal_line", "trap")


@dataclass
class AddressCase:
    """One candidate address and what was found about it."""

    key: str
    address: str
    postcode: str | None
    residents: list[str] = field(default_factory=list)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    score: float = 0.0
    cuckooed: bool = False

    def fire(self, name: str, weight: float, evidence: list[dict[str, Any]],
             factor: float = 1.0, **detail: Any) -> None:
        self.indicators[name] = {"name": name, "weight": weight,
                                 "contribution": round(weight * factor, 6),
                                 "evidence": evidence, **detail}


def assess_addresses(store: Store, ctx: Context, locator: Locator,
                     p: dict[str, Any]) -> dict[str, AddressCase]:
    """Score every candidate address; returns address key -> case."""
    w = p["cuckoo_weights"]
    cases: dict[str, AddressCase] = {}

    def case(address: str | None, postcode: str | None) -> AddressCase | None:
        key = address_key(address, postcode)
        if key is None:
            return None
        if key not in cases:
            cases[key] = AddressCase(key, address or "", postcode)
        return cases[key]

    residents: dict[str, list[str]] = defaultdict(list)
    for pid in ctx.person_ids:
        key = address_key(*ctx.homes.get(pid, (None, None)))
        if key:
            residents[key].append(pid)
    if "line_addresses" in ctx.tables:
        for line_id, address, postcode, conf, evidence in store.query(
                "SELECT line_id, address, postcode, confidence, evidence FROM line_addresses"):
            c = case(address, postcode)
            if c is None:
                continue
            conf = 1.0 if conf is None else float(conf)
            prev = c.indicators.get("line_address")
            if prev is None or conf > prev["confidence"]:
                c.fire("line_address", w["line_address"],
                       [{"table": "line_addresses", "line_id": line_id, "evidence": evidence}],
                       factor=conf, confidence=conf)
    for pids in residents.values():
        occupants = [pid for pid in pids if any(r["role"] == "trap_occupant"
                                                for r in ctx.person_roles.get(pid, []))]
        if occupants:
            pid0 = occupants[0]
            c = case(*ctx.homes[pid0])
            if c is not None:
                c.fire("trap_occupant_resident", w["trap_occupant_resident"],
                       [{"table": "person_roles", "person_id": o, "role": "trap_occupant"}
                        for o in occupants])
    occupant_flags = {f.lower() for f in p["occupant_flags"]}
    for address, postcode, flags in store.query(
            "SELECT address, postcode, flags FROM addresses WHERE flags IS NOT NULL"):
        hit = sorted({str(f).lower() for f in flags} & occupant_flags)
        if hit and (c := case(address, postcode)) is not None:
            c.fire("vulnerable_occupant_flag", w["vulnerable_occupant_flag"],
                   [{"table": "addresses", "address": address, "flags": hit}])
    _address_events(store, ctx, case, w)
    vulnerable = {f.lower() for f in p["vulnerability_flags"]}
    for key, c in cases.items():
        c.residents = sorted(residents.get(key, []))
        flagged = [{"table": "persons", "person_id": pid,
                    "flags": sorted(ctx.flags.get(pid, set()) & vulnerable)}
                   for pid in c.residents if ctx.flags.get(pid, set()) & vulnerable]
        if flagged:
            c.fire("vulnerable_resident", w["vulnerable_resident"], flagged)
    _cell_indicators(store, ctx, locator, cases, p)
    for c in cases.values():
        c.score = min(1.0, sum(i["contribution"] for i in c.indicators.values()))
        use = [n for n in c.indicators if n not in OCCUPANT_INDICATORS and n not in CELL_ONLY]
        occupant = [n for n in c.indicators if n in OCCUPANT_INDICATORS]
        c.cuckooed = bool(c.score >= float(p["cuckoo_threshold"]) and use and occupant)
    return cases


def _address_events(store: Store, ctx: Context, case: Any, w: dict[str, float]) -> None:
    rows = store.query_dicts(
        "SELECT source_system, event_id, event_type, occurred_at, address, postcode "
        "FROM events WHERE address IS NOT NULL AND list_contains(?, event_type) "
        "ORDER BY occurred_at, source_system, event_id", [list(ADDRESS_EVENTS)])
    drug_events = {(s, e) for s, e in store.query(
        "SELECT DISTINCT coalesce(s.source_system, e.source_system), s.event_id "
        "FROM seizures s JOIN events e ON e.event_id = s.event_id "
        "AND (s.source_system IS NULL OR s.source_system = e.source_system) "
        "WHERE s.item_type = 'drug'")}
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    keys: dict[str, tuple[str, str | None]] = {}
    for r in rows:
        key = address_key(r["address"], r["postcode"])
        if key is None:
            continue
        keys[key] = (r["address"], r["postcode"])
        ref = {"table": "events", "source_system": r["source_system"],
               "event_id": r["event_id"], "event_type": r["event_type"],
               "occurred_at": str(r["occurred_at"])}
        if r["event_type"] == "welfare_check":
            found[(key, "welfare_checks")].append(ref)
        elif r["event_type"] == "asb_report":
            found[(key, "asb_reports")].append(ref)
        elif (r["source_system"], r["event_id"]) in drug_events:
            found[(key, "drugs_found_at_address")].append(ref)
    for (key, name), evidence in sorted(found.items()):
        c = case(*keys[key])
        if c is not None:
            c.fire(name, w[name], evidence, count=len(evidence))


def _cell_indicators(store: Store, ctx: Context, locator: Locator,
                     cases: dict[str, AddressCase], p: dict[str, Any]) -> None:
    """Line phones dwelling near the address and night surges on its nearest cell."""
    cells = [(c, float(la), float(lo)) for c, la, lo in store.query(
        "SELECT cell_id, lat, lon FROM cells WHERE lat IS NOT NULL AND lon IS NOT NULL")]
    if not cells or not cases or store.count("cdr") == 0:
        return
    w, radius = p["cuckoo_weights"], float(p["cell_radius_km"])
    line_numbers = sorted(ctx.numbers_with_role(*LINE_PHONES))
    dwell: dict[str, dict[str, set[Any]]] = defaultdict(lambda: {"days": set(), "phones": set()})
    if line_numbers:
        with store.registered("lw_line_numbers", pa.table({"number": line_numbers})):
            for cell, number, day in store.query(
                    "SELECT DISTINCT o.cell_id, o.number, CAST(o.start_time AS DATE) FROM ("
                    " SELECT a_cell_id AS cell_id, a_number AS number, start_time FROM cdr"
                    " UNION ALL SELECT b_cell_id, b_number, start_time FROM cdr) o"
                    " JOIN lw_line_numbers l ON l.number = o.number"
                    " WHERE o.cell_id IS NOT NULL"):
                dwell[cell]["days"].add(day)
                dwell[cell]["phones"].add(number)
    surge = _night_rates(store, p)
    baseline = statistics.median(surge.values()) if surge else 0.0
    for c in cases.values():
        place = locator.locate(c.address, c.postcode)
        if place.point is None:
            continue
        near = sorted((haversine_km(place.point, (la, lo)), cell) for cell, la, lo in cells)
        nearby = [(d, cell) for d, cell in near if d <= radius]
        days: set[dt.date] = set()
        phones: set[str] = set()
        for _, cell in nearby:
            days |= dwell.get(cell, {}).get("days", set())
            phones |= dwell.get(cell, {}).get("phones", set())
        if len(days) >= int(p["dwell_min_days"]):
            c.fire("line_phones_dwell", w["line_phones_dwell"],
                   [{"table": "cells", "cell_id": cell, "km": round(d, 3)} for d, cell in nearby],
                   days=len(days), phones=sorted(phones)[:20],
                   first_day=str(min(days)), last_day=str(max(days)))
        if nearby and baseline > 0:
            d, cell = nearby[0]
            rate = surge.get(cell, 0.0)
            if rate >= float(p["surge_min_numbers"]) and rate >= float(p["surge_ratio"]) * baseline:
                c.fire("night_surge", w["night_surge"],
                       [{"table": "cells", "cell_id": cell, "km": round(d, 3)}],
                       numbers_per_night=round(rate, 2), baseline=round(baseline, 2))


def _night_rates(store: Store, p: dict[str, Any]) -> dict[str, float]:
    """Distinct numbers seen per night on each cell (hours in UTC, from ``night_hours``)."""
    start, end = (int(h) for h in p["night_hours"])
    rows = store.query(
        "WITH o AS (SELECT a_cell_id AS cell_id, a_number AS number, start_time FROM cdr"
        " UNION ALL SELECT b_cell_id, b_number, start_time FROM cdr),"
        " n AS (SELECT cell_id, number, CAST(start_time - INTERVAL 12 HOUR AS DATE) AS night"
        "  FROM o WHERE cell_id IS NOT NULL AND (hour(start_time) >= ? OR hour(start_time) < ?))"
        " SELECT cell_id, count(DISTINCT number || '|' || CAST(night AS VARCHAR))"
        "  / count(DISTINCT night) FROM n GROUP BY cell_id", [start, end])
    return {str(cell): float(rate) for cell, rate in rows}
