"""Everyday calls and texts of the ordinary population, one whole day at a time."""

from __future__ import annotations

import numpy as np

from linewatch.simulate.batch import (
    ORDINARY_WEEKDAY,
    ORDINARY_WEEKEND,
    YOUNG_SHIFT,
    CallBatch,
    Clock,
    draw_times,
)
from linewatch.simulate.world import Mobility, PhoneKind, World

_WEEKDAY_FACTOR = np.array([1.0, 1.0, 1.0, 1.02, 1.1, 0.95, 0.85])


class OrdinaryTraffic:
    """Personal calls and texts along the contact graph, plus number-change announcements."""

    def __init__(self, world: World, clock: Clock,
                 changes: list[tuple[int, int, int, bool]]) -> None:
        self.world = world
        self.clock = clock
        arrays = world.phones.arrays
        self.rate = arrays["rate"]
        self.p_voice = arrays["p_voice"]
        self.active_from = arrays["active_from"]
        self.active_to = arrays["active_to"]
        self.successor = arrays["successor"]
        contacts = world.contacts
        assert contacts is not None  # noqa: S101 - narrows the type for mypy
        self.contacts = contacts
        n = len(self.rate)
        self.row = np.arange(n, dtype=np.int64)
        for old, new, _, _ in changes:
            self.row[new] = old
        degree = contacts.degree()
        personal = arrays["kind"] == int(PhoneKind.PERSONAL)
        self.callers = np.flatnonzero(personal & (degree[self.row] > 0) & (self.rate > 0))
        owner = arrays["owner"]
        ages = world.persons.age
        self.young = np.zeros(n, dtype=bool)
        has_owner = owner >= 0
        self.young[has_owner] = ages[owner[has_owner]] < 25
        self.drivers = np.flatnonzero(arrays["mobility"] == int(Mobility.DRIVER))
        self.county_phones = np.flatnonzero(
            personal & has_owner & ~np.isin(np.where(has_owner, owner, 0),
                                            np.flatnonzero(self._hub_person())))
        self.changes_by_day: dict[int, list[tuple[int, int]]] = {}
        for old, new, day, _ in changes:
            self.changes_by_day.setdefault(day, []).append((old, new))

    def _hub_person(self) -> np.ndarray:
        hub = np.array([p.is_hub for p in self.world.places])
        return hub[self.world.persons.place]

    def day(self, day: int, rng: np.random.Generator) -> CallBatch:
        weekday = self.clock.weekday(day)
        callers = self.callers
        live = (self.active_from[callers] <= day) & (self.active_to[callers] > day)
        callers = callers[live]
        counts = rng.poisson(self.rate[callers] * _WEEKDAY_FACTOR[weekday])
        a = np.repeat(callers, counts)
        n = len(a)
        b = self.contacts.choose(self.row[a], rng.random(n))
        moved = (self.active_to[b] <= day) & (self.successor[b] >= 0) & (rng.random(n) < 0.95)
        b = np.where(moved, self.successor[b], b)
        early = (self.active_from[b] > day) & (rng.random(n) < 0.9)
        keep = ~early
        a, b = a[keep], b[keep]
        n = len(a)
        profile = ORDINARY_WEEKEND if weekday >= 5 else ORDINARY_WEEKDAY
        local = draw_times(rng, n, profile)
        young = self.young[a]
        if young.any():
            local[young] = draw_times(rng, int(young.sum()), YOUNG_SHIFT)
        voice = rng.random(n) < self.p_voice[a]
        duration = np.where(voice, np.minimum(rng.lognormal(4.1, 1.05, size=n), 5_400), 0)
        duration = np.where(voice & (rng.random(n) < 0.12), 0, duration).astype(np.int32)
        batches = [CallBatch.make(self.clock.at(day, local), a, b, voice, duration)]
        if weekday < 5 and len(self.drivers):
            batches.append(self._deliveries(day, rng))
        for old, new in self.changes_by_day.get(day, []):
            batches.append(self._announce(day, old, new, rng))
        return CallBatch.concat(batches)

    def _deliveries(self, day: int, rng: np.random.Generator) -> CallBatch:
        """Delivery drivers ring many different strangers briefly during working hours."""
        counts = rng.poisson(9.0, size=len(self.drivers))
        a = np.repeat(self.drivers, counts)
        b = self.county_phones[rng.integers(0, len(self.county_phones), size=len(a))]
        local = rng.integers(8 * 3_600, 18 * 3_600, size=len(a))
        voice = rng.random(len(a)) < 0.7
        duration = np.where(voice, rng.integers(8, 75, size=len(a)), 0)
        return CallBatch.make(self.clock.at(day, local), a, b, voice, duration)

    def _announce(self, day: int, old: int, new: int, rng: np.random.Generator) -> CallBatch:
        """'New number, save it': the new number texts most of the old one's contacts."""
        start, stop = self.contacts.ptr[old], self.contacts.ptr[old + 1]
        targets = self.contacts.target[start:stop]
        targets = targets[rng.random(len(targets)) < rng.uniform(0.5, 1.0)]
        if not len(targets):
            return CallBatch.empty()
        begin = int(rng.integers(9 * 3_600, 21 * 3_600))
        fast = rng.random() < 0.3
        gaps = rng.uniform(0.5, 3.0, size=len(targets)) if fast else \
            rng.exponential(25.0, size=len(targets))
        local = begin + np.cumsum(gaps).astype(np.int64)
        return CallBatch.make(self.clock.at(day, local), np.full(len(targets), new), targets,
                              False)
