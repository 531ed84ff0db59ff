"""Where a phone is: home and overnight cells, days in a line's market, days elsewhere.

Built from the per (number, cell, local day) counts of
:func:`linewatch.detect.neighbourhood.geography`. A line's *market* is the area where most of
its customers live; everywhere else is *away* (for a line run from a city, that is the hub and
the roads to it). Nothing here knows a place name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Whereabouts:
    """One phone's whereabouts summary."""

    home_cell: str | None = None
    home_area: int | None = None
    night_cell: str | None = None
    night_area: int | None = None
    located: int = 0
    areas: Counter[int] = field(default_factory=Counter)
    cells: Counter[str] = field(default_factory=Counter)
    night_cells: Counter[str] = field(default_factory=Counter)
    daily_area: dict[object, int] = field(default_factory=dict)
    cell_area: dict[str, int] = field(default_factory=dict)

    def share_in(self, area: int | None) -> float:
        if area is None or not self.located:
            return 0.0
        return self.areas.get(area, 0) / self.located

    def days_in(self, area: int | None) -> int:
        return sum(1 for a in self.daily_area.values() if a == area)

    def days_away(self, area: int | None) -> int:
        return sum(1 for a in self.daily_area.values() if a != area)

    def market_cell(self, area: int | None) -> str | None:
        """Where the phone spends its nights in ``area`` (or, lacking night events, its days)."""
        for counter in (self.night_cells, self.cells):
            inside = [(n, c) for c, n in counter.items() if self.cell_area.get(c) == area]
            if inside:
                return max(inside, key=lambda t: (t[0], _neg(t[1])))[1]
        return None


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)


def whereabouts(geo: pd.DataFrame) -> dict[str, Whereabouts]:
    """Summaries for every number in a geography frame."""
    out: dict[str, Whereabouts] = {}
    if geo.empty:
        return out
    per_day: dict[tuple[str, object], Counter[int]] = {}
    for row in geo.itertuples(index=False):
        w = out.setdefault(row.number, Whereabouts())
        n, night, area = int(row.n), int(row.n_night), int(row.area_id)
        w.cells[row.cell_id] += n
        w.areas[area] += n
        w.located += n
        w.cell_area[row.cell_id] = area
        if night:
            w.night_cells[row.cell_id] += night
        per_day.setdefault((row.number, row.day), Counter())[area] += n
    for (number, day), counts in per_day.items():
        out[number].daily_area[day] = _top(counts)
    for w in out.values():
        w.home_cell = _top(w.cells)
        w.home_area = w.cell_area.get(w.home_cell) if w.home_cell else None
        if w.night_cells:
            w.night_cell = _top(w.night_cells)
            w.night_area = w.cell_area.get(w.night_cell)
    return out


def _top(counts: Counter) -> object:  # type: ignore[type-arg]
    """The most frequent key; ties go to the smallest key, so results are reproducible."""
    return min(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]


def co_travel(a: Whereabouts, b: Whereabouts, market: int | None, *,
              min_days: int = 3) -> float:
    """Share of common days on which two phones were in the same area (0 if too few days).

    Two handsets carried by one runner move together: hub, road, market and back. Only pairs
    that were both in the market and both away on some day count, so two phones that never
    leave one town do not look like co-travellers.
    """
    days = set(a.daily_area) & set(b.daily_area)
    if len(days) < min_days:
        return 0.0
    same = [d for d in days if a.daily_area[d] == b.daily_area[d]]
    in_market = any(a.daily_area[d] == market for d in same)
    away = any(a.daily_area[d] != market for d in same)
    if not (in_market and away):
        return 0.0
    return len(same) / len(days)
