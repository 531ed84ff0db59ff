"""Writes ``truth/``: what really happened, for scoring an analysis. Format: docs/simulator.md.

Person ids (``TP000123``) exist only here; the data bundle never carries them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np

from linewatch.simulate.line_traffic import Broadcast
from linewatch.simulate.lines import Line
from linewatch.simulate.records import Written
from linewatch.simulate.world import PERSON_ROLES, PHONE_ROLES, PhoneKind, World

TRUTH_FORMAT_VERSION = 1
_KIND_NAMES = {int(k): k.name.lower() for k in PhoneKind}
_OPEN = 10_000


def person_id(person: int) -> str:
    return f"TP{person:06d}"


class _Dates:
    def __init__(self, start: dt.date) -> None:
        self.start = start

    def __call__(self, day: int) -> str:
        if abs(day) >= _OPEN:
            return ""
        return (self.start + dt.timedelta(days=int(day))).isoformat()


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _involved(world: World, written: Written, seen: np.ndarray) -> set[int]:
    phones = world.phones
    people = {phones.owner[p] for p in np.flatnonzero(seen) if phones.owner[p] >= 0}
    people.update(person for _, _, person in written.nominal_records)
    people.update(v.driver for v in world.vehicles)
    return people


def write_truth(world: World, lines: list[Line], changes: list[tuple[int, int, int, bool]],
                broadcasts: list[Broadcast], written: Written, seen: np.ndarray,
                truth_dir: Path, cdr_rows: int) -> None:
    """Every truth file; see docs/simulator.md for the columns."""
    date = _Dates(world.config.start)
    persons, phones, addresses = world.persons, world.phones, world.addresses
    line_of_phone = {i: line.line_id for line in lines for i in
                     [n.phone for n in line.numbers]
                     + [w for r in line.runners for w in r.work_phones]}
    people = sorted(_involved(world, written, seen))
    _write(truth_dir / "persons.csv",
           ["person_id", "role", "age", "sex", "child", "exploited", "exploitation", "line_ids",
            "nicknames", "home_address", "home_postcode", "place"],
           [[person_id(p), PERSON_ROLES[int(persons.role[p])], int(persons.age[p]),
             "F" if persons.female[p] else "M", int(persons.age[p] < 18),
             int(p in persons.exploitation), persons.exploitation.get(p, ""),
             ";".join(sorted(persons.line_of.get(p, set()))),
             ";".join(persons.nicknames.get(p, [])), addresses.full(int(persons.address[p])),
             addresses.postcode[int(persons.address[p])],
             world.places[int(persons.place[p])].name] for p in people])
    seen_phones = [int(p) for p in np.flatnonzero(seen)]
    _write(truth_dir / "phones.csv",
           ["number", "role", "kind", "person_id", "line_id", "active_from", "active_to"],
           [[phones.number[p], PHONE_ROLES[phones.role[p]], _KIND_NAMES[phones.kind[p]],
             person_id(phones.owner[p]) if phones.owner[p] >= 0 else "",
             line_of_phone.get(p, ""), date(phones.active_from[p]), date(phones.active_to[p])]
            for p in seen_phones])
    histories = world.handsets.histories()
    rows: list[list[object]] = []
    for p in seen_phones:
        history = histories[p]
        for k, (day, imei, imsi) in enumerate(history):
            until = history[k + 1][0] if k + 1 < len(history) else _OPEN
            rows.append([phones.number[p], world.handsets.imeis[imei],
                         world.handsets.imsis[imsi], date(day), date(until)])
    _write(truth_dir / "handsets.csv", ["number", "imei", "imsi", "valid_from", "valid_to"], rows)
    _write_lines(world, lines, seen, truth_dir, date)
    _write(truth_dir / "nominal_records.csv", ["source_system", "record_id", "person_id"],
           [[s, r, person_id(p)] for s, r, p in written.nominal_records])
    _write(truth_dir / "events.csv", ["source_system", "event_id", "person_id", "line_id"],
           [[s, e, person_id(p) if p >= 0 else "", line] for s, e, p, line in
            written.event_truth])
    _write(truth_dir / "addresses.csv",
           ["address", "postcode", "kind", "cuckooed", "line_id", "occupant_person_id"],
           [[addresses.full(t.address), addresses.postcode[t.address], "trap", int(t.cuckooed),
             line.line_id, person_id(t.occupant) if t.occupant >= 0 else ""]
            for line in lines for t in line.traps])
    _write(truth_dir / "vehicles.csv", ["vrm", "person_id", "line_id"],
           [[v.vrm, person_id(v.driver), v.line_id or ""] for v in world.vehicles])
    _write(truth_dir / "broadcasts.csv",
           ["line_id", "number", "first_at", "last_at", "recipients", "kind"],
           [[b.line_id, phones.number[b.phone], _utc(b.first_at), _utc(b.last_at), b.recipients,
             b.kind] for b in broadcasts])
    _write(truth_dir / "number_changes.csv", ["old_number", "new_number", "changed_on",
                                              "person_id", "kept_handset"],
           [[phones.number[o], phones.number[n], date(d), person_id(phones.owner[o]), int(k)]
            for o, n, d, k in changes if seen[o] or seen[n]])
    with (truth_dir / "texts.jsonl").open("w", encoding="utf-8") as handle:
        for entry in written.text_facts:
            handle.write(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
    config = dataclasses.asdict(world.config)
    config["start"] = world.config.start.isoformat()
    manifest = {"format": "linewatch-truth", "version": TRUTH_FORMAT_VERSION,
                "config": config, "region": world.region.key, "hub": world.region.hub,
                "start": world.config.start.isoformat(), "days": world.days,
                "counts": {"cdr": cdr_rows, **written.counts, "persons": len(people),
                           "phones": len(seen_phones), "lines": len(lines)}}
    (truth_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True)
                                             + "\n", encoding="utf-8")


def _utc(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_lines(world: World, lines: list[Line], seen: np.ndarray, truth_dir: Path,
                 date: _Dates) -> None:
    addresses, phones = world.addresses, world.phones
    line_rows: list[list[object]] = []
    number_rows: list[list[object]] = []
    for line in lines:
        numbers = [n for n in line.numbers if seen[n.phone]]
        disruption = line.disruption
        status = "active" if line.end > world.days else "closed"
        line_rows.append([
            line.line_id, line.brand, world.places[line.hub_place].name, world.region.hub,
            world.places[line.market_place].name, world.places[line.market_place].area,
            line.holder, date(line.start), date(line.end) if line.end <= world.days else "",
            status, date(disruption.day) if disruption else "",
            person_id(line.controller), ";".join(person_id(a) for a in line.associates),
            ";".join(person_id(r.person) for r in line.runners),
            ";".join(addresses.full(t.address) for t in line.traps),
            ";".join(phones.number[n.phone] for n in numbers)])
        previous = ""
        for k, number in enumerate(numbers):
            number_rows.append([line.line_id, k + 1, phones.number[number.phone],
                                date(number.start), date(number.end), number.reason, previous])
            previous = phones.number[number.phone]
    _write(truth_dir / "lines.csv",
           ["line_id", "brand", "hub_district", "hub", "market_town", "area", "holder",
            "started", "ended", "status", "disrupted_on", "controller_person_id",
            "associate_person_ids", "runner_person_ids", "trap_addresses", "numbers"], line_rows)
    _write(truth_dir / "line_numbers.csv",
           ["line_id", "sequence", "number", "active_from", "active_to", "started_by",
            "previous_number"], number_rows)
