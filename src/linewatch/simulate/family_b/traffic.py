"""Call and text events of a family-B world: the common event type and everyday traffic
between ordinary people (including people who change number)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import HandsetSpell, Phone, Population, Registry

# relative weight of each local hour for adults and for the young
ADULT_HOURS = (1, 0, 0, 0, 0, 1, 3, 6, 8, 9, 9, 9, 10, 9, 9, 9, 10, 11, 11, 10, 8, 6, 4, 2)
YOUNG_HOURS = (3, 2, 1, 0, 0, 0, 1, 3, 5, 5, 5, 6, 7, 7, 7, 8, 10, 12, 13, 13, 12, 10, 8, 5)


@dataclass(order=True)
class Event:
    day: int
    second: int  # local seconds since midnight, may exceed 86400 (spills into next day)
    a: str
    b: str
    kind: str
    duration: int


@dataclass
class Traffic:
    events: list[Event] = field(default_factory=list)
    broadcasts: list[tuple[str, str, int, int, int, int, str]] = field(default_factory=list)
    number_changes: list[tuple[str, str, int, str, bool]] = field(default_factory=list)
    successor: dict[str, tuple[int, str]] = field(default_factory=dict)

    def add(self, day: int, second: int, a: str, b: str, kind: str, duration: int = 0) -> None:
        if a != b:
            self.events.append(Event(day, second, a, b, kind, duration))

    def burst(self, day: int, second: int, sender: str, recipients: list[str], gap: float,
              rng: random.Random, line_id: str, kind: str) -> None:
        """One text to each recipient, ``gap`` seconds apart on average (bulk sending)."""
        at = float(second)
        for number in recipients:
            self.add(day, int(at), sender, number, "sms")
            at += rng.expovariate(1 / gap) if gap > 0 else 0
        if recipients:
            self.broadcasts.append((line_id, sender, day, second, int(at), len(recipients), kind))

    def resolve(self, number: str, day: int) -> str:
        moved = self.successor.get(number)
        return moved[1] if moved and day >= moved[0] else number


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, int(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def hour_second(rng: random.Random, young: bool) -> int:
    hour = rng.choices(range(24), YOUNG_HOURS if young else ADULT_HOURS)[0]
    return hour * 3600 + rng.randint(0, 3599)


def talk_seconds(rng: random.Random, prm: WorldParams, mean: float = 95.0) -> int:
    if rng.random() < prm.missed_call_share:
        return 0
    return max(3, int(rng.lognormvariate(math.log(mean), 0.9)))


def ensure_contacts(rng: random.Random, pop: Population, reg: Registry) -> None:
    """People created for a role (controllers, relatives, ...) get friends where they live."""
    by_place: dict[str, list[str]] = {}
    for person in pop.persons.values():
        if person.phones:
            by_place.setdefault(person.place, []).append(person.phones[0])
    for person in pop.persons.values():
        if not person.phones:
            continue
        phone = reg.phones[person.phones[0]]
        if len(phone.contacts) < 3:
            pool = by_place[person.place]
            for number in rng.sample(pool, min(len(pool), rng.randint(3, 7))):
                if number != phone.number and number not in phone.contacts:
                    phone.contacts.append(number)
                    reg.phones[number].contacts.append(phone.number)


def change_numbers(rng: random.Random, prm: WorldParams, pop: Population, reg: Registry,
                   traffic: Traffic, days: int) -> None:
    """Ordinary people who get a new number text most of their contacts about it."""
    if days < 3:
        return
    for person in pop.persons.values():
        if not person.phones or rng.random() >= prm.number_change_share:
            continue
        old = reg.phones[person.phones[0]]
        if old.role != "other" or old.kind != "personal":
            continue
        day = rng.randint(1, days - 2)
        kept = rng.random() < 0.55
        new = reg.add(Phone(reg.number(), "other", "personal", person.person_id,
                            old.home_cells, first_day=day, rate=old.rate, young=old.young,
                            day_cells=old.day_cells, account=old.account))
        imei = old.spell_on(day).imei if kept else reg.imei()
        new.spells = [HandsetSpell(imei, reg.imsi(), day, None)]
        old.last_day = day - 1
        told = [c for c in old.contacts if rng.random() < prm.number_change_retention]
        new.contacts = list(told)
        person.phones.append(new.number)
        traffic.successor[old.number] = (day, new.number)
        traffic.number_changes.append((old.number, new.number, day, person.person_id, kept))
        second = hour_second(rng, old.young)
        gap = rng.choice((0.8, 3.0, 15.0, 90.0))
        at = float(second)
        for number in told:
            traffic.add(day, int(at), new.number, number, "sms")
            at += rng.expovariate(1 / gap)


def everyday_traffic(rng: random.Random, prm: WorldParams, reg: Registry, traffic: Traffic,
                     days: int, weekday_of: list[int]) -> None:
    """Calls and texts between ordinary contacts, by each phone's own daily rate."""
    for phone in list(reg.phones.values()):
        if phone.kind not in ("personal", "control") or not phone.contacts:
            continue
        sms_share = prm.sms_share_young if phone.young else prm.sms_share_adult
        for day in range(days):
            if not phone.active(day):
                continue
            weekend = weekday_of[day] >= 5
            for _ in range(poisson(rng, phone.rate * (1.15 if weekend else 1.0))):
                contact = (phone.contacts[0] if rng.random() < 0.25
                           else rng.choice(phone.contacts))
                other = traffic.resolve(contact, day)
                if other not in reg.phones or not reg.phones[other].active(day):
                    continue
                second = hour_second(rng, phone.young)
                if rng.random() < sms_share:
                    traffic.add(day, second, phone.number, other, "sms")
                    if rng.random() < 0.5:
                        traffic.add(day, second + rng.randint(20, 900), other, phone.number,
                                    "sms")
                else:
                    traffic.add(day, second, phone.number, other, "voice",
                                talk_seconds(rng, prm))
