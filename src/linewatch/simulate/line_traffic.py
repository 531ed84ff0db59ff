"""Calls and texts of county lines, one day at a time.

Customers ring or text the branded number to order; the line texts back, passes the order to
the runner out in the county, the runner rings the customer, and the customer texts from near
the trap when collecting (night visitors at the trap address). Flares are marketing texts to
the customer list sent seconds apart; a new number announces itself with one. The controller
keeps in touch with runners' work phones; families ring missing children.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linewatch.simulate.batch import ORDER_PROFILE, CallBatch, Clock, draw_times, hour_profile
from linewatch.simulate.business import current_numbers
from linewatch.simulate.lines import Line
from linewatch.simulate.world import World

_DAYTIME = hour_profile([0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 1.2, 2.0, 3.0, 3.6, 4.0, 4.2,
                         4.4, 4.6, 4.8, 5.0, 5.2, 5.0, 4.6, 4.0, 3.0, 1.6])
_ORDER_WEEKDAY = np.array([0.9, 0.9, 0.95, 1.0, 1.25, 1.35, 1.0])


@dataclass
class Broadcast:
    """A burst of texts from one number to many (for the truth files)."""

    line_id: str
    phone: int
    first_at: int
    last_at: int
    recipients: int
    kind: str  # flare or announcement


class LineTraffic:
    """Generates every line's traffic for a day; remembers the broadcasts it sent."""

    def __init__(self, world: World, clock: Clock, lines: list[Line]) -> None:
        self.world = world
        self.clock = clock
        self.lines = lines
        self.broadcasts: list[Broadcast] = []
        persons = world.persons
        self.family: dict[int, np.ndarray] = {}
        for line in lines:
            for runner in line.runners:
                if not runner.child:
                    continue
                home = persons.household[runner.person]
                kin = np.flatnonzero((persons.household == home) & (persons.phone >= 0))
                kin = kin[kin != runner.person]
                self.family[runner.person] = persons.phone[kin].astype(np.int32)

    def day(self, day: int, rng: np.random.Generator) -> CallBatch:
        batches: list[CallBatch] = []
        for line in self.lines:
            if line.start <= day < line.end:
                batches.extend(self._line_day(line, day, rng))
        return CallBatch.concat(batches)

    def _line_day(self, line: Line, day: int, rng: np.random.Generator) -> list[CallBatch]:
        clock, params = self.clock, self.world.config.line
        batches: list[CallBatch] = []
        active = (line.customer_join <= day) & (line.customer_leave > day)
        customers = current_numbers(self.world, line.customer_phone[active], day)
        rates = line.order_rate[active]
        number = line.number_on(day)
        out = line.runners_out(day)
        trap_cells = [int(self.world.addresses.cell[t.address]) for t in line.traps]
        if number is None:
            batches.append(self._dead_number(line, day, customers, rates, rng))
            return batches
        deal = number.phone
        weekday = clock.weekday(day)
        counts = rng.poisson(rates * _ORDER_WEEKDAY[weekday])
        buyers = np.repeat(customers, counts)
        n = len(buyers)
        local = draw_times(rng, n, ORDER_PROFILE)
        voice = rng.random(n) < 0.35
        batches.append(CallBatch.make(clock.at(day, local), buyers, np.full(n, deal), voice,
                                      np.where(voice, rng.integers(10, 70, size=n), 0)))
        replied = rng.random(n) < 0.85
        call_back = rng.random(n) < 0.1
        reply_at = local + rng.integers(20, 600, size=n)
        batches.append(CallBatch.make(clock.at(day, reply_at[replied]),
                                      np.full(int(replied.sum()), deal), buyers[replied],
                                      call_back[replied],
                                      np.where(call_back[replied], rng.integers(8, 40,
                                               size=int(replied.sum())), 0)))
        if out:
            runner_pick = rng.integers(len(out), size=n)
            work = np.array([out[int(i)][0].work_phones[0] for i in runner_pick], dtype=np.int32)
            second = np.array([out[int(i)][0].work_phones[-1] for i in runner_pick], np.int32)
            work = np.where(rng.random(n) < 0.3, second, work)
            if line.holder == "controller":
                at = local + rng.integers(30, 300, size=n)
                batches.append(CallBatch.make(clock.at(day, at), np.full(n, deal), work, False))
            rings = rng.random(n) < 0.2
            at = local[rings] + rng.integers(600, 2_400, size=int(rings.sum()))
            batches.append(CallBatch.make(clock.at(day, at), work[rings], buyers[rings], True,
                                          rng.integers(8, 45, size=int(rings.sum()))))
            trap_of_order = np.array([trap_cells[out[int(i)][1]] for i in runner_pick], np.int32)
        else:
            trap_of_order = np.full(n, trap_cells[0] if trap_cells else -2, dtype=np.int32)
        collect = rng.random(n) < 0.3
        at = local[collect] + rng.integers(1_200, 3_600, size=int(collect.sum()))
        batches.append(CallBatch.make(clock.at(day, at), buyers[collect],
                                      np.full(int(collect.sum()), deal), False,
                                      a_cell=trap_of_order[collect]))
        first_day = max(number.start, 0)
        announce = day == first_day and number.reason != "launch"
        if day == first_day or rng.random() < params.flares_per_day:
            batches.append(self._flare(line, number.phone, day, customers, announce, rng))
        batches.extend(self._crew(line, day, deal, out, rng))
        batches.append(self._dead_number(line, day, customers, rates, rng))
        return batches

    def _flare(self, line: Line, deal: int, day: int, customers: np.ndarray, announce: bool,
               rng: np.random.Generator) -> CallBatch:
        params = self.world.config.line
        if announce:
            known = (line.customer_join <= day) & (line.customer_leave >= day)
            customers = current_numbers(self.world, line.customer_phone[known], day)
        reach = rng.uniform(params.flare_reach[0], params.flare_reach[1])
        targets = customers[rng.random(len(customers)) < reach]
        if not len(targets):
            return CallBatch.empty()
        targets = rng.permutation(targets)
        begin = int(rng.integers(9 * 3_600, 12 * 3_600 if announce else 20 * 3_600))
        gaps = rng.exponential(params.flare_gap_seconds, size=len(targets))
        local = begin + np.cumsum(gaps).astype(np.int64)
        t = self.clock.at(day, local)
        self.broadcasts.append(Broadcast(line.line_id, deal, int(t[0]), int(t[-1]), len(targets),
                                         "announcement" if announce else "flare"))
        return CallBatch.make(t, np.full(len(targets), deal), targets, False)

    def _crew(self, line: Line, day: int, deal: int, out: list, rng: np.random.Generator
              ) -> list[CallBatch]:
        """Controller <-> runners, runners <-> line, trap occupant <-> line, worried families."""
        clock = self.clock
        batches: list[CallBatch] = []
        pairs: list[tuple[int, int, float, float]] = []
        for runner, _ in out:
            for work in runner.work_phones:
                pairs.append((line.controller_phone, work, 1.6, 0.6))
                pairs.append((work, line.controller_phone, 1.0, 0.5))
                pairs.append((work, deal, 0.8, 0.1))
            family = self.family.get(runner.person)
            if family is not None and len(family) and not runner.local:
                for phone in family:
                    pairs.append((int(phone), runner.personal_phone, 1.2, 0.9))
        for trap in line.traps:
            if trap.occupant_phone >= 0:
                pairs.append((trap.occupant_phone, deal, 1.0, 0.5))
                for runner, _ in out:
                    pairs.append((runner.work_phones[0], trap.occupant_phone, 0.6, 0.7))
        for a, b, rate, p_voice in pairs:
            k = int(rng.poisson(rate))
            if not k:
                continue
            local = draw_times(rng, k, _DAYTIME)
            voice = rng.random(k) < p_voice
            duration = np.where(voice, rng.integers(0, 240, size=k), 0)
            batches.append(CallBatch.make(clock.at(day, local), np.full(k, a), np.full(k, b),
                                          voice, duration))
        return batches

    def _dead_number(self, line: Line, day: int, customers: np.ndarray, rates: np.ndarray,
                     rng: np.random.Generator) -> CallBatch:
        """Customers still texting a number that went quiet (a switch or a disruption)."""
        dead = [n for n in line.numbers if n.end <= day < n.end + 4]
        if not dead or not len(customers):
            return CallBatch.empty()
        old = dead[-1].phone
        tries = rng.random(len(customers)) < np.minimum(0.5, rates * 0.25)
        senders = customers[tries]
        local = draw_times(rng, len(senders), ORDER_PROFILE)
        return CallBatch.make(self.clock.at(day, local), senders, np.full(len(senders), old),
                              False)
