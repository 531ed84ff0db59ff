"""Cuckooed addresses: homes of vulnerable people taken over by a line.

Candidates are detected line addresses, addresses with welfare checks, anti-social behaviour
reports or drug finds, addresses flagged ``vulnerable_occupant``, and the homes of detected trap
occupants and of people flagged vulnerable. Each gets a score: the sum of the weights of the
indicators that fire, capped at 1.

* Use by a line: detection's ``line_addresses``, a resident detection names as a trap occupant,
  notes of visitors at all hours or drug activity, drugs found; and, supporting only, line
  phones dwelling on cells near the address, a night-time surge of distinct numbers on its
  nearest cell (a cell covers many homes) and ASB reports (which may be about anything).
* A vulnerable occupant: residents flagged ``vulnerable_adult`` / ``mental_health`` /
  ``substance_misuse``, the address's ``vulnerable_occupant`` flag, notes of a frightened or
  withdrawn resident, welfare checks.
* Intelligence reports and anonymous tips matched to the address (``text_mentions``) that
  describe line activity or a distressed occupant there: observed, weighted by their grade
  (:mod:`linewatch.safeguard.reports`).

An address is cuckooed when its score reaches the threshold, a non-supporting indicator of use
and an indicator of a vulnerable occupant fired, and something was observed at the address
itself (configurable): a trap house without a vulnerable occupant is not cuckooing, and phone
data alone cannot say which flat a phone is in.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from linewatch.geo import haversine_km_to_many
from linewatch.people.context import Context, address_key
from linewatch.safeguard.geo import Locator
from linewatch.safeguard.params import (
    OBSERVED_INDICATORS,
    OCCUPANT_INDICATORS,
    SUPPORTING,
    USE_INDICATORS,
)
from linewatch.safeguard.phrases import Phrases, load_phrases
from linewatch.safeguard.reports import reported_activity
from linewatch.storage import Store

ADDRESS_EVENTS = ("welfare_check", "asb_report", "warrant", "seizure", "arrest", "stop_search")
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


class AddressBook:
    """Candidate addresses by matching key; a key without postcode joins one with it."""

    def __init__(self) -> None:
        self.cases: dict[str, AddressCase] = {}
        self._by_street: dict[str, list[str]] = defaultdict(list)

    def key(self, address: str | None, postcode: str | None) -> str | None:
        key = address_key(address, postcode)
        if key is None:
            return None
        street, code = key.split("|", 1)
        known = self._by_street.get(street, [])
        if key in known:
            return key
        if not code and len(known) == 1:
            return known[0]
        if code and f"{street}|" in known:
            return f"{street}|"
        self._by_street[street].append(key)
        return key

    def case(self, address: str | None, postcode: str | None) -> AddressCase | None:
        key = self.key(address, postcode)
        if key is None:
            return None
        if key not in self.cases:
            self.cases[key] = AddressCase(key, address or "", postcode)
        elif postcode and not self.cases[key].postcode:
            self.cases[key].postcode = postcode
        return self.cases[key]


def assess_addresses(store: Store, ctx: Context, locator: Locator,
                     p: dict[str, Any]) -> dict[str, AddressCase]:
    """Score every candidate address; returns address key -> case."""
    w = p["cuckoo_weights"]
    book = AddressBook()
    if "line_addresses" in ctx.tables:
        for line_id, address, postcode, conf, evidence in store.query(
                "SELECT line_id, address, postcode, confidence, evidence FROM line_addresses"):
            c = book.case(address, postcode)
            if c is None:
                continue
            conf = 1.0 if conf is None else float(conf)
            prev = c.indicators.get("line_address")
            if prev is None or conf > prev["confidence"]:
                c.fire("line_address", w["line_address"],
                       [{"table": "line_addresses", "line_id": line_id, "evidence": evidence}],
                       factor=conf, confidence=conf)
    occupant_flags = {_flag(f) for f in p["occupant_flags"]}
    for address, postcode, flags in store.query(
            "SELECT address, postcode, flags FROM addresses WHERE flags IS NOT NULL"):
        hit = sorted({_flag(f) for f in flags} & occupant_flags)
        if hit and (c := book.case(address, postcode)) is not None:
            c.fire("vulnerable_occupant_flag", w["vulnerable_occupant_flag"],
                   [{"table": "addresses", "address": address, "flags": hit}])
    phrases = load_phrases(p["phrases"])
    _address_events(store, book, w, phrases)
    reported_activity(store, book, p, phrases)
    vulnerable = {f.lower() for f in p["vulnerability_flags"]}
    residents: dict[str, list[str]] = defaultdict(list)
    for pid in ctx.person_ids:
        home = ctx.homes.get(pid, (None, None))
        trap = any(r["role"] == "trap_occupant" for r in ctx.person_roles.get(pid, []))
        if trap or ctx.flags.get(pid, set()) & vulnerable:
            book.case(*home)
        keys = {book.key(*home)}
        # a welfare check on the person at an address places them there, however their own
        # record spells their home
        keys |= {book.key(e.address, e.postcode) for e in ctx.events.get(pid, [])
                 if e.event_type == "welfare_check" and e.role in (None, "subject", "victim")}
        for key in keys:
            if key in book.cases:
                residents[key].append(pid)
    for key, c in book.cases.items():
        c.residents = sorted(residents.get(key, []))
        occupants = [{"table": "person_roles", "person_id": pid, "role": "trap_occupant"}
                     for pid in c.residents if any(r["role"] == "trap_occupant"
                                                   for r in ctx.person_roles.get(pid, []))]
        if occupants and "line_address" not in c.indicators:
            # detection usually finds a trap address *through* its occupant: not counted twice
            c.fire("trap_occupant_resident", w["trap_occupant_resident"], occupants)
        flagged = [{"table": "persons", "person_id": pid,
                    "flags": sorted(ctx.flags.get(pid, set()) & vulnerable)}
                   for pid in c.residents if ctx.flags.get(pid, set()) & vulnerable]
        if flagged:
            c.fire("vulnerable_resident", w["vulnerable_resident"], flagged)
    _cell_indicators(store, ctx, locator, book.cases, p)
    for c in book.cases.values():
        c.score = min(1.0, sum(i["contribution"] for i in c.indicators.values()))
        use = [n for n in c.indicators if n in USE_INDICATORS and n not in SUPPORTING]
        occupant = [n for n in c.indicators if n in OCCUPANT_INDICATORS]
        observed = [n for n in c.indicators if n in OBSERVED_INDICATORS]
        c.cuckooed = bool(c.score >= float(p["cuckoo_threshold"]) and use and occupant
                          and (observed or not p["cuckoo_needs_observation"]))
    return book.cases


def _address_events(store: Store, book: AddressBook, w: dict[str, float],
                    phrases: Phrases) -> None:
    """Welfare checks, ASB reports, drug finds and what the notes say, per address."""
    rows = store.query_dicts(
        "SELECT source_system, event_id, event_type, occurred_at, address, postcode, detail "
        "FROM events WHERE address IS NOT NULL AND list_contains(?, event_type) "
        "ORDER BY occurred_at, source_system, event_id", [list(ADDRESS_EVENTS)])
    drug_events = {(s, e) for s, e in store.query(
        "SELECT DISTINCT coalesce(s.source_system, e.source_system), s.event_id "
        "FROM seizures s JOIN events e ON e.event_id = s.event_id "
        "AND (s.source_system IS NULL OR s.source_system = e.source_system) "
        "WHERE s.item_type = 'drug'")}
    kinds = {g.name: g.kind for g in phrases.cuckooing}
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        c = book.case(r["address"], r["postcode"])
        if c is None:
            continue
        ref = {"table": "events", "source_system": r["source_system"],
               "event_id": r["event_id"], "event_type": r["event_type"],
               "occurred_at": str(r["occurred_at"])}
        matches = phrases.concerns(phrases.cuckooing, r["detail"])
        if r["event_type"] == "welfare_check" and not phrases.reassuring(r["detail"]):
            found[(c.key, "welfare_checks")].append(ref)
        elif r["event_type"] == "asb_report" and (matches or not (r["detail"] or "").strip()):
            # a report whose note describes something else (a parking dispute) is no sign
            found[(c.key, "asb_reports")].append(ref)
        if (r["source_system"], r["event_id"]) in drug_events:
            found[(c.key, "drugs_found_at_address")].append(ref)
        for match in matches:
            found[(c.key, match["group"])].append({**ref, **match})
    for (key, name), evidence in sorted(found.items()):
        detail: dict[str, Any] = {"count": len(evidence)}
        if kinds.get(name):
            detail["kind"] = kinds[name]
        book.cases[key].fire(name, w[name], evidence, **detail)


def _flag(value: object) -> str:
    """``Vulnerable occupant``, ``vulnerable-occupant`` -> ``vulnerable_occupant``."""
    return "_".join(str(value).lower().replace("-", " ").split())


def _cell_indicators(store: Store, ctx: Context, locator: Locator,
                     cases: dict[str, AddressCase], p: dict[str, Any]) -> None:
    """Line phones dwelling near the address and night surges on its nearest cell."""
    cells = store.query("SELECT cell_id, lat, lon FROM cells "
                        "WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY cell_id")
    if not cells or not cases or store.count("cdr") == 0:
        return
    cell_ids = [str(c[0]) for c in cells]
    cell_lat = np.array([float(c[1]) for c in cells])
    cell_lon = np.array([float(c[2]) for c in cells])
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
        km = haversine_km_to_many(place.point[0], place.point[1], cell_lat, cell_lon)
        nearby = sorted((float(km[i]), cell_ids[i]) for i in np.flatnonzero(km <= radius))
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
        " SELECT cell_id, count(number) / count(DISTINCT night)"
        "  FROM (SELECT DISTINCT cell_id, number, night FROM n) GROUP BY cell_id", [start, end])
    return {str(cell): float(rate) for cell, rate in rows}
