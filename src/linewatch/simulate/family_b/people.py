"""People, households and phones of a family-B world (numbers, handsets and SIMs)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import phonenumbers

from linewatch.simulate.family_b.places import Address, Geography, Place, nearest_cells, new_address

FORENAMES_M = (
    "Aaron", "Bailey", "Callum", "Dante", "Ellis", "Finley", "Gabriel", "Harvey", "Isaac",
    "Jermaine", "Kai", "Leon", "Marcus", "Nathan", "Owen", "Preston", "Reece", "Shane", "Tyrell",
    "Usman", "Vincent", "Warren", "Xavier", "Yusuf", "Zak", "Kieran", "Declan", "Rhys", "Omar",
    "Lewis", "Ricky", "Connor", "Mason", "Ashley", "Jordan", "Bradley",
)
FORENAMES_F = (
    "Abigail", "Bethany", "Chantelle", "Demi", "Erin", "Faith", "Gemma", "Holly", "Imani",
    "Jade", "Kayleigh", "Leanne", "Megan", "Naomi", "Paige", "Rosie", "Shannon", "Tia",
    "Vanessa", "Whitney", "Yasmin", "Zara", "Courtney", "Amber", "Lacey", "Danielle", "Nadia",
)
SURNAMES = (
    "Ashworth", "Barker", "Clarke", "Dixon", "Egan", "Fletcher", "Gordon", "Hughes", "Ingram",
    "Jenkins", "Khan", "Lowe", "Mensah", "Nolan", "Osei", "Parry", "Quinn", "Rahman", "Sutton",
    "Turner", "Underwood", "Vaughan", "Whitaker", "Young", "Adeyemi", "Begum", "Carroll",
    "Doherty", "Evans", "Foster", "Griffiths", "Hassan", "Kowalski", "Lynch", "Murray", "Okafor",
    "Patel", "Reid", "Shaw", "Thompson", "Walsh", "Ward", "Webb", "Wood", "Byrne", "Chambers",
)


@dataclass
class Person:
    person_id: str
    forenames: str
    surname: str
    sex: str
    dob: date
    age: int
    home: Address
    place: str
    household: int
    role: str = "none"
    line_ids: list[str] = field(default_factory=list)
    nickname: str = ""
    exploited: bool = False
    exploitation: str = ""
    flags: set[str] = field(default_factory=set)
    phones: list[str] = field(default_factory=list)

    @property
    def child(self) -> bool:
        return self.age < 18


@dataclass
class HandsetSpell:
    imei: str
    imsi: str
    start: int | None  # first day index it is in use; None = before the window
    end: int | None    # last day index; None = after the window


@dataclass
class Phone:
    number: str
    role: str
    kind: str
    person_id: str | None
    home_cells: list[str]
    line_id: str = ""
    first_day: int | None = None
    last_day: int | None = None
    spells: list[HandsetSpell] = field(default_factory=list)
    day_cells: list[str] = field(default_factory=list)
    overrides: dict[int, list[str]] = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)
    rate: float = 0.0
    young: bool = False
    account: str = "payg_unregistered"

    def active(self, day: int) -> bool:
        return ((self.first_day is None or day >= self.first_day)
                and (self.last_day is None or day <= self.last_day))

    def spell_on(self, day: int) -> HandsetSpell:
        for spell in self.spells:
            if (spell.start is None or day >= spell.start) and (spell.end is None
                                                                 or day <= spell.end):
                return spell
        return self.spells[-1]

    def cells_on(self, day: int, hour: int) -> list[str]:
        if day in self.overrides:
            return self.overrides[day]
        if self.day_cells and 9 <= hour < 17:
            return self.day_cells
        return self.home_cells


def _luhn_digit(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return str((10 - total % 10) % 10)


@dataclass
class Registry:
    """Unique numbers, handsets and SIMs; every number is possible but not valid."""

    rng: random.Random
    used: set[str] = field(default_factory=set)
    phones: dict[str, Phone] = field(default_factory=dict)

    def number(self) -> str:
        while True:
            local = f"077009{self.rng.randint(0, 99999):05d}"
            if local in self.used:
                continue
            parsed = phonenumbers.parse(local, "GB")
            if phonenumbers.is_possible_number(parsed) and not phonenumbers.is_valid_number(
                    parsed):
                self.used.add(local)
                return "+44" + local[1:]

    def imei(self) -> str:
        body = f"{self.rng.choice(('35', '86', '01', '49'))}{self.rng.randint(0, 10**12 - 1):012d}"
        return body + _luhn_digit(body)

    def imsi(self) -> str:
        return f"234{self.rng.choice(('10', '15', '20', '30', '33'))}{self.rng.randint(0, 10**10 - 1):010d}"

    def add(self, phone: Phone) -> Phone:
        if not phone.spells:
            phone.spells.append(HandsetSpell(self.imei(), self.imsi(), None, None))
        self.phones[phone.number] = phone
        return phone


@dataclass
class Population:
    persons: dict[str, Person] = field(default_factory=dict)
    households: dict[int, list[str]] = field(default_factory=dict)

    def new_id(self) -> str:
        return f"BP{len(self.persons) + 1:06d}"


def birth_date(rng: random.Random, start: date, age: int) -> date:
    return start - timedelta(days=age * 365 + rng.randint(0, 364))


def make_person(rng: random.Random, pop: Population, start: date, age: int, sex: str,
                surname: str, home: Address, household: int) -> Person:
    names = FORENAMES_M if sex == "M" else FORENAMES_F
    person = Person(pop.new_id(), rng.choice(names), surname, sex, birth_date(rng, start, age),
                    age, home, home.place, household)
    pop.persons[person.person_id] = person
    pop.households.setdefault(household, []).append(person.person_id)
    return person


def personal_phone(rng: random.Random, reg: Registry, person: Person, place: Place,
                   daily_rate: float) -> Phone:
    cells = nearest_cells(place, person.home.lat, person.home.lon, rng.randint(2, 4))
    phone = reg.add(Phone(reg.number(), "other", "personal", person.person_id, cells,
                          rate=daily_rate * rng.lognormvariate(0, 0.6),
                          young=person.age < 25,
                          account=rng.choices(("payg_unregistered", "payg_registered",
                                               "contract"), (0.25, 0.25, 0.5))[0]))
    person.phones.append(phone.number)
    return phone


def build_population(rng: random.Random, geo: Geography, reg: Registry, households: int,
                     start: date, hub_share: float, daily_rate: float) -> Population:
    """Households in hub districts and county towns, each member aged 11+ with a phone."""
    pop = Population()
    for index in range(households):
        place = rng.choice(geo.districts if rng.random() < hub_share else geo.towns)
        home = new_address(rng, geo, place)
        surname = rng.choice(SURNAMES)
        size = rng.choices((1, 2, 3, 4, 5), (0.25, 0.3, 0.2, 0.17, 0.08))[0]
        adult_age = rng.randint(19, 80) if size == 1 else rng.randint(30, 58)
        members = [make_person(rng, pop, start, adult_age, rng.choice("MF"), surname, home,
                               index)]
        if size >= 2:
            partner_surname = surname if rng.random() < 0.7 else rng.choice(SURNAMES)
            members.append(make_person(rng, pop, start, max(19, adult_age + rng.randint(-5, 5)),
                                       "F" if members[0].sex == "M" else "M",
                                       partner_surname, home, index))
        for _ in range(size - 2):
            age = max(5, min(24, adult_age - rng.randint(20, 36)))
            members.append(make_person(rng, pop, start, age, rng.choice("MF"), surname, home,
                                       index))
        for person in members:
            if person.age >= 11 and rng.random() < (0.96 if person.age >= 13 else 0.6):
                personal_phone(rng, reg, person, place, daily_rate)
    _link_contacts(rng, geo, pop, reg)
    return pop


def _link_contacts(rng: random.Random, geo: Geography, pop: Population, reg: Registry) -> None:
    by_place: dict[str, list[Person]] = {}
    for person in pop.persons.values():
        if person.phones:
            by_place.setdefault(person.place, []).append(person)
    everyone = [p for p in pop.persons.values() if p.phones]
    for person in everyone:
        phone = reg.phones[person.phones[0]]
        family = [pop.persons[m] for m in pop.households[person.household]]
        contacts = [f.phones[0] for f in family if f is not person and f.phones]
        peers = [p for p in by_place.get(person.place, []) if abs(p.age - person.age) <= 6]
        contacts += [p.phones[0] for p in rng.sample(peers, min(len(peers), rng.randint(3, 9)))
                     if p is not person]
        contacts += [p.phones[0] for p in rng.sample(everyone, rng.randint(0, 3))
                     if p is not person]
        for number in contacts:
            if number not in phone.contacts:
                phone.contacts.append(number)
            other = reg.phones[number]
            if phone.number not in other.contacts:
                other.contacts.append(phone.number)
