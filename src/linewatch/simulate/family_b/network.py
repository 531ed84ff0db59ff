"""Assembles the county lines of a family-B world."""

from __future__ import annotations

import random
from datetime import date

from linewatch.simulate.family_b.crew import build_crew, place_line_phones, plan_shifts
from linewatch.simulate.family_b.lines import (
    BRANDS,
    Customer,
    Line,
    apply_switch_retention,
    customers_for,
    deal_handsets,
    number_timeline,
    traps_for,
)
from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import Population, Registry
from linewatch.simulate.family_b.places import Geography


def build_lines(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
                reg: Registry, count: int, days: int, start: date,
                customer_scale: float) -> list[Line]:
    """``count`` lines; line 1 always switches number and line 2 is always raided (when the
    window allows), so every world has a switch and a relaunch or closure to follow."""
    lines: list[Line] = []
    taken: set[str] = set()
    nicknames: set[str] = set()
    brands = rng.sample(BRANDS, count)
    for index in range(count):
        line = build_crew(rng, prm, geo, pop, reg, f"BL{index + 1:02d}", brands[index], start,
                          taken, nicknames)
        towns = rng.sample(geo.towns, min(len(geo.towns), 2))
        move = days >= 8 and len(towns) > 1 and rng.random() < prm.move_town_chance
        cut = rng.randint(days // 3, 2 * days // 3) if move else days
        line.segments.append((towns[0].name, 0, cut - 1))
        if move:
            line.segments.append((towns[1].name, cut, days - 1))
        changes: dict[int, str] = {}
        if index == 1 or rng.random() < prm.disruption_chance:
            line.disrupted_on = rng.randint(2, max(2, days - 4))
            if rng.random() < 0.15:
                line.closed_on = line.disrupted_on
            changes[line.disrupted_on] = "disrupt"
        if move and rng.random() < 0.6:
            changes.setdefault(cut, "switch")
        if index == 0 and days >= 6:
            changes.setdefault(rng.randint(2, days - 3), "switch")
        launch = None if line.started is None else 0
        number_timeline(rng, prm, reg, line, launch, days, changes)
        deal_handsets(rng, prm, reg, line, days)
        carried: list[Customer] = []
        for town_name, first, last in line.segments:
            traps_for(rng, prm, geo, pop, reg, line, geo.place(town_name), first, last, start,
                      taken)
            customers_for(rng, prm, pop, reg, line, town_name, first, last, carried, taken,
                          customer_scale)
            carried = rng.sample(line.customers, min(len(line.customers), 3))
        apply_switch_retention(rng, prm, line)
        plan_shifts(rng, prm, pop, line, days)
        place_line_phones(rng, geo, pop, reg, line, days)
        lines.append(line)
    return lines
