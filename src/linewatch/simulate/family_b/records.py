"""Person records (nominals) across police and partner systems, with recording noise, and
subscriber checks."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from linewatch.simulate.family_b.business import LookAlikes
from linewatch.simulate.family_b.lines import Line
from linewatch.simulate.family_b.noise import (
    noisy_address,
    noisy_dob,
    noisy_name,
    noisy_postcode,
    written_number,
)
from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import Person, Population, Registry
from linewatch.simulate.family_b.places import Address

Row = dict[str, str]


def _record_id(rng: random.Random, system: str) -> str:
    if system == "rms":
        return f"NOM{rng.randint(10**6, 10**7 - 1)}"
    if system == "custody":
        return f"CU/{rng.randint(10, 99)}/{rng.randint(10000, 99999)}"
    if system == "social_care":
        return f"LA-{rng.randint(100000, 999999)}"
    if system == "youth_justice":
        return f"YJS{rng.randint(1000, 9999)}"
    return f"PUP{rng.randint(10**7, 10**8 - 1)}"


@dataclass
class Records:
    nominals: list[Row] = field(default_factory=list)
    truth: list[tuple[str, str, str]] = field(default_factory=list)
    by_person: dict[str, dict[str, str]] = field(default_factory=dict)  # person -> system -> id
    used: set[tuple[str, str]] = field(default_factory=set)

    def record_of(self, person_id: str, system: str) -> str:
        return self.by_person.get(person_id, {}).get(system, "")


def _systems_for(rng: random.Random, person: Person) -> list[str]:
    if person.role == "controller":
        return ["rms", "custody"] if rng.random() < 0.7 else ["rms"]
    if person.role == "associate":
        return ["rms"] + (["custody"] if rng.random() < 0.6 else [])
    if person.role == "runner":
        if person.child:
            return ["rms", "social_care"] + (["education"] if rng.random() < 0.5 else []) + (
                ["youth_justice"] if rng.random() < 0.3 else [])
        return ["rms"] + (["custody"] if rng.random() < 0.5 else [])
    if person.role == "trap_occupant":
        return ["rms", "social_care"] if person.exploited else ["rms"]
    return [rng.choice(("rms", "rms", "social_care", "custody"))]


def add_record(rng: random.Random, prm: WorldParams, reg: Registry, recs: Records,
               person: Person, system: str, old_addresses: Sequence[Address] = ()) -> str:
    record_id = _record_id(rng, system)
    while (system, record_id) in recs.used:
        record_id = _record_id(rng, system)
    recs.used.add((system, record_id))
    noise = prm.record_noise * (1.6 if system in ("social_care", "education") else 1.0)
    forenames = person.forenames
    if rng.random() < noise * 0.4:
        forenames = forenames[:3]
    phones = [reg.phones[n] for n in person.phones]
    shown = [p.number for p in phones if p.kind in ("personal", "control")][:1]
    if system == "custody":
        shown += [p.number for p in phones if p.kind == "runner_work"]
    if rng.random() < noise * 0.5:
        shown = []
    home = person.home
    if rng.random() < noise * 0.3 and old_addresses:  # an address the person has left
        home = rng.choice(old_addresses)
    recs.nominals.append({
        "source_system": system, "record_id": record_id,
        "surname": noisy_name(rng, person.surname, noise),
        "forenames": noisy_name(rng, forenames, noise * 0.6),
        "dob": noisy_dob(rng, person.dob, noise, prm.missing_dob_share),
        "sex": person.sex if rng.random() > noise * 0.2 else "U",
        "address": noisy_address(rng, home.line, noise),
        "postcode": noisy_postcode(rng, home.postcode, noise),
        "phone": ";".join(written_number(rng, n) for n in shown),
        "nickname": person.nickname if system in ("rms", "custody") else "",
        "flags": ";".join(sorted(person.flags)) if system != "education" else "",
    })
    recs.truth.append((system, record_id, person.person_id))
    recs.by_person.setdefault(person.person_id, {}).setdefault(system, record_id)
    return record_id


def build_nominals(rng: random.Random, prm: WorldParams, pop: Population, reg: Registry,
                   lines: list[Line], found: LookAlikes) -> Records:
    """Everyone in a line has records; so do some customers and ordinary people."""
    recs = Records()
    moved_from = [p.home for p in pop.persons.values() if p.role == "none"][::7]
    involved: list[Person] = []
    for line in lines:
        for person_id in [line.controller_id, *line.associates, *line.runners]:
            involved.append(pop.persons[person_id])
        for trap in line.traps:
            if trap.occupant_id:
                involved.append(pop.persons[trap.occupant_id])
    customers = sorted({c.person_id for line in lines for c in line.customers})
    involved += [pop.persons[c] for c in customers if rng.random() < 0.2]
    involved += [pop.persons[c] for c, _ in found.missing]
    seen: set[str] = set()
    for person in involved:
        if person.person_id in seen:
            continue
        seen.add(person.person_id)
        for system in _systems_for(rng, person):
            add_record(rng, prm, reg, recs, person, system, moved_from)
        if rng.random() < prm.record_noise * 0.3:  # a duplicate in the same system
            add_record(rng, prm, reg, recs, person, "rms")
    ordinary = [p for p in pop.persons.values() if p.person_id not in seen and p.age >= 12]
    for person in ordinary:
        if rng.random() < prm.background_record_share:
            if person.age >= 40 and rng.random() < 0.3:
                person.flags |= {rng.choice(("vulnerable_adult", "mental_health",
                                             "substance_misuse"))}
            add_record(rng, prm, reg, recs, person, _systems_for(rng, person)[0])
    return recs


def subscriber_rows(rng: random.Random, pop: Population, reg: Registry, found: LookAlikes,
                    used_numbers: set[str], start_year: int) -> list[Row]:
    """Operator subscriber checks, requested for some numbers only."""
    names = {b.number: b.name for b in found.businesses}
    rows: list[Row] = []
    for number in sorted(used_numbers):
        phone = reg.phones[number]
        chance = {"deal_line": 0.7, "runner": 0.6, "controller": 0.6, "trap": 0.5,
                  "customer": 0.2}.get(phone.role, 0.06)
        if number in names:
            chance = 0.7
        if rng.random() >= chance:
            continue
        activated = f"{start_year - rng.randint(0, 4)}-{rng.randint(1, 12):02d}-" \
                    f"{rng.randint(1, 28):02d}"
        row = {"number": written_number(rng, number), "account_type": phone.account,
               "subscriber_name": "", "subscriber_address": "", "subscriber_dob": "",
               "activated_on": activated}
        if number in names:
            row["subscriber_name"] = names[number].upper()
        elif phone.account != "payg_unregistered" and phone.person_id:
            holder = pop.persons[phone.person_id]
            if phone.role == "controller" and rng.random() < 0.5:
                family = [pop.persons[m] for m in pop.households[holder.household]
                          if pop.persons[m].age >= 40]
                holder = family[0] if family else holder
            row["subscriber_name"] = f"{holder.forenames} {holder.surname}".upper()
            row["subscriber_address"] = f"{holder.home.line} {holder.home.postcode}"
            row["subscriber_dob"] = holder.dob.isoformat() if rng.random() < 0.6 else ""
        rows.append(row)
    return rows
