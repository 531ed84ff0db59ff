"""The people of a line: controller (one or more phones), associates and recruited runners,
their rotating shifts in the county town and where every line phone is each day."""

from __future__ import annotations

import random
from datetime import date

from linewatch.simulate.family_b.lines import NICKNAMES, Line, Shift, actor, pick
from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import HandsetSpell, Person, Phone, Population, Registry
from linewatch.simulate.family_b.places import Geography, Place, km_between, nearest_cells


def _nickname(rng: random.Random, person: Person, used: set[str]) -> None:
    free = [n for n in NICKNAMES if n not in used]
    if free:
        person.nickname = rng.choice(free)
        used.add(person.nickname)


def build_crew(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
               reg: Registry, line_id: str, brand: str, start: date, taken: set[str],
               nicknames: set[str]) -> Line:
    """Controller, associates and runners; runners are mostly children already living here."""
    district = rng.choice(geo.districts)
    controller = actor(rng, geo, pop, reg, district, start, rng.randint(18, 31),
                        "M" if rng.random() < 0.92 else "F", 3.0)
    controller.role = "controller"
    _nickname(rng, controller, nicknames)
    phones = [controller.phones[0]]
    for _ in range(prm.controller_extra_phones):
        extra = reg.add(Phone(reg.number(), "controller", "control", controller.person_id,
                              reg.phones[controller.phones[0]].home_cells, line_id=line_id))
        controller.phones.append(extra.number)
        phones.append(extra.number)
    for number in phones:
        reg.phones[number].role, reg.phones[number].line_id = "controller", line_id
    started = None if rng.random() < 0.8 else start
    line = Line(line_id, brand, district.name, controller.person_id, phones,
                "controller" if rng.random() < prm.controller_holds_line else "runner", started)
    for _ in range(rng.randint(1, 3)):
        mate = actor(rng, geo, pop, reg, rng.choice(geo.districts), start, rng.randint(17, 30),
                      "M" if rng.random() < 0.85 else "F", 3.0)
        mate.role = "associate"
        _nickname(rng, mate, nicknames)
        line.associates.append(mate.person_id)
    for _ in range(prm.runners_per_line):
        child = rng.random() < prm.child_runner_share
        local = rng.random() < prm.local_recruit_share
        home: Place = rng.choice(geo.towns if local else geo.districts)
        low, high = (14, 17) if child else (18, 22)
        runner = pick(rng, pop, home.name, low, high, taken) or actor(
            rng, geo, pop, reg, home, start, rng.randint(low, high),
            "M" if rng.random() < 0.82 else "F", 4.0)
        runner.role = "runner"
        if runner.child:
            runner.exploited, runner.exploitation = True, "child_criminal_exploitation"
        if rng.random() < 0.7:
            _nickname(rng, runner, nicknames)
        reg.phones[runner.phones[0]].role = "runner"
        reg.phones[runner.phones[0]].line_id = line_id
        work = reg.add(Phone(reg.number(), "runner", "runner_work", runner.person_id, [],
                             line_id=line_id, account="payg_unregistered"))
        runner.phones.append(work.number)
        line.runners.append(runner.person_id)
    for person_id in [controller.person_id, *line.associates, *line.runners]:
        pop.persons[person_id].line_ids.append(line_id)
        taken.add(person_id)
        if pop.persons[person_id].role in ("controller", "associate") and (
                rng.random() < prm.weapons_share):
            pop.persons[person_id].flags |= {"weapons"} | (
                {"violence"} if rng.random() < 0.6 else set())
    return line


def plan_shifts(rng: random.Random, prm: WorldParams, pop: Population, line: Line,
                days: int) -> None:
    """Runners take turns in the town, a few days to a few weeks each, sometimes two at once."""
    order = list(line.runners)
    rng.shuffle(order)
    arrested: set[str] = set()
    day, turn = 0, 0
    while day < days:
        if line.number_on(day) is None:
            day += 1
            continue
        candidates = [r for r in order if r not in arrested]
        if not candidates:
            break
        runner = candidates[turn % len(candidates)]
        length = max(1, int(prm.shift_days * rng.uniform(0.5, 1.5)))
        last = min(days - 1, day + length - 1)
        work = pop.persons[runner].phones[-1]
        line.shifts.append(Shift(runner, work, day, last, line.town_on(day)))
        if len(candidates) > 1 and rng.random() < 0.3:
            mate = candidates[(turn + 1) % len(candidates)]
            line.shifts.append(Shift(mate, pop.persons[mate].phones[-1], day,
                                     min(last, day + rng.randint(1, length)), line.town_on(day)))
        if line.disrupted_on is not None and day <= line.disrupted_on <= last:
            for shift in line.shifts:
                if shift.first_day <= line.disrupted_on <= shift.last_day:
                    shift.last_day = line.disrupted_on
                    arrested.add(shift.runner_id)
        day, turn = last + 1 + (1 if rng.random() < 0.3 else 0), turn + 1


def _corridor(geo: Geography, town: Place) -> list[str]:
    hub = geo.districts[0]
    direct = km_between(hub.lat, hub.lon, town.lat, town.lon)
    return [c.cell_id for c in geo.corridor
            if km_between(hub.lat, hub.lon, c.lat, c.lon)
            + km_between(c.lat, c.lon, town.lat, town.lon) < 1.08 * direct + 2]


def place_line_phones(rng: random.Random, geo: Geography, pop: Population, reg: Registry,
                      line: Line, days: int) -> None:
    """Runners' phones sit at the trap on shift (road cells on travel days); the deal phone is
    with the controller in the hub or with the runner on shift."""
    for shift in line.shifts:
        town = geo.place(shift.town)
        road = _corridor(geo, town)
        personal = reg.phones[pop.persons[shift.runner_id].phones[0]]
        work = reg.phones[shift.work_number]
        for day in range(shift.first_day, shift.last_day + 1):
            trap = line.trap_on(day)
            cells = trap.cells if trap else [c.cell_id for c in town.cells[:3]]
            if day in (shift.first_day, shift.last_day) and road:
                cells = cells + rng.sample(road, min(len(road), 2))
            personal.overrides[day] = cells
            work.overrides[day] = cells
    for runner_id in line.runners:
        work = reg.phones[pop.persons[runner_id].phones[-1]]
        worked = [s for s in line.shifts if s.runner_id == runner_id]
        if not worked:
            work.first_day = work.last_day = -1
            continue
        work.first_day = min(s.first_day for s in worked)
        work.last_day = max(s.last_day for s in worked)
        work.home_cells = nearest_cells(geo.place(worked[0].town), geo.place(
            worked[0].town).lat, geo.place(worked[0].town).lon, 2)
        work.spells = [HandsetSpell(reg.imei(), reg.imsi(), work.first_day, work.last_day)]
    controller_cells = reg.phones[line.controller_phones[0]].home_cells
    for span in line.numbers:
        phone = reg.phones[span.number]
        phone.home_cells = controller_cells
        for day in range(days):
            on_shift = line.shifts_on(day)
            if line.holder == "runner" and on_shift:
                phone.overrides[day] = reg.phones[on_shift[0].work_number].overrides.get(
                    day, controller_cells)
