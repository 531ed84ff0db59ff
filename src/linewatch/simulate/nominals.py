"""Person records in police and partner systems, each written with its own noise.

The same person appears in two or three systems (custody, rms, social_care, education) under
record ids that have nothing in common. Records are created on demand while events are
written, then materialised as rows with recording noise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from linewatch.simulate import noise
from linewatch.simulate.numbering import human_written
from linewatch.simulate.world import PERSON_ROLE, World

SYSTEMS = ("custody", "rms", "social_care", "education")
_SYSTEM_NOISE = {"custody": 0.7, "rms": 1.0, "social_care": 1.2, "education": 0.8}
_SYSTEM_FLAGS = {
    "custody": {"weapons", "violence", "substance_misuse", "mental_health"},
    "rms": {"weapons", "violence", "substance_misuse", "mental_health", "vulnerable_adult"},
    "social_care": {"child_in_care", "vulnerable_adult", "mental_health", "substance_misuse"},
    "education": {"child_in_care"},
}
# Which systems know people of each role, with the chance of a record in each.
_COVERAGE: dict[str, tuple[tuple[str, float], ...]] = {
    "controller": (("rms", 1.0), ("custody", 0.8), ("social_care", 0.1)),
    "associate": (("rms", 0.8), ("custody", 0.6)),
    "child_runner": (("rms", 1.0), ("social_care", 0.8), ("education", 0.7), ("custody", 0.4)),
    "runner": (("rms", 0.9), ("custody", 0.6), ("social_care", 0.3)),
    "trap_occupant": (("rms", 0.9), ("social_care", 0.8)),
    "customer": (("rms", 0.5), ("custody", 0.3), ("social_care", 0.1)),
    "adult": (("rms", 0.8), ("custody", 0.3), ("social_care", 0.2)),
    "child": (("rms", 0.5), ("social_care", 0.5), ("education", 0.6)),
}


def _record_id(system: str, number: int) -> str:
    if system == "custody":
        return f"{number % 100:02d}/{number // 100 % 100000:05d}/24"
    if system == "rms":
        return f"RMS{number:08d}"
    if system == "social_care":
        return f"SC-{number % 10_000_000:07d}"
    return f"UPN{chr(65 + number % 26)}{number:011d}"


@dataclass
class NominalBook:
    """Records by person and system; rows are written by :meth:`rows`."""

    world: World
    seen: np.ndarray
    rng: np.random.Generator
    records: list[tuple[str, str, int]] = field(default_factory=list)
    by_person: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    work_phones: dict[int, list[int]] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _households: dict[int, list[int]] | None = None

    def household(self, person: int) -> list[int]:
        """Everyone living with ``person`` (including them)."""
        if self._households is None:
            self._households = {}
            for member, home in enumerate(self.world.persons.household.tolist()):
                self._households.setdefault(home, []).append(member)
        return self._households[int(self.world.persons.household[person])]

    def ensure(self, person: int, system: str) -> str:
        """The person's record in ``system``, created if they have none yet."""
        existing = self.by_person.get(person, {}).get(system)
        if existing:
            return existing[0]
        return self._new(person, system)

    def _new(self, person: int, system: str) -> str:
        while True:
            record_id = _record_id(system, int(self.rng.integers(10_000_000, 99_999_999)))
            if f"{system}/{record_id}" not in self._used:
                break
        self._used.add(f"{system}/{record_id}")
        self.records.append((system, record_id, person))
        self.by_person.setdefault(person, {}).setdefault(system, []).append(record_id)
        return record_id

    def cover(self, person: int, profile: str, q: float) -> None:
        """Give ``person`` records in the systems that would know someone like them."""
        for system, chance in _COVERAGE[profile]:
            if self.rng.random() < chance:
                self._new(person, system)
                if self.rng.random() < 0.03 + 0.1 * q:
                    self._new(person, system)

    def rows(self, q: float) -> list[dict[str, str]]:
        """Every record as a ``nominals`` row."""
        return [self._row(system, record_id, person, q)
                for system, record_id, person in self.records]

    def _row(self, system: str, record_id: str, person: int, q: float) -> dict[str, str]:
        rng, world = self.rng, self.world
        persons, addresses = world.persons, world.addresses
        level = min(1.0, q * _SYSTEM_NOISE[system])
        surname = persons.former_surname.get(person, persons.surname[person]) \
            if rng.random() < 0.5 else persons.surname[person]
        dob = dt.date.fromisoformat(str(persons.dob[person]))
        home = int(persons.address[person])
        if rng.random() < level * 0.3:
            home = int(persons.previous_address.get(person, home))
        town = addresses.place_names[int(addresses.place[home])]
        phones = self._phones(person, system)
        nicknames = persons.nicknames.get(person, [])
        nickname = ";".join(nicknames) if nicknames and system in ("rms", "custody") \
            and rng.random() < 0.75 else ""
        flags = sorted(persons.flags[person] & _SYSTEM_FLAGS[system])
        flags = [f for f in flags if rng.random() > level * 0.3]
        sex = "F" if persons.female[person] else "M"
        return {
            "source_system": system, "record_id": record_id,
            "surname": noise.surname(surname, level, rng),
            "forenames": noise.forename(persons.forename[person], level, rng),
            "dob": noise.date_of_birth(dob, level, rng),
            "sex": "U" if rng.random() < level * 0.08 else sex,
            "address": noise.blank(noise.address(addresses.line1[home], town, level, rng),
                                   level * 0.3, rng),
            "postcode": noise.postcode(addresses.postcode[home], level, rng),
            "phone": ";".join(human_written(world.phones.number[p], rng) for p in phones),
            "nickname": nickname,
            "flags": ";".join(flags),
        }

    def _phones(self, person: int, system: str) -> list[int]:
        rng, persons, phones = self.rng, self.world.persons, self.world.phones
        chosen: list[int] = []
        own = int(persons.phone[person])
        if system == "education" and persons.age[person] < 18:
            parents = [m for m in self.household(person)
                       if persons.age[m] >= 20 and persons.phone[m] >= 0]
            if parents and rng.random() < 0.7:
                own = int(persons.phone[parents[0]])
        if own >= 0 and self.seen[own] and rng.random() < 0.65:
            while phones.successor[own] >= 0 and rng.random() < 0.7:
                own = phones.successor[own]
            if self.seen[own]:
                chosen.append(own)
        if system in ("custody", "rms"):
            for work in self.work_phones.get(person, []):
                if self.seen[work] and rng.random() < 0.5:
                    chosen.append(work)
        return chosen


def profile_of(world: World, person: int) -> str:
    role = int(world.persons.role[person])
    child = int(world.persons.age[person]) < 18
    if role == PERSON_ROLE["runner"]:
        return "child_runner" if child else "runner"
    for name in ("controller", "associate", "trap_occupant", "customer"):
        if role == PERSON_ROLE[name]:
            return name
    return "child" if child else "adult"


def background_flags(world: World, person: int, rng: np.random.Generator) -> None:
    """Markers ordinary people carry too, so a flag alone never means exploitation."""
    flags, age = world.persons.flags[person], int(world.persons.age[person])
    for flag, chance in (("mental_health", 0.12), ("substance_misuse", 0.1),
                         ("vulnerable_adult", 0.06 if age >= 18 else 0.0),
                         ("child_in_care", 0.15 if age < 18 else 0.0),
                         ("violence", 0.05), ("weapons", 0.02)):
        if rng.random() < chance:
            flags.add(flag)
