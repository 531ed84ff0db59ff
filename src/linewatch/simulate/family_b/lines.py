"""County lines of a family-B world: who runs them, where, on which numbers and handsets."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import (
    SURNAMES,
    HandsetSpell,
    Person,
    Phone,
    Population,
    Registry,
    make_person,
    personal_phone,
)
from linewatch.simulate.family_b.places import Address, Geography, Place, nearest_cells, new_address

BRANDS = (
    "Kenzo", "Snowy", "Bugsy", "Tank", "Golden", "Nitro", "Jumbo", "Ace", "Viper", "Ghost",
    "Smokey", "Rolex", "Dolla", "Bandit", "Ronnie", "Turbo", "Flash", "Kobe", "Mr Big", "Sparks",
)
NICKNAMES = (
    "Tiny", "Skeng", "Biggz", "Lil T", "Spinz", "Rico", "Zulu", "Milly", "Trigga", "Stretch",
    "Kash", "Blade", "Sly", "Junior", "Mouse", "Fats", "Ninja", "Scrappy", "Bones", "Gunz",
)


@dataclass
class NumberSpan:
    number: str
    first_day: int | None
    last_day: int | None
    started_by: str
    previous: str


@dataclass
class Shift:
    runner_id: str
    work_number: str
    first_day: int
    last_day: int
    town: str


@dataclass
class Trap:
    address: Address
    kind: str  # cuckooed, short_let, relative
    occupant_id: str | None
    town: str
    first_day: int
    last_day: int
    cells: list[str]


@dataclass
class Customer:
    number: str
    person_id: str
    order_rate: float
    first_day: int
    last_day: int


@dataclass
class Line:
    line_id: str
    brand: str
    hub_district: str
    controller_id: str
    controller_phones: list[str]
    holder: str
    started: date | None
    associates: list[str] = field(default_factory=list)
    runners: list[str] = field(default_factory=list)
    segments: list[tuple[str, int, int]] = field(default_factory=list)  # town, first, last day
    traps: list[Trap] = field(default_factory=list)
    numbers: list[NumberSpan] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    stragglers: list[tuple[str, str, int]] = field(default_factory=list)  # cust, old no, day
    shifts: list[Shift] = field(default_factory=list)
    disrupted_on: int | None = None
    closed_on: int | None = None

    def number_on(self, day: int) -> NumberSpan | None:
        for span in self.numbers:
            if (span.first_day is None or day >= span.first_day) and (
                    span.last_day is None or day <= span.last_day):
                return span
        return None

    def town_on(self, day: int) -> str:
        for town, first, last in self.segments:
            if first <= day <= last:
                return town
        return self.segments[-1][0]

    def trap_on(self, day: int) -> Trap | None:
        for trap in self.traps:
            if trap.first_day <= day <= trap.last_day:
                return trap
        return None

    def shifts_on(self, day: int) -> list[Shift]:
        return [s for s in self.shifts if s.first_day <= day <= s.last_day]


def actor(rng: random.Random, geo: Geography, pop: Population, reg: Registry, place: Place,
           start: date, age: int, sex: str, rate: float) -> Person:
    home = new_address(rng, geo, place)
    person = make_person(rng, pop, start, age, sex, rng.choice(SURNAMES), home,
                         len(pop.households) + 10_000)
    personal_phone(rng, reg, person, place, rate)
    return person


def pick(rng: random.Random, pop: Population, place: str, low: int, high: int,
          taken: set[str]) -> Person | None:
    pool = [p for p in pop.persons.values() if p.place == place and low <= p.age <= high
            and p.phones and p.role == "none" and p.person_id not in taken]
    return rng.choice(pool) if pool else None


def number_timeline(rng: random.Random, prm: WorldParams, reg: Registry, line: Line,
                    launch: int | None, days: int, changes: dict[int, str]) -> None:
    """Numbers of the brand: switches every few weeks or on a move, relaunch after a raid."""
    life = float(prm.number_life_days)
    day = (launch if launch is not None else 0) + max(1, int(rng.expovariate(1 / life)))
    while day < days:
        changes.setdefault(day, "switch")
        day += max(2, int(rng.expovariate(1 / life)))
    span = NumberSpan(reg.number(), launch, None, "launch", "")
    line.numbers.append(span)
    resume = 0 if launch is None else launch + 1
    for change in sorted(changes):
        if change < resume or change >= days:
            continue
        reason = changes[change]
        if reason == "disrupt":
            span.last_day = change
            if line.closed_on is not None:
                return
            first, started_by = change + 1 + prm.quiet_days_after_disruption, "relaunch"
            if first >= days:
                return
        else:
            span.last_day, first, started_by = change - 1, change, "switch"
        span = NumberSpan(reg.number(), first, None, started_by, span.number)
        line.numbers.append(span)
        resume = first + 1


def deal_handsets(rng: random.Random, prm: WorldParams, reg: Registry, line: Line,
                   days: int) -> list[Phone]:
    """Handsets swap on their own clock; a new SIM comes with every new number."""
    phones: list[Phone] = []
    imei = reg.imei()
    for span in line.numbers:
        first = span.first_day
        if first is not None and rng.random() > prm.keep_handset_on_switch:
            imei = reg.imei()
        imsi = reg.imsi()
        spells: list[HandsetSpell] = []
        cursor = first
        last = days - 1 if span.last_day is None else span.last_day
        while True:
            swap = (0 if cursor is None else cursor) + max(
                1, int(rng.expovariate(1 / prm.handset_life_days)))
            if swap > last:
                spells.append(HandsetSpell(imei, imsi, cursor, span.last_day))
                break
            spells.append(HandsetSpell(imei, imsi, cursor, swap - 1))
            imei, cursor = reg.imei(), swap
        phone = Phone(span.number, "deal_line", "deal_line", None, [], line_id=line.line_id,
                      first_day=span.first_day, last_day=span.last_day, spells=spells)
        phones.append(reg.add(phone))
    return phones


def traps_for(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
               reg: Registry, line: Line, town: Place, first: int, last: int, start: date,
               taken: set[str]) -> None:
    count = 1 if last - first < 6 or rng.random() < 0.6 else 2
    bounds = [first, *sorted(rng.sample(range(first + 1, last + 1), count - 1)), last + 1]
    for index in range(count):
        kind = "cuckooed" if rng.random() < prm.cuckooed_trap_share else rng.choice(
            ("short_let", "relative"))
        occupant: Person | None = None
        if kind == "cuckooed":
            occupant = pick(rng, pop, town.name, 30, 70, taken) or actor(
                rng, geo, pop, reg, town, start, rng.randint(30, 66), rng.choice("MF"), 1.5)
            address = occupant.home
            occupant.role, occupant.exploited, occupant.exploitation = (
                "trap_occupant", True, "cuckooing")
            occupant.flags |= {"vulnerable_adult", "substance_misuse"}
            if rng.random() < 0.5:
                occupant.flags.add("mental_health")
            address.flags.add("vulnerable_occupant")
        elif kind == "relative":
            runner = pop.persons[rng.choice(line.runners)]
            address = new_address(rng, geo, town, 0.5)
            occupant = make_person(rng, pop, start, rng.randint(20, 45), rng.choice("MF"),
                                   runner.surname, address, runner.household)
            personal_phone(rng, reg, occupant, town, 2.0)
            occupant.role = "trap_occupant"
        else:
            address = new_address(rng, geo, town, 0.9)
            address.flags.add("short_let")
        if occupant is not None:
            taken.add(occupant.person_id)
            occupant.line_ids.append(line.line_id)
            reg.phones[occupant.phones[0]].role = "trap"
            reg.phones[occupant.phones[0]].line_id = line.line_id
        line.traps.append(Trap(address, kind, occupant.person_id if occupant else None,
                               town.name, bounds[index], bounds[index + 1] - 1,
                               nearest_cells(town, address.lat, address.lon, 2)))


def customers_for(rng: random.Random, prm: WorldParams, pop: Population, reg: Registry,
                   line: Line, town: str, first: int, last: int, carried: list[Customer],
                   taken: set[str], scale: float) -> None:
    pool = [p for p in pop.persons.values() if p.place == town and 19 <= p.age <= 64
            and p.phones and p.person_id not in taken]
    wanted = max(4, int(prm.customers_per_line * scale) - len(carried))
    for person in rng.sample(pool, min(len(pool), wanted)):
        if person.role == "none":
            person.role = "customer"
            reg.phones[person.phones[0]].role = "customer"
        if line.line_id not in person.line_ids:
            person.line_ids.append(line.line_id)
        rate = prm.customer_order_rate * rng.choice((0.3, 0.6, 1.0, 2.0))
        line.customers.append(Customer(person.phones[0], person.person_id, rate, first, last))
    for old in carried:
        line.customers.append(Customer(old.number, old.person_id, old.order_rate, first, last))
    for trap in line.traps:
        if trap.occupant_id and trap.kind == "cuckooed" and trap.town == town:
            occupant = pop.persons[trap.occupant_id]
            line.customers.append(Customer(occupant.phones[0], occupant.person_id, 0.8, first,
                                           last))


def apply_switch_retention(rng: random.Random, prm: WorldParams, line: Line) -> None:
    """At each switch some customers do not follow; a few keep texting the old number."""
    for span in line.numbers[1:]:
        if span.first_day is None:
            continue
        for customer in line.customers:
            if customer.first_day < span.first_day <= customer.last_day and (
                    rng.random() > prm.customer_retention):
                customer.last_day = span.first_day - 1
                if rng.random() < prm.old_number_stragglers * 3:
                    line.stragglers.append((customer.number, span.previous,
                                            span.first_day + rng.randint(0, 2)))
