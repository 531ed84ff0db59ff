"""Associates of a line: the controller's circle, found two ways.

1. **The circle** (``circle_associates``): a phone in regular touch (``associate_min_days``
   days or more) with a line's controller phone and also with another of the controller's
   regular contacts or a runner phone. The people around a controller who also deal with
   each other or with the runners.
2. **Known to police** (``known_associates``): a phone in regular touch
   (``associate_known_min_days`` days or more) with a controller's phone, whose owner's
   records show offending: a street name on a record, a flag such as violence or weapons, or
   an event such as an arrest where the person was not the victim or a witness. The people an
   analyst would list as the controller's associates from a telephone schedule and the
   nominal index, even when they never call each other. A contact who shares the
   controller's home address is household, not an associate, and is left out.

The seeds are the line's controller phones and every phone resolution ties to a person who
already holds the controller role (a controller's personal phone, say, that never rang the
line). A contact that holds a line role of its own (a customer, a runner) keeps it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from linewatch.detect import neighbourhood as nb
from linewatch.detect.roles import LineCrew, PhoneRole
from linewatch.schema.types.match_keys import address_keys
from linewatch.settings.detect import DetectSettings
from linewatch.storage import Store

#: event roles in which a person is not the one offending
NOT_OFFENDING_ROLES = ("victim", "witness", "reporter")


def circle_associates(store: Store, crews: list[LineCrew], by_number: dict[str, PhoneRole],
                      min_days: int) -> list[tuple[str, str, float]]:
    """(line, number, confidence) of contacts in the controller's circle."""
    seeds = [(c.line_id, n) for c in crews for n in c.controllers]
    circle = nb.contacts_of(store, seeds)
    circle = circle[circle["days"] >= min_days]
    out: list[tuple[str, str, float]] = []
    if circle.empty:
        return out
    regular = {(r.line_id, r.contact) for r in circle.itertuples(index=False)
               if r.contact not in by_number}
    second = nb.contacts_of(store, sorted(regular))
    crew_of = {c.line_id: set(c.runners) for c in crews}
    members: dict[str, set[str]] = {}
    for line_id, number in regular:
        members.setdefault(line_id, set()).add(number)
    for row in second.itertuples(index=False):
        inner = members.get(row.line_id, set())
        if row.contact in inner or row.contact in crew_of.get(row.line_id, set()):
            out.append((row.line_id, row.number, 0.6))
    return sorted(set(out))


def known_associates(store: Store, crews: list[LineCrew], by_number: dict[str, PhoneRole],
                     links: list[tuple[str, str, float]], best: dict[str, dict[str, Any]],
                     s: DetectSettings) -> list[tuple[str, str, str, float, dict[str, Any]]]:
    """(person, line, number, confidence, evidence) of regular contacts of a controller's
    phone whose owners are known to police for offending."""
    seeds = _controller_seeds(crews, links, best)
    if not seeds:
        return []
    contacts = nb.contacts_of(store, sorted(seeds))
    contacts = contacts[contacts["days"] >= s.associate_known_min_days]
    owners: dict[str, list[tuple[str, float]]] = {}
    for number, person, conf in links:
        owners.setdefault(number, []).append((person, conf))
    controller_homes = set(_homes(store, {p for p, row in best.items()
                                          if row["role"] == "controller"}).values())
    seed_numbers = {number for _, number in seeds}
    candidates: dict[tuple[str, str], tuple[str, int, str]] = {}
    for row in contacts.itertuples(index=False):
        if row.contact in by_number or row.contact in seed_numbers:
            continue
        for person, _conf in owners.get(row.contact, []):
            key = (person, row.line_id)
            if key not in candidates or int(row.days) > candidates[key][1]:
                candidates[key] = (row.contact, int(row.days), row.number)
    if not candidates:
        return []
    signs = _offending_signs(store, {p for p, _ in candidates}, s)
    homes = _homes(store, {p for p, _ in candidates})
    out: list[tuple[str, str, str, float, dict[str, Any]]] = []
    for (person, line_id), (number, days, seed) in sorted(candidates.items()):
        shown = signs.get(person)
        if not shown or best.get(person, {}).get("role") == "controller":
            continue
        home = homes.get(person)
        if home is not None and home in controller_homes:
            continue
        link = max(c for p, c in owners[number] if p == person)
        out.append((person, line_id, number, s.associate_known_confidence * link,
                    {"rule": "a regular contact of the controller, known to police",
                     "number": number, "controller_phone": seed, "days_in_touch": days,
                     "known_for": shown}))
    return out


def _controller_seeds(crews: list[LineCrew], links: list[tuple[str, str, float]],
                      best: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    seeds = {(c.line_id, n) for c in crews for n in c.controllers}
    for number, person, _conf in links:
        row = best.get(person)
        if row is not None and row["role"] == "controller" and row["line_id"]:
            seeds.add((row["line_id"], number))
    return seeds


def _homes(store: Store, persons: set[str]) -> dict[str, str]:
    if not persons:
        return {}
    table = pa.table({"person_id": pa.array(sorted(persons), pa.string())})
    with store.registered("lw_r_people", table):
        rows = store.query("SELECT p.person_id, p.address FROM persons p "
                           "JOIN lw_r_people r USING (person_id)")
    out: dict[str, str] = {}
    for person, address in rows:
        key = address_keys(address)["addr_key"]
        if key:
            out[person] = key
    return out


def _offending_signs(store: Store, persons: set[str],
                     s: DetectSettings) -> dict[str, list[str]]:
    """Per person, what in their records shows offending (empty persons are left out)."""
    table = pa.table({"person_id": pa.array(sorted(persons), pa.string())})
    flags = set(s.associate_offending_flags)
    out: dict[str, list[str]] = {}
    with store.registered("lw_r_people", table):
        for person, nicknames, person_flags in store.query(
                "SELECT p.person_id, p.nicknames, p.flags FROM persons p "
                "JOIN lw_r_people r USING (person_id)"):
            shown = [f"street name {n}" for n in (nicknames or [])[:2]]
            shown += [f"flag {f}" for f in sorted(set(person_flags or []) & flags)]
            if shown:
                out[person] = shown
        if store.table_exists("events") and store.table_exists("person_records"):
            rows = store.query(
                "SELECT pr.person_id, e.event_type, count(*) FROM events e "
                "JOIN person_records pr ON pr.source_system = e.source_system "
                "AND pr.record_id = e.record_id "
                "JOIN lw_r_people r ON r.person_id = pr.person_id "
                "WHERE list_contains(?, e.event_type) "
                "AND (e.role IS NULL OR NOT list_contains(?, e.role)) "
                "GROUP BY 1, 2 ORDER BY 1, 2",
                [list(s.associate_offending_events), list(NOT_OFFENDING_ROLES)])
            for person, event_type, count in rows:
                out.setdefault(person, []).append(f"{count} {event_type.replace('_', ' ')}")
    return out
