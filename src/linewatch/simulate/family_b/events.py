"""Police and partner events (missing and found, stop and search, raids, referrals, welfare
checks, neighbours' complaints) and the items seized."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from linewatch.simulate.family_b.business import LookAlikes
from linewatch.simulate.family_b.lines import Line, Trap
from linewatch.simulate.family_b.noise import noisy_address
from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import Person, Population, Registry
from linewatch.simulate.family_b.places import Geography
from linewatch.simulate.family_b.records import Records, Row, add_record

EVENT_COLUMNS = ("source_system", "event_id", "event_type", "occurred_at", "record_id", "role",
                 "address", "postcode", "lat", "lon", "offence", "outcome", "detail")
SEIZURE_COLUMNS = ("seizure_id", "source_system", "event_id", "item_type", "drug_name",
                   "drug_class", "quantity", "unit", "value_gbp", "description", "imei",
                   "number", "vrm")


@dataclass
class EventBook:
    rng: random.Random
    prm: WorldParams
    reg: Registry
    recs: Records
    start: date
    rows: list[Row] = field(default_factory=list)
    seizures: list[Row] = field(default_factory=list)
    truth: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, system: str, kind: str, day: int, second: int, person: Person | None,
            role: str, line_id: str, trap: Trap | None = None, offence: str = "",
            outcome: str = "", detail: str = "", where: tuple[float, float] | None = None,
            ) -> str:
        event_id = f"{system[:2].upper()}E{len(self.rows) + 100001}"
        record = ""
        if person is not None:
            record = self.recs.record_of(person.person_id, system) or add_record(
                self.rng, self.prm, self.reg, self.recs, person, system)
        at = datetime(self.start.year, self.start.month, self.start.day) + timedelta(
            days=day, seconds=second)
        address = trap.address if trap else None
        lat, lon = (address.lat, address.lon) if address else where or ("", "")
        self.rows.append({
            "source_system": system, "event_id": event_id, "event_type": kind,
            "occurred_at": at.isoformat(timespec="minutes"), "record_id": record,
            "role": role if person is not None else "",
            "address": noisy_address(self.rng, address.line, self.prm.record_noise)
            if address else "", "postcode": address.postcode if address else "",
            "lat": str(lat), "lon": str(lon), "offence": offence, "outcome": outcome,
            "detail": detail})
        self.truth.append((system, event_id, person.person_id if person else "", line_id))
        return event_id

    def seize(self, system: str, event_id: str, item: str, **values: str) -> None:
        row = {c: "" for c in SEIZURE_COLUMNS}
        row.update(seizure_id=f"SZ-{len(self.seizures) + 1:05d}", source_system=system,
                   event_id=event_id, item_type=item, **values)
        self.seizures.append(row)


def build_events(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
                 reg: Registry, recs: Records, lines: list[Line], found: LookAlikes,
                 start: date, days: int) -> EventBook:
    book = EventBook(rng, prm, reg, recs, start)
    for line in lines:
        _runner_events(rng, prm, geo, pop, book, line)
        _trap_events(rng, pop, book, line)
        if line.disrupted_on is not None:
            _raid(rng, pop, reg, book, line, line.disrupted_on)
    for child_id, day in found.missing:
        child = pop.persons[child_id]
        book.add("rms", "missing_report", day, 22 * 3600 + rng.randint(0, 3000), child,
                 "subject", "", detail="Did not come home after school; parents ringing round.",
                 where=(child.home.lat, child.home.lon))
        book.add("rms", "found", day + 1, rng.randint(1, 10) * 3600, child, "subject", "",
                 detail="Found at a friend's house nearby, safe and well.",
                 where=(child.home.lat, child.home.lon))
    for record in list(recs.truth):
        person = pop.persons[record[2]]
        if person.role != "none" or rng.random() > 0.5:
            continue
        kind = "welfare_check" if person.flags else rng.choice(("arrest", "asb_report"))
        book.add(record[0], kind, rng.randint(0, days - 1), rng.randint(9, 21) * 3600, person,
                 "subject" if kind != "arrest" else "suspect", "",
                 offence="Theft from a shop" if kind == "arrest" else "",
                 outcome="no_further_action" if kind == "arrest" else "",
                 where=(person.home.lat, person.home.lon))
    return book


def _runner_events(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
                   book: EventBook, line: Line) -> None:
    for shift in line.shifts:
        runner = pop.persons[shift.runner_id]
        town = geo.place(shift.town)
        if runner.child and runner.place != shift.town and rng.random() < \
                prm.missing_report_chance:
            book.add("rms", "missing_report", shift.first_day, 20 * 3600 + rng.randint(0, 9000),
                     runner, "subject", line.line_id,
                     detail=rng.choice((
                         "Not seen since morning. Has new trainers and will not say where "
                         "the money came from.",
                         "Third missing episode this term. Phone goes to voicemail.",
                         "Mother reports calls at all hours, after which the child leaves.")),
                     where=(runner.home.lat, runner.home.lon))
            found_day = min(shift.last_day, shift.first_day + rng.randint(1, 4))
            pronoun = "he" if runner.sex == "M" else "she"
            book.add("rms", "found", found_day, rng.randint(8, 23) * 3600, runner, "subject",
                     line.line_id, detail=f"Located in {town.name}, far from home, with two "
                     f"phones and cash. Would not explain why {pronoun} was there.",
                     where=(town.lat, town.lon))
            if rng.random() < 0.6:
                book.add("social_care", "referral", found_day + 1, 11 * 3600, runner, "subject",
                         line.line_id, detail="Concerns of child criminal exploitation after "
                         "being found out of area.")
        if rng.random() < 0.25 and shift.last_day > shift.first_day:
            day = rng.randint(shift.first_day, shift.last_day)
            event_id = book.add("rms", "stop_search", day, rng.randint(14, 23) * 3600, runner,
                                "subject", line.line_id, offence="Possession with intent to "
                                "supply Class A" if rng.random() < 0.4 else "",
                                outcome="released_under_investigation", where=(town.lat, town.lon),
                                detail="Searched near the station; cash and phones found.")
            book.seize("rms", event_id, "cash", value_gbp=str(rng.randint(3, 30) * 20))
            work = book.reg.phones[shift.work_number]
            book.seize("rms", event_id, "phone", description="Basic handset",
                       imei=work.spell_on(day).imei, number=work.number)


def _trap_events(rng: random.Random, pop: Population, book: EventBook, line: Line) -> None:
    for trap in line.traps:
        for _ in range(rng.randint(0, 2)):
            day = rng.randint(trap.first_day, trap.last_day)
            book.add("rms", "asb_report", day, rng.randint(0, 23) * 3600, None, "", line.line_id,
                     trap, detail=rng.choice((
                         "Neighbour reports people knocking at all hours and cars waiting "
                         "outside.", "Youths coming and going from the flat through the night.",
                         "Drug litter found in the communal stairwell.")))
        if trap.kind == "cuckooed" and trap.occupant_id:
            occupant = pop.persons[trap.occupant_id]
            for _ in range(rng.randint(1, 2)):
                day = rng.randint(trap.first_day, trap.last_day)
                book.add(rng.choice(("social_care", "rms")), "welfare_check", day,
                         rng.randint(9, 18) * 3600, occupant, "subject", line.line_id, trap,
                         detail=rng.choice((
                             "Occupant withdrawn and anxious; young males present who would "
                             "not give names.", "Support worker unable to gain entry; "
                             "occupant has stopped attending appointments.")))


def _raid(rng: random.Random, pop: Population, reg: Registry, book: EventBook, line: Line,
          day: int) -> None:
    trap = line.trap_on(day) or line.traps[-1]
    event_id = book.add("rms", "warrant", day, 6 * 3600 + rng.randint(0, 1800), None, "",
                        line.line_id, trap, offence="Misuse of Drugs Act s23 warrant",
                        detail="Warrant executed at address linked to a deal line.")
    book.seize("rms", event_id, "drug", drug_name=rng.choice(("crack cocaine", "heroin")),
               drug_class="A", quantity=str(rng.randint(10, 80)), unit="wraps",
               value_gbp=str(rng.randint(5, 40) * 50))
    book.seize("rms", event_id, "cash", value_gbp=str(rng.randint(4, 60) * 50))
    span = line.number_on(day)
    if span is not None:
        phone = reg.phones[span.number]
        book.seize("rms", event_id, "phone", description="Deal line handset",
                   imei=phone.spell_on(day).imei, number=phone.number)
    for shift in line.shifts_on(day):
        runner = pop.persons[shift.runner_id]
        book.add("rms", "arrest", day, 6 * 3600 + 2400, runner, "suspect", line.line_id, trap,
                 offence="Being concerned in the supply of Class A drugs",
                 outcome="released_under_investigation")
        if runner.child:
            book.add("social_care", "referral", day, 15 * 3600, runner, "subject", line.line_id,
                     detail="National Referral Mechanism referral: child found at a raided "
                     "address, suspected criminal exploitation.")
    if line.closed_on is not None:
        controller = pop.persons[line.controller_id]
        for system, kind in (("rms", "arrest"), ("custody", "custody")):
            book.add(system, kind, day, 7 * 3600, controller, "suspect", line.line_id,
                     offence="Conspiracy to supply Class A drugs", outcome="charged",
                     where=(controller.home.lat, controller.home.lon))
