"""When things happen to each line: number switches, disruption and relaunch, handset swaps,
runners' trips to the county, the car runs, and where the line phones are each day."""

from __future__ import annotations

import numpy as np

from linewatch.simulate.lines import Disruption, Line, LineNumber
from linewatch.simulate.names import plate
from linewatch.simulate.world import Mobility, PhoneKind, Vehicle, World


def _number_boundaries(world: World, line: Line, rng: np.random.Generator) -> None:
    """Decide the line's life span, its disruption, and the days its number changes."""
    days, params = world.days, world.config.line
    if line.index == 0 or rng.random() < 0.65:
        line.start = -int(rng.integers(20, 240))
    else:
        line.start = int(rng.integers(1, max(2, days // 2)))
    line.end = days + 365
    disruption_day: int | None = None
    if line.index == 1 and days >= 6:
        disruption_day = max(2, int(days * 0.4))
    elif line.index > 1 and rng.random() < params.disruption_chance and days >= 6:
        low = max(line.start + 3, days // 5, 1)
        high = max(low + 1, days * 4 // 5)
        if high < days:
            disruption_day = int(rng.integers(low, high))
    quiet = int(rng.integers(params.quiet_days[0], params.quiet_days[1] + 1))
    relaunch: int | None = None
    if disruption_day is not None:
        if line.index == 1 or rng.random() < params.relaunch_chance:
            relaunch = disruption_day + quiet
            if line.index == 1:
                relaunch = min(relaunch, days - 2)
        else:
            line.end = disruption_day
    switches: list[int] = []
    t = float(line.start)
    while t < days:
        t += max(5.0, float(rng.exponential(params.number_life_days)))
        switches.append(int(t))
    if line.index == 0 and days >= 6:
        switches = [s for s in switches if not 0 < s < days] + [days // 2]
    bounds = sorted({s for s in switches if line.start < s < line.end})
    if disruption_day is not None:
        bounds = [b for b in bounds if not disruption_day - 1 <= b <= (relaunch or days) + 1]
    segments: list[tuple[int, int, str]] = []
    edges = [line.start, *bounds, line.end]
    for a, b in zip(edges, edges[1:], strict=False):
        reason = "launch" if a == line.start else "switch"
        if disruption_day is not None and a < disruption_day < b:
            segments.append((a, disruption_day, reason))
            if relaunch is not None and relaunch < b:
                segments.append((relaunch, b, "relaunch"))
        elif disruption_day is not None and relaunch is not None and a > disruption_day \
                and a < relaunch:
            continue
        else:
            segments.append((a, b, reason))
    if disruption_day is not None:
        line.disruption = Disruption(disruption_day, relaunch, [], [])
    phones = world.phones
    controller_cell = int(phones.home_cell[line.controller_phone])
    for start, end, reason in segments:
        if end <= 0 or start >= days:
            continue
        phone = phones.add(kind=PhoneKind.DEAL_LINE, owner=-1, home_cell=controller_cell,
                           mobility=Mobility.SCRIPTED, role="deal_line", line=line.index,
                           active_from=start, active_to=end, jitter=0.2,
                           basic_handset=bool(rng.random() < 0.8))
        line.numbers.append(LineNumber(phone, start, end, reason))


def _trips(world: World, line: Line, rng: np.random.Generator) -> None:
    days, params = world.days, world.config.line
    quiet = (range(line.disruption.day + 1, line.disruption.relaunch_day or line.end)
             if line.disruption else range(0))
    for i, runner in enumerate(line.runners):
        if runner.local:
            runner.trips = [(max(line.start, -5), min(line.end, days) - 1, 0)]
            continue
        t = -int(rng.integers(0, 3)) if i == 0 else int(rng.integers(-2, 7))
        while t < days:
            length = int(rng.integers(params.trip_days[0], params.trip_days[1] + 1))
            trap = int(rng.integers(len(line.traps)))
            depart, back = t, t + length
            if depart >= line.start and back < line.end and depart not in quiet:
                runner.trips.append((depart, back, trap))
            t = back + int(rng.integers(2, 7))


def _disrupt(world: World, line: Line, rng: np.random.Generator) -> None:
    """Arrests at the trap on the disruption day; seized phones stop working."""
    if line.disruption is None:
        return
    day = line.disruption.day
    out = line.runners_out(day)
    if not out and line.runners:
        runner = line.runners[0]
        runner.trips.append((day - 1, day, 0))
        out = [(runner, 0)]
    phones = world.phones
    for runner, _ in out:
        runner.arrested_on = day
        line.disruption.arrested.append(runner.person)
        for phone in runner.work_phones:
            phones.active_to[phone] = day + 1
            line.disruption.seized_phones.append(phone)
        runner.trips = [trip for trip in runner.trips if trip[0] <= day]
        runner.trips = [(a, min(b, day), t) for a, b, t in runner.trips]
    current = line.number_on(day - 1)
    if current is not None and line.holder == "runner":
        line.disruption.seized_phones.append(current.phone)
    for trap in line.traps:
        if trap.occupant >= 0 and rng.random() < 0.25:
            line.disruption.arrested.append(trap.occupant)


def _customer_dynamics(world: World, line: Line, rng: np.random.Generator) -> None:
    days, params = world.days, world.config.line
    n = len(line.customers)
    if line.start >= 0:
        first = rng.random(n) < 0.35
        line.customer_join = np.where(
            first, line.start, line.start + rng.exponential(6.0, size=n).astype(np.int32)
        ).astype(np.int32)
    else:
        growing = rng.random(n) < 0.15
        line.customer_join = np.where(growing, rng.integers(0, max(days, 1), size=n),
                                      -10_000).astype(np.int32)
    leave = np.full(n, 10_000, dtype=np.int32)
    churn = rng.random(n) < 0.06
    leave[churn] = rng.integers(0, max(days, 1), size=int(churn.sum()))
    for number in line.numbers[1:]:
        keep = params.customer_retention_on_switch * (0.92 if number.reason == "relaunch" else 1)
        lost = (rng.random(n) > keep) & (leave > number.start)
        leave[lost] = number.start
    for trap in line.traps:
        leave[line.customers == trap.occupant] = 10_000
        line.customer_join[line.customers == trap.occupant] = -10_000
    line.customer_leave = leave


def _vehicle(world: World, line: Line, rng: np.random.Generator) -> None:
    if rng.random() > 0.65:
        return
    driver = line.associates[0] if line.associates and rng.random() < 0.7 else line.controller
    vehicle = Vehicle(vrm=plate(rng), driver=driver, line_id=line.line_id)
    day = int(rng.integers(0, 7))
    while day < world.days:
        if line.start <= day < line.end:
            vehicle.trips.append((day, line.market_place, True))
            vehicle.trips.append((day, line.market_place, False))
        day += int(rng.integers(5, 9))
    for runner in line.runners:
        for depart, _, _ in runner.trips:
            if 0 <= depart < world.days and rng.random() < 0.3:
                vehicle.trips.append((depart, line.market_place, True))
    line.vehicle = len(world.vehicles)
    world.vehicles.append(vehicle)


def _script(world: World, line: Line, rng: np.random.Generator) -> None:
    """Where the runners' phones and the deal-line handset are, segment by segment."""
    cells, phones, addresses = world.cells, world.phones, world.addresses
    market_cells = cells.cells_of(line.market_place)
    corridor = cells.corridor_of(line.market_place)
    controller_cell = int(phones.home_cell[line.controller_phone])
    for day in range(world.days):
        holder_segments: list[int] | None = None
        for runner, trap_index in line.runners_out(day):
            trap_cell = int(addresses.cell[line.traps[trap_index].address])
            home = int(phones.home_cell[runner.personal_phone])
            town = [int(market_cells[int(i)]) for i in rng.integers(len(market_cells), size=2)]
            road = int(corridor[int(rng.integers(len(corridor)))]) if len(corridor) else home
            trip = next(t for t in runner.trips if t[0] <= day <= t[1])
            if runner.local:
                segments = [trap_cell, trap_cell, town[0], town[1], trap_cell, trap_cell]
            elif day == trip[0]:
                segments = [home, home, road, town[0], trap_cell, trap_cell]
            elif day == trip[1]:
                segments = [trap_cell, town[0], road, home, home, home]
            else:
                segments = [trap_cell, trap_cell, town[0], town[1], trap_cell, trap_cell]
            if not runner.local:
                world.script.place(day, runner.personal_phone, segments)
            for phone in runner.work_phones:
                world.script.place(day, phone, segments)
            if holder_segments is None:
                holder_segments = segments
        number = line.number_on(day)
        if number is None:
            continue
        if line.holder == "runner" and holder_segments is not None:
            world.script.place(day, number.phone, holder_segments)
        else:
            world.script.place(day, number.phone, [controller_cell] * 6)


def _issue_line_handsets(world: World, line: Line, rng: np.random.Generator) -> None:
    handsets, params = world.handsets, world.config.line
    previous_imei: int | None = None
    for number in line.numbers:
        keep = previous_imei is not None and number.reason == "switch" and rng.random() < 0.5
        imei = previous_imei if keep and previous_imei is not None else \
            handsets.new_handset(world.phones.basic_handset[number.phone])
        sim = handsets.new_sim()
        handsets.start(number.phone, imei, sim)
        day = float(max(number.start, -30))
        while True:
            day += max(3.0, float(rng.exponential(params.handset_life_days)))
            if day >= min(number.end, world.days):
                break
            imei = handsets.new_handset(bool(rng.random() < 0.8))
            handsets.change(int(day), number.phone, imei, sim)
        previous_imei = imei
    for runner in line.runners:
        for phone in runner.work_phones:
            imei = handsets.new_handset(world.phones.basic_handset[phone])
            handsets.start(phone, imei, handsets.new_sim())
            if world.days > 10 and rng.random() < 0.5:
                change_day = int(rng.integers(3, world.days - 2))
                handsets.change(change_day, phone, handsets.new_handset(True),
                                handsets.first_imsi[phone])


def plan_lines(world: World, lines: list[Line], rng: np.random.Generator) -> None:
    """Fill in every line's timeline, handsets, trips, car runs and phone whereabouts."""
    for line in lines:
        _number_boundaries(world, line, rng)
        for runner in line.runners:
            for phone in runner.work_phones:
                world.phones.active_from[phone] = line.start
                world.phones.active_to[phone] = line.end
        _trips(world, line, rng)
        _disrupt(world, line, rng)
        _customer_dynamics(world, line, rng)
        _vehicle(world, line, rng)
        _script(world, line, rng)
        _issue_line_handsets(world, line, rng)
