"""Where a phone is: home and overnight cells, days in a line's market, days elsewhere.

Built from the per (number, cell, local day) counts of
:func:`linewatch.detect.neighbourhood.geography`. A line's *market* is the area where most of
its customers live; everywhere else is *away* (for a line run from a city, that is the hub and
the roads to it). Nothing here knows a place name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from linewatch.settings.detect import DetectSettings


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
    daily_cells: dict[object, set[str]] = field(default_factory=dict)
    cell_area: dict[str, int] = field(default_factory=dict)

    def share_in(self, area: int | None) -> float:
        if area is None or not self.located:
            return 0.0
        return self.areas.get(area, 0) / self.located

    def days_in(self, area: int | None) -> int:
        return sum(1 for a in self.daily_area.values() if a == area)

    def days_away(self, area: int | None) -> int:
        return sum(1 for a in self.daily_area.values() if a != area)

    def dwell_cells(self, area: int | None, k: int = 1) -> list[str]:
        """The ``k`` cells of ``area`` where the phone is most, night events counting triple."""
        weight = {c: n + 2 * self.night_cells.get(c, 0) for c, n in self.cells.items()
                  if self.cell_area.get(c) == area}
        return [c for c, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]

    def market_cell(self, area: int | None) -> str | None:
        """Where the phone dwells in ``area`` (overnight above all), if it was there."""
        cells = self.dwell_cells(area, 1)
        return cells[0] if cells else None


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
        w.daily_cells.setdefault(row.day, set()).add(row.cell_id)
    for (number, day), counts in per_day.items():
        out[number].daily_area[day] = int(_top(counts))
    for w in out.values():
        w.home_cell = str(_top(w.cells))
        w.home_area = w.cell_area.get(w.home_cell)
        if w.night_cells:
            w.night_cell = str(_top(w.night_cells))
            w.night_area = w.cell_area.get(w.night_cell)
    return out


def _top(counts: Counter[Any]) -> Any:
    """The most frequent key; ties go to the smallest key, so results are reproducible."""
    return min(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]


@dataclass(frozen=True)
class CoTravel:
    """How two phones moved together on the days both were located."""

    market_days: int  # common days on which the reference phone was in the market
    away_days: int  # common days on which it was elsewhere
    market_match: float  # share of those market days the other phone was in the market too
    away_match: float  # share of the away days the other phone was away from the market too
    shared_cell_days: int  # common days on which both used the same cell

    @property
    def shared_cell_share(self) -> float:
        days = self.market_days + self.away_days
        return self.shared_cell_days / days if days else 0.0

    def together(self, s: DetectSettings) -> bool:
        """In the market together and away together, sharing cells on most days."""
        return (self.market_days >= s.cotravel_min_market_days
                and self.away_days >= s.cotravel_min_away_days
                and self.market_match >= s.cotravel_min_match
                and self.away_match >= s.cotravel_min_match
                and self.shared_cell_share >= s.cotravel_min_shared_cell_share)


def co_travel(reference: Whereabouts, other: Whereabouts, market: int | None) -> CoTravel:
    """Compare ``other``'s daily whereabouts with ``reference``'s, market days and away days
    apart.

    Two handsets carried by one runner move together: hub, road, market and back. Matching
    the market days and the away days separately means a resident of either place (who
    matches only one kind of day) is never taken for a co-traveller.
    """
    days = set(reference.daily_area) & set(other.daily_area)
    in_market = [d for d in days if reference.daily_area[d] == market]
    away = [d for d in days if reference.daily_area[d] != market]
    market_hits = sum(1 for d in in_market if other.daily_area[d] == market)
    away_hits = sum(1 for d in away if other.daily_area[d] != market)
    shared = sum(1 for d in days
                 if reference.daily_cells.get(d, set()) & other.daily_cells.get(d, set()))
    return CoTravel(len(in_market), len(away),
                    market_hits / len(in_market) if in_market else 0.0,
                    away_hits / len(away) if away else 0.0, shared)
