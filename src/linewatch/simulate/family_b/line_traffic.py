"""Traffic of the county lines: orders, replies, forwarded jobs, marketing broadcasts,
new-number announcements, customers still texting a dead number, and the crew's own calls."""

from __future__ import annotations

import random

from linewatch.simulate.family_b.lines import Line, Shift
from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import Population, Registry
from linewatch.simulate.family_b.traffic import Traffic, poisson, talk_seconds

ORDER_HOURS = (3, 2, 2, 1, 1, 1, 2, 4, 6, 8, 9, 10, 11, 11, 11, 12, 13, 13, 13, 12, 11, 9, 7, 5)


def _order_second(rng: random.Random, prm: WorldParams) -> int:
    if rng.random() < prm.night_order_share:
        return rng.randint(0, 5 * 3600)
    return rng.choices(range(24), ORDER_HOURS)[0] * 3600 + rng.randint(0, 3599)


def line_traffic(rng: random.Random, prm: WorldParams, pop: Population, reg: Registry,
                 lines: list[Line], traffic: Traffic, days: int) -> None:
    for line in lines:
        for day in range(days):
            span = line.number_on(day)
            shifts = line.shifts_on(day)
            if span is not None:
                _deal_day(rng, prm, line, span.number, day, shifts[0].work_number
                          if shifts else None, traffic)
                if span.first_day == day and span.previous:
                    followers = [c.number for c in line.customers
                                 if c.first_day <= day <= c.last_day]
                    traffic.burst(day, 9 * 3600 + rng.randint(0, 3 * 3600), span.number,
                                  sorted(set(followers)), prm.flare_gap_seconds, rng,
                                  line.line_id, "announcement")
            for customer, old, when in line.stragglers:
                if when == day:
                    for _ in range(rng.randint(1, 3)):
                        traffic.add(day, _order_second(rng, prm), customer, old, "sms")
            _crew_day(rng, prm, pop, reg, line, day, shifts, traffic)


def _deal_day(rng: random.Random, prm: WorldParams, line: Line, deal: str, day: int,
              work: str | None, traffic: Traffic) -> None:
    customers = [c for c in line.customers if c.first_day <= day <= c.last_day]
    for customer in customers:
        for _ in range(poisson(rng, customer.order_rate)):
            at = _order_second(rng, prm)
            if rng.random() < 0.65:
                traffic.add(day, at, customer.number, deal, "sms")
            else:
                traffic.add(day, at, customer.number, deal, "voice", rng.randint(8, 50))
            reply = at + rng.randint(10, 240)
            traffic.add(day, reply, deal, customer.number, "sms")
            if work is not None:
                if line.holder == "controller":
                    traffic.add(day, reply + rng.randint(5, 120), deal, work, "sms")
                if rng.random() < prm.runner_calls_customer_share:
                    traffic.add(day, reply + rng.randint(300, 1800), work, customer.number,
                                "voice" if rng.random() < 0.6 else "sms", rng.randint(5, 40))
    if customers and rng.random() < prm.flare_chance_per_day:
        reach = [c.number for c in customers if rng.random() < prm.flare_reach]
        traffic.burst(day, rng.randint(9 * 3600, 14 * 3600), deal, sorted(set(reach)),
                      prm.flare_gap_seconds, rng, line.line_id, "flare")


def _crew_day(rng: random.Random, prm: WorldParams, pop: Population, reg: Registry,
              line: Line, day: int, shifts: list[Shift], traffic: Traffic) -> None:
    if line.closed_on is not None and day > line.closed_on:
        return
    controller = pop.persons[line.controller_id]
    control = line.controller_phones[-1]
    for mate in line.associates:
        for _ in range(poisson(rng, 1.5)):
            traffic.add(day, rng.randint(11 * 3600, 23 * 3600), controller.phones[0],
                        pop.persons[mate].phones[0], "voice" if rng.random() < 0.6 else "sms",
                        talk_seconds(rng, prm, 60))
    for shift in shifts:
        runner = pop.persons[shift.runner_id]
        for _ in range(poisson(rng, 3.0)):
            at = rng.randint(8 * 3600, 23 * 3600)
            if rng.random() < 0.5:
                traffic.add(day, at, control, shift.work_number, "voice",
                            talk_seconds(rng, prm, 45))
            else:
                traffic.add(day, at, shift.work_number, control, "sms")
        if rng.random() < 0.3:
            traffic.add(day, rng.randint(12 * 3600, 22 * 3600), controller.phones[0],
                        runner.phones[0], "voice", talk_seconds(rng, prm, 40))
        family = [pop.persons[m] for m in pop.households[runner.household]
                  if m != runner.person_id and pop.persons[m].phones
                  and pop.persons[m].age >= 25]
        for parent in family[:2]:
            for _ in range(poisson(rng, 1.2)):
                traffic.add(day, rng.randint(17 * 3600, 24 * 3600 - 1), parent.phones[0],
                            runner.phones[0], "voice" if rng.random() < 0.7 else "sms",
                            0 if rng.random() < 0.5 else talk_seconds(rng, prm, 50))
        trap = line.trap_on(day)
        if trap and trap.occupant_id and rng.random() < 0.5:
            occupant = reg.phones[pop.persons[trap.occupant_id].phones[0]]
            traffic.add(day, rng.randint(9 * 3600, 23 * 3600), occupant.number,
                        shift.work_number, "sms")
