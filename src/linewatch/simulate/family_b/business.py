"""Legitimate look-alikes: surgeries and schools that bulk text, takeaways with promotions,
taxi firms, couriers ringing strangers, youth workers in touch with many teenagers, and
families ringing a child who has gone missing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from linewatch.simulate.family_b.lines import Line, actor
from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import Person, Phone, Population, Registry
from linewatch.simulate.family_b.places import Geography, Place
from linewatch.simulate.family_b.traffic import Traffic, poisson, talk_seconds

BUSINESS_WORDS = {
    "gp_surgery": ("{town} Medical Centre", "{town} Family Practice", "The {town} Surgery"),
    "school": ("{town} Academy", "St Anne's {town}", "{town} High School"),
    "takeaway": ("{town} Pizza Express Delivery", "Golden Wok {town}", "{town} Kebab House",
                 "Chicken Shack {town}"),
    "taxi": ("{town} Cars", "A1 Taxis {town}", "{town} Radio Cabs"),
}


@dataclass
class Business:
    number: str
    kind: str
    name: str
    place: str
    clients: list[str]


@dataclass
class LookAlikes:
    businesses: list[Business] = field(default_factory=list)
    workers: list[tuple[str, str]] = field(default_factory=list)  # (person_id, kind)
    missing: list[tuple[str, int]] = field(default_factory=list)  # (child person_id, day)


def _residents(pop: Population, place: str, low: int = 16, high: int = 99) -> list[Person]:
    return [p for p in pop.persons.values() if p.place == place and p.phones
            and low <= p.age <= high]


def build_look_alikes(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
                      reg: Registry, lines: list[Line], start: date) -> LookAlikes:
    found = LookAlikes()
    for place in geo.places:
        kinds = ["gp_surgery", "taxi"] + (["school"] if rng.random() < 0.7 else [])
        kinds += ["takeaway"] * (prm.takeaways_per_town if not place.is_hub else 1)
        for kind in kinds:
            people = _residents(pop, place.name, 12 if kind == "school" else 16)
            if kind == "school":
                families = {p.household for p in people if 11 <= p.age <= 16}
                people = [p for p in people if p.household in families and p.age >= 25]
            share = {"gp_surgery": 0.5, "taxi": 0.4, "school": 1.0, "takeaway": 0.35}[kind]
            clients = [p.phones[0] for p in people if rng.random() < share]
            if not clients:
                continue
            name = rng.choice(BUSINESS_WORDS[kind]).format(town=place.name)
            phone = reg.add(Phone(reg.number(), "other", kind, None,
                                  [c.cell_id for c in place.cells[:2]],
                                  account=rng.choice(("business", "business", "contract",
                                                      "payg_registered"))))
            found.businesses.append(Business(phone.number, kind, name, place.name, clients))
    for kind, count in (("courier", prm.couriers), ("youth_worker", prm.youth_workers)):
        for _ in range(count):
            base: Place = rng.choice(geo.places)
            worker = actor(rng, geo, pop, reg, base, start, rng.randint(23, 55),
                           rng.choice("MF"), 2.5)
            work = reg.add(Phone(reg.number(), "other", kind, worker.person_id,
                                 reg.phones[worker.phones[0]].home_cells,
                                 account="payg_registered" if kind == "courier" else "contract"))
            worker.phones.append(work.number)
            found.workers.append((worker.person_id, kind))
    taken = {p for line in lines for p in line.runners}
    kids = [p for p in pop.persons.values() if 12 <= p.age <= 16 and p.phones
            and p.person_id not in taken]
    for child in rng.sample(kids, min(len(kids), prm.missing_families)):
        found.missing.append((child.person_id, -1))
    return found


def business_traffic(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
                     reg: Registry, lines: list[Line], found: LookAlikes, traffic: Traffic,
                     days: int, weekday_of: list[int]) -> None:
    for biz in found.businesses:
        for day in range(days):
            weekday = weekday_of[day]
            if biz.kind == "gp_surgery" and weekday < 5:
                batch = rng.sample(biz.clients, max(1, int(len(biz.clients) * 0.12)))
                traffic.burst(day, 8 * 3600 + rng.randint(0, 5400), biz.number, batch,
                              rng.uniform(0.05, 0.8), rng, "", "reminder")
                for caller in rng.sample(biz.clients, min(len(biz.clients), rng.randint(2, 8))):
                    traffic.add(day, 8 * 3600 + rng.randint(0, 10800), caller, biz.number,
                                "voice", talk_seconds(rng, prm, 120))
            elif biz.kind == "school" and weekday < 5 and rng.random() < 0.3:
                traffic.burst(day, 15 * 3600 + rng.randint(0, 7200), biz.number, biz.clients,
                              rng.uniform(0.1, 1.5), rng, "", "newsletter")
            elif biz.kind == "takeaway":
                for caller in rng.sample(biz.clients, min(len(biz.clients),
                                                          poisson(rng, 3 + 3 * (weekday >= 4)))):
                    at = 17 * 3600 + rng.randint(0, 6 * 3600)
                    traffic.add(day, at, caller, biz.number, "voice",
                                max(25, talk_seconds(rng, prm, 70)))
                    if rng.random() < 0.5:
                        traffic.add(day, at + rng.randint(600, 2400), biz.number, caller, "sms")
                if weekday == 4:
                    traffic.burst(day, 16 * 3600 + rng.randint(0, 3600), biz.number,
                                  biz.clients, rng.uniform(0.4, 3.0), rng, "", "promotion")
            elif biz.kind == "taxi":
                night = 1.6 if weekday >= 4 else 1.0
                for _ in range(poisson(rng, 6 * night)):
                    caller = rng.choice(biz.clients)
                    hour = rng.choices(range(24), (5, 4, 3, 2, 1, 1, 2, 4, 4, 3, 3, 3, 3, 3,
                                                   3, 4, 5, 5, 5, 5, 6, 7, 8, 7))[0]
                    at = hour * 3600 + rng.randint(0, 3599)
                    traffic.add(day, at, caller, biz.number, "voice", rng.randint(15, 70))
                    traffic.add(day, at + rng.randint(300, 1500), biz.number, caller, "sms")
    _worker_traffic(rng, prm, geo, pop, reg, lines, found, traffic, days, weekday_of)
    _missing_child_calls(rng, prm, pop, found, traffic, days)


def _worker_traffic(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
                    reg: Registry, lines: list[Line], found: LookAlikes, traffic: Traffic,
                    days: int, weekday_of: list[int]) -> None:
    teens = [p.phones[0] for p in pop.persons.values() if 13 <= p.age <= 19 and p.phones]
    runners = [pop.persons[r].phones[0] for line in lines for r in line.runners]
    strangers = [p.phones[0] for p in pop.persons.values() if p.age >= 18 and p.phones
                 and p.place in {t.name for t in geo.towns}]
    for person_id, kind in found.workers:
        work = reg.phones[pop.persons[person_id].phones[-1]]
        if kind == "youth_worker":
            work.contacts = rng.sample(teens, min(len(teens), rng.randint(15, 40)))
            work.contacts += rng.sample(runners, min(len(runners), rng.randint(0, 2)))
        for day in range(days):
            if weekday_of[day] >= 5 and kind == "courier":
                continue
            town = rng.choice(geo.towns)
            work.overrides[day] = [c.cell_id for c in town.cells]
            if kind == "courier":
                for number in rng.sample(strangers, min(len(strangers), rng.randint(12, 45))):
                    at = 8 * 3600 + rng.randint(0, 10 * 3600)
                    if rng.random() < 0.6:
                        traffic.add(day, at, work.number, number, "sms")
                    else:
                        traffic.add(day, at, work.number, number, "voice", rng.randint(8, 60))
            else:
                for number in rng.sample(work.contacts, min(len(work.contacts),
                                                            rng.randint(4, 14))):
                    at = 10 * 3600 + rng.randint(0, 10 * 3600)
                    traffic.add(day, at, work.number, number,
                                "sms" if rng.random() < 0.6 else "voice", rng.randint(30, 600))
                    if rng.random() < 0.5:
                        traffic.add(day, at + rng.randint(60, 7200), number, work.number, "sms")


def _missing_child_calls(rng: random.Random, prm: WorldParams, pop: Population,
                         found: LookAlikes, traffic: Traffic, days: int) -> None:
    """A child not home by night: parents ring and text again and again until found."""
    for index, (child_id, _) in enumerate(found.missing):
        day = rng.randint(0, max(0, days - 2))
        found.missing[index] = (child_id, day)
        child = pop.persons[child_id]
        family = [pop.persons[m] for m in pop.households[child.household]
                  if m != child_id and pop.persons[m].phones and pop.persons[m].age >= 18]
        for parent in family:
            for _ in range(rng.randint(5, 15)):
                traffic.add(day, 21 * 3600 + rng.randint(0, 5 * 3600), parent.phones[0],
                            child.phones[0], "voice" if rng.random() < 0.7 else "sms",
                            0 if rng.random() < 0.8 else talk_seconds(rng, prm))
