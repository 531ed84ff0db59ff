"""County lines: who runs them, the branded deal-line numbers, runners, traps and customers.

This module casts the people of each line from the ordinary population; ``timeline`` decides
when numbers switch, when lines are disrupted and where runners are each day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from linewatch.simulate.config import ScenarioConfig
from linewatch.simulate.names import LINE_BRANDS, STREET_NICKNAMES
from linewatch.simulate.social import EdgeList
from linewatch.simulate.world import Mobility, PhoneKind, World


@dataclass
class LineNumber:
    """One number of a line's brand, active on days ``[start, end)``."""

    phone: int
    start: int
    end: int
    reason: str  # launch, switch, relaunch


@dataclass
class Runner:
    person: int
    personal_phone: int
    work_phones: list[int]
    child: bool
    local: bool
    trips: list[tuple[int, int, int]] = field(default_factory=list)  # (depart, return, trap)
    arrested_on: int | None = None


@dataclass
class Trap:
    address: int
    occupant: int
    occupant_phone: int
    cuckooed: bool


@dataclass
class Disruption:
    day: int
    relaunch_day: int | None
    arrested: list[int]
    seized_phones: list[int]


@dataclass
class Line:
    index: int
    line_id: str
    brand: str
    hub_place: int
    market_place: int
    controller: int
    controller_phone: int
    associates: list[int]
    holder: str
    start: int
    end: int
    numbers: list[LineNumber] = field(default_factory=list)
    runners: list[Runner] = field(default_factory=list)
    traps: list[Trap] = field(default_factory=list)
    customers: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    customer_phone: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    customer_join: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    customer_leave: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    order_rate: np.ndarray = field(default_factory=lambda: np.zeros(0))
    disruption: Disruption | None = None
    vehicle: int = -1

    def number_on(self, day: int) -> LineNumber | None:
        for number in self.numbers:
            if number.start <= day < number.end:
                return number
        return None

    def runners_out(self, day: int) -> list[tuple[Runner, int]]:
        """Runners in the county on ``day`` and the trap each stays at."""
        out: list[tuple[Runner, int]] = []
        for runner in self.runners:
            if runner.arrested_on is not None and day > runner.arrested_on:
                continue
            for depart, back, trap in runner.trips:
                if depart <= day <= back:
                    out.append((runner, trap))
                    break
        return out


class Casting:
    """Picks people for roles, never giving one person two lines."""

    def __init__(self, world: World, rng: np.random.Generator, taken: set[int]) -> None:
        self.world = world
        self.rng = rng
        self.used: set[int] = set()
        persons = world.persons
        self.has_phone = persons.phone >= 0
        self.lived_in = set(int(a) for a in persons.address)
        self.taken_addresses = taken

    def spare_address(self, place: int) -> int:
        """An address in ``place`` where nobody in the scenario lives."""
        options = [int(a) for a in self.world.addresses.of_place(place)
                   if int(a) not in self.lived_in and int(a) not in self.taken_addresses]
        choice = (options[int(self.rng.integers(len(options)))] if options
                  else int(self.world.addresses.of_place(place)[0]))
        self.taken_addresses.add(choice)
        return choice

    def pick(self, place: int | None, ages: tuple[int, int], *, male_bias: float = 0.5,
             hub: bool | None = None, count: int = 1) -> list[int]:
        persons = self.world.persons
        mask = self.has_phone & (persons.age >= ages[0]) & (persons.age <= ages[1])
        if place is not None:
            mask &= persons.place == place
        if hub is not None:
            hub_place = np.array([p.is_hub for p in self.world.places])
            mask &= hub_place[persons.place] == hub
        candidates = [int(c) for c in np.flatnonzero(mask) if int(c) not in self.used]
        if not candidates:
            return []
        weights = np.where(persons.female[candidates], 1.0 - male_bias, male_bias) + 1e-6
        take = min(count, len(candidates))
        chosen = self.rng.choice(len(candidates), size=take, replace=False,
                                 p=weights / weights.sum())
        picked = [candidates[int(i)] for i in chosen]
        self.used.update(picked)
        return picked


def _nickname(rng: np.random.Generator, taken: set[str]) -> str:
    for _ in range(50):
        name = STREET_NICKNAMES[int(rng.integers(len(STREET_NICKNAMES)))]
        if name not in taken:
            taken.add(name)
            return name
    name = f"{STREET_NICKNAMES[int(rng.integers(len(STREET_NICKNAMES)))]}{len(taken)}"
    taken.add(name)
    return name


def _brands(count: int, rng: np.random.Generator) -> list[str]:
    order = rng.permutation(len(LINE_BRANDS))
    names = [LINE_BRANDS[int(i)] for i in order]
    while len(names) < count:
        names.append(f"{names[len(names) % len(LINE_BRANDS)]} {len(names) // len(LINE_BRANDS) + 1}")
    return names[:count]


def cast_lines(world: World, edges: EdgeList, rng: np.random.Generator,
               taken_addresses: set[int]) -> list[Line]:
    """Create ``config.lines`` lines with controllers, associates, runners, traps, customers.

    ``taken_addresses`` collects the empty addresses used as traps, so nothing else uses them.
    """
    config: ScenarioConfig = world.config
    params = config.line
    persons = world.persons
    casting = Casting(world, rng, taken_addresses)
    hubs = [p.index for p in world.hub_places()]
    towns = [p.index for p in world.county_places()]
    nicknames: set[str] = set()
    lines: list[Line] = []
    for k, brand in enumerate(_brands(config.lines, rng)):
        hub = hubs[k % len(hubs)]
        market = towns[k % len(towns)]
        boss = casting.pick(hub, (19, 34), male_bias=0.92) or casting.pick(None, (19, 40),
                                                                           hub=True)
        if not boss:
            break
        controller = boss[0]
        persons.set_role(controller, "controller")
        persons.nicknames[controller] = [_nickname(rng, nicknames)]
        line = Line(index=k, line_id=f"TL{k + 1:02d}", brand=brand, hub_place=hub,
                    market_place=market, controller=controller,
                    controller_phone=int(persons.phone[controller]), associates=[],
                    holder="controller" if rng.random() < params.controller_holds_line_share
                    else "runner", start=0, end=config.days)
        for associate in casting.pick(None, (16, 32), male_bias=0.9, hub=True,
                                      count=int(rng.integers(2, 5))):
            persons.set_role(associate, "associate")
            if rng.random() < 0.6:
                persons.nicknames[associate] = [_nickname(rng, nicknames)]
            line.associates.append(associate)
            edges.add_pair(line.controller_phone, int(persons.phone[associate]),
                           float(rng.uniform(3, 7)))
        for a, b in zip(line.associates, line.associates[1:], strict=False):
            edges.add_pair(int(persons.phone[a]), int(persons.phone[b]), float(rng.uniform(1, 4)))
        _cast_traps(world, line, casting, rng)
        _cast_runners(world, line, casting, nicknames, edges, rng)
        _cast_customers(world, line, casting, edges, rng)
        for person in [line.controller, *line.associates]:
            persons.line_of.setdefault(person, set()).add(line.line_id)
            if rng.random() < params.weapons_share:
                persons.flags[person].update({"weapons"} if rng.random() < 0.5
                                             else {"violence", "weapons"})
        lines.append(line)
    return lines


def _cast_traps(world: World, line: Line, casting: Casting, rng: np.random.Generator) -> None:
    persons, phones, params = world.persons, world.phones, world.config.line
    for _ in range(int(rng.integers(params.traps_per_line[0], params.traps_per_line[1] + 1))):
        if rng.random() < params.cuckooed_trap_share:
            picked = casting.pick(line.market_place, (24, 72), male_bias=0.55)
            if picked:
                occupant = picked[0]
                persons.set_role(occupant, "trap_occupant")
                persons.exploitation[occupant] = "cuckooing"
                persons.flags[occupant].update({"vulnerable_adult", "substance_misuse"})
                if rng.random() < 0.5:
                    persons.flags[occupant].add("mental_health")
                persons.line_of.setdefault(occupant, set()).add(line.line_id)
                address = int(persons.address[occupant])
                if rng.random() < 0.6:
                    world.addresses.flags[address].add("vulnerable_occupant")
                phone = int(persons.phone[occupant])
                phones.jitter[phone] = 0.05
                phones.rate[phone] *= 0.6
                line.traps.append(Trap(address, occupant, phone, cuckooed=True))
                continue
        spare = casting.spare_address(line.market_place)
        world.addresses.flags[spare].add("hmo" if rng.random() < 0.4 else "social_housing")
        line.traps.append(Trap(spare, -1, -1, cuckooed=False))


def _work_phone(world: World, line: Line, runner_person: int, rng: np.random.Generator) -> int:
    phones = world.phones
    home = int(world.addresses.cell[world.persons.address[runner_person]])
    return phones.add(kind=PhoneKind.RUNNER_WORK, owner=runner_person, home_cell=home,
                      mobility=Mobility.SCRIPTED, role="runner", line=line.index,
                      basic_handset=bool(rng.random() < 0.7), jitter=0.2)


def _cast_runners(world: World, line: Line, casting: Casting, nicknames: set[str],
                  edges: EdgeList, rng: np.random.Generator) -> None:
    persons, phones, params = world.persons, world.phones, world.config.line
    count = int(rng.integers(params.runners_per_line[0], params.runners_per_line[1] + 1))
    for r in range(count):
        local = r == count - 1 and count >= 3 and rng.random() < 0.35
        child = not local and rng.random() < params.child_runner_share
        if local:
            picked = casting.pick(line.market_place, (19, 45), male_bias=0.6)
        elif child:
            picked = (casting.pick(line.hub_place, (14, 17), male_bias=0.85)
                      or casting.pick(None, (14, 17), male_bias=0.85, hub=True))
        else:
            picked = casting.pick(None, (18, 25), male_bias=0.85, hub=True)
        if not picked:
            continue
        person = picked[0]
        persons.set_role(person, "runner")
        persons.line_of.setdefault(person, set()).add(line.line_id)
        if child:
            persons.exploitation[person] = "child_criminal_exploitation"
            if rng.random() < 0.3:
                persons.flags[person].add("child_in_care")
        elif local:
            persons.exploitation[person] = "adult_criminal_exploitation"
            persons.flags[person].update({"vulnerable_adult", "substance_misuse"})
        if rng.random() < 0.75:
            persons.nicknames[person] = [_nickname(rng, nicknames)]
        personal = int(persons.phone[person])
        if not local:
            phones.mobility[personal] = int(Mobility.SCRIPTED)
        works = [_work_phone(world, line, person, rng)
                 for _ in range(2 if rng.random() < 0.35 else 1)]
        edges.add_pair(line.controller_phone, personal, float(rng.uniform(0.5, 1.5)))
        line.runners.append(Runner(person, personal, works, child=child, local=local))


def _cast_customers(world: World, line: Line, casting: Casting, edges: EdgeList,
                    rng: np.random.Generator) -> None:
    persons, params = world.persons, world.config.line
    low, high = world.config.preset.customers_per_line
    market = line.market_place
    eligible = np.flatnonzero((persons.place == market) & (persons.phone >= 0)
                              & (persons.age >= 18) & (persons.age <= 68))
    eligible = np.array([e for e in eligible if persons.role[e] in (0, 1)], dtype=np.int64)
    wanted = min(int(rng.integers(low, high + 1)), int(len(eligible) * 0.45))
    users = eligible[rng.random(len(eligible)) < 0.5] if len(eligible) else eligible
    already = users[persons.role[users] == 1]
    fresh = users[persons.role[users] == 0]
    reuse = already[:wanted // 4]
    chosen = np.concatenate([reuse, fresh[:max(0, wanted - len(reuse))]]).astype(np.int64)
    extra = [t.occupant for t in line.traps if t.occupant >= 0]
    extra += [r.person for r in line.runners if r.local]
    chosen = np.unique(np.concatenate([chosen, np.array(extra, dtype=np.int64)]))
    for person in chosen:
        persons.set_role(int(person), "customer")
        persons.flags[int(person)].add("substance_misuse")
        persons.line_of.setdefault(int(person), set()).add(line.line_id)
    n = len(chosen)
    line.customers = chosen.astype(np.int32)
    line.customer_phone = persons.phone[chosen].astype(np.int32)
    daily = rng.random(n) < params.daily_customer_share
    line.order_rate = np.where(daily, rng.uniform(0.6, 1.6, size=n), rng.uniform(0.04, 0.3, size=n))
    line.customer_join = np.full(n, -10_000, dtype=np.int32)
    line.customer_leave = np.full(n, 10_000, dtype=np.int32)
    ties = rng.integers(0, max(n, 1), size=n)
    if n > 1:
        edges.add(line.customer_phone, line.customer_phone[ties], rng.uniform(0.3, 1.2, size=n))
