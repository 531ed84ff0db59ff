"""The truth/ folder of a family-B world, in the truth format of docs/simulator.md."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from linewatch.simulate.family_b.events import EventBook
from linewatch.simulate.family_b.lines import Line
from linewatch.simulate.family_b.people import Population, Registry
from linewatch.simulate.family_b.records import Records
from linewatch.simulate.family_b.traffic import Traffic
from linewatch.simulate.family_b.writer import LONDON, day_date, write_csv, write_json, write_jsonl


def _utc(start: date, day: int, second: int) -> str:
    naive = datetime(start.year, start.month, start.day) + timedelta(days=day, seconds=second)
    instant = naive.replace(tzinfo=LONDON).astimezone(UTC)
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def _after(start: date, day: int | None) -> str:
    return day_date(start, None if day is None else day + 1)


def _line_row(start: date, line: Line, days: int) -> dict[str, str]:
    ended = line.closed_on
    return {
        "line_id": line.line_id, "brand": line.brand, "hub_district": line.hub_district,
        "hub": "", "market_town": line.segments[0][0],
        "area": ";".join(t for t, _, _ in line.segments), "holder": line.holder,
        "started": line.started.isoformat() if line.started else "",
        "ended": day_date(start, ended), "status": "closed" if ended is not None else "active",
        "disrupted_on": day_date(start, line.disrupted_on),
        "controller_person_id": line.controller_id,
        "associate_person_ids": ";".join(line.associates),
        "runner_person_ids": ";".join(line.runners),
        "trap_addresses": ";".join(t.address.line for t in line.traps),
        "numbers": ";".join(s.number for s in line.numbers)}


def write_truth(folder: Path, manifest: dict[str, Any], start: date, pop: Population,
                reg: Registry, lines: list[Line], recs: Records, book: EventBook,
                traffic: Traffic, used: set[str], texts: list[dict[str, Any]]) -> None:
    days = int(manifest["days"])
    phones = [reg.phones[n] for n in sorted(used)]
    wanted = {p.person_id for p in phones if p.person_id} | {r[2] for r in recs.truth}
    wanted |= {t.occupant_id for line in lines for t in line.traps if t.occupant_id}
    persons = [pop.persons[p] for p in sorted(wanted)]
    write_csv(folder / "persons.csv", (
        "person_id", "role", "age", "sex", "child", "exploited", "exploitation", "line_ids",
        "nicknames", "home_address", "home_postcode", "place"), (
        {"person_id": p.person_id, "role": p.role, "age": str(p.age), "sex": p.sex,
         "child": "1" if p.child else "0", "exploited": "1" if p.exploited else "0",
         "exploitation": p.exploitation, "line_ids": ";".join(p.line_ids),
         "nicknames": p.nickname, "home_address": p.home.line, "home_postcode": p.home.postcode,
         "place": p.place} for p in persons))
    write_csv(folder / "phones.csv", ("number", "role", "kind", "person_id", "line_id",
                                      "active_from", "active_to"), (
        {"number": p.number, "role": p.role, "kind": p.kind, "person_id": p.person_id or "",
         "line_id": p.line_id, "active_from": day_date(start, p.first_day),
         "active_to": day_date(start, p.last_day)} for p in phones))
    write_csv(folder / "lines.csv", (
        "line_id", "brand", "hub_district", "hub", "market_town", "area", "holder", "started",
        "ended", "status", "disrupted_on", "controller_person_id", "associate_person_ids",
        "runner_person_ids", "trap_addresses", "numbers"),
        ({**_line_row(start, line, days), "hub": str(manifest["hub"])} for line in lines))
    write_csv(folder / "line_numbers.csv", (
        "line_id", "sequence", "number", "active_from", "active_to", "started_by",
        "previous_number"), (
        {"line_id": line.line_id, "sequence": str(i + 1), "number": s.number,
         "active_from": day_date(start, s.first_day), "active_to": day_date(start, s.last_day),
         "started_by": s.started_by, "previous_number": s.previous}
        for line in lines for i, s in enumerate(line.numbers)))
    write_csv(folder / "handsets.csv", ("number", "imei", "imsi", "valid_from", "valid_to"), (
        {"number": p.number, "imei": h.imei, "imsi": h.imsi,
         "valid_from": day_date(start, h.start), "valid_to": _after(start, h.end)}
        for p in phones for h in p.spells))
    write_csv(folder / "nominal_records.csv", ("source_system", "record_id", "person_id"), (
        {"source_system": s, "record_id": r, "person_id": p} for s, r, p in recs.truth))
    write_csv(folder / "events.csv", ("source_system", "event_id", "person_id", "line_id"), (
        {"source_system": s, "event_id": e, "person_id": p, "line_id": li}
        for s, e, p, li in book.truth))
    write_csv(folder / "addresses.csv", (
        "address", "postcode", "kind", "cuckooed", "line_id", "occupant_person_id",
        "trap_kind"), (
        {"address": t.address.line, "postcode": t.address.postcode, "kind": "trap",
         "cuckooed": "1" if t.kind == "cuckooed" else "0", "line_id": line.line_id,
         "occupant_person_id": t.occupant_id or "", "trap_kind": t.kind}
        for line in lines for t in line.traps))
    write_csv(folder / "vehicles.csv", ("vrm", "person_id", "line_id"), [])
    write_csv(folder / "broadcasts.csv", ("line_id", "number", "first_at", "last_at",
                                          "recipients", "kind"), (
        {"line_id": li, "number": n, "first_at": _utc(start, d, a), "last_at": _utc(start, d, b),
         "recipients": str(r), "kind": k}
        for li, n, d, a, b, r, k in traffic.broadcasts if li))
    write_csv(folder / "number_changes.csv", ("old_number", "new_number", "changed_on",
                                              "person_id", "kept_handset"), (
        {"old_number": o, "new_number": n, "changed_on": day_date(start, d), "person_id": p,
         "kept_handset": "1" if k else "0"} for o, n, d, p, k in traffic.number_changes
        if o in used or n in used))
    write_jsonl(folder / "texts.jsonl", texts)
    manifest["counts"].update(persons=len(persons), phones=len(phones), lines=len(lines))
    write_json(folder / "manifest.json", manifest)
