"""Where a phone is: home and overnight cells, days in a line's market, days elsewhere.

Built from the per (number, cell, local day) counts of
:func:`linewatch.detect.neighbourhood.geography`. A line's *market* is the area where most of
its customers live; everywhere else is *away* (for a line run from a city, that is the hub and
the roads to it). Nothing here knows a place name.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linewatch.settings.detect import DetectSettings


class _UsedCells:
    """The distinct (number, day, cell) rows of a geography frame, sorted by number then day:
    day and cell codes with the value of each code."""

    __slots__ = ("cell_codes", "cells", "day_codes", "days")

    def __init__(self, day_codes: np.ndarray, cell_codes: np.ndarray, days: list[Any],
                 cells: list[str]) -> None:
        self.day_codes, self.cell_codes, self.days, self.cells = day_codes, cell_codes, days, cells


class DayCells:
    """The cells one phone used on each day, made into sets on first use: only the few phones
    compared day by day (co-travel) ever need them."""

    __slots__ = ("_by_day", "_rows")

    def __init__(self, rows: _UsedCells | None = None, start: int = 0, end: int = 0) -> None:
        self._rows = (rows, start, end) if rows is not None and end > start else None
        self._by_day: dict[object, set[str]] | None = None

    def by_day(self) -> dict[object, set[str]]:
        if self._by_day is None:
            self._by_day = {}
            if self._rows is not None:
                rows, start, end = self._rows
                for d, c in zip(rows.day_codes[start:end].tolist(),
                                rows.cell_codes[start:end].tolist(), strict=True):
                    self._by_day.setdefault(rows.days[d], set()).add(rows.cells[c])
                self._rows = None
        return self._by_day

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DayCells) and self.by_day() == other.by_day()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dict it stands for

    def __repr__(self) -> str:
        return repr(self.by_day())


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
    day_cells: DayCells = field(default_factory=DayCells)
    cell_area: dict[str, int] = field(default_factory=dict)

    @property
    def daily_cells(self) -> dict[object, set[str]]:
        """The cells used on each day (a dict that can be filled in, like the other fields)."""
        return self.day_cells.by_day()

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
    """Summaries for every number in a geography frame.

    Every sum and every "most frequent" pick is made on integer codes with numpy, for the whole
    frame at once; Python only puts each number's results into its dictionaries. The cells of
    each day are kept as array slices and turned into sets only for the phones asked about.
    """
    if geo.empty:
        return {}
    num, numbers = _codes(geo["number"], sort=False)  # numbers in order of first appearance
    cell, cells = _codes(geo["cell_id"], sort=True)  # code order is the cell ids' order
    day, days = _codes(geo["day"], sort=False)
    area, areas = _codes(geo["area_id"].astype(np.int64), sort=False)
    as_text = np.argsort(np.array([str(a) for a in areas]))  # ties go by the area id's text
    area = np.argsort(as_text)[area]
    areas = [int(areas[i]) for i in as_text.tolist()]
    n = geo["n"].to_numpy(dtype=np.int64)
    night = geo["n_night"].to_numpy(dtype=np.int64)
    sizes = {"num": len(numbers), "cell": len(cells), "day": len(days), "area": len(areas)}
    cell_area = np.zeros(len(cells), dtype=np.int64)
    cell_area[cell] = area  # one area per cell (cell ids are unique in the areas table)

    by_cell, (cell_n, cell_night) = _sums((num, cell), (sizes["num"], sizes["cell"]), (n, night))
    by_area, (area_n,) = _sums((num, area), (sizes["num"], sizes["area"]), (n,))
    by_day, (day_n,) = _sums((num, day, area), (sizes["num"], sizes["day"], sizes["area"]),
                             (n,))
    top_day = _top_rows(by_day[0] * sizes["day"] + by_day[1], day_n, by_day[2])
    home = _top_rows(by_cell[0], cell_n, by_cell[1])
    nights = np.flatnonzero(cell_night > 0)
    night_top = nights[_top_rows(by_cell[0][nights], cell_night[nights], by_cell[1][nights])]
    used, _ = _sums((num, day, cell), (sizes["num"], sizes["day"], sizes["cell"]), ())
    located = np.bincount(num, weights=n, minlength=len(numbers)).astype(np.int64).tolist()

    home_codes = np.full(len(numbers), -1, dtype=np.int64)
    home_codes[by_cell[0][home]] = by_cell[1][home]
    night_codes = np.full(len(numbers), -1, dtype=np.int64)
    night_codes[by_cell[0][night_top]] = by_cell[1][night_top]
    home_of, night_of = home_codes.tolist(), night_codes.tolist()
    cell_bounds = _bounds(by_cell[0], len(numbers))
    area_bounds = _bounds(by_area[0], len(numbers))
    night_bounds = _bounds(by_cell[0][nights], len(numbers))
    day_bounds = _bounds(by_day[0][top_day], len(numbers))
    used_bounds = _bounds(used[0], len(numbers))

    cell_names = [cells[c] for c in by_cell[1].tolist()]
    cell_area_of = [areas[a] for a in cell_area[by_cell[1]].tolist()]
    area_keys = [areas[a] for a in by_area[1].tolist()]
    day_keys = [days[d] for d in by_day[1][top_day].tolist()]
    day_areas = [areas[a] for a in by_day[2][top_day].tolist()]
    cell_counts, cell_nights, area_counts = cell_n.tolist(), cell_night.tolist(), area_n.tolist()
    night_rows = nights.tolist()
    used_rows = _UsedCells(used[1], used[2], days, cells)
    out: dict[str, Whereabouts] = {}
    for i, number in enumerate(numbers):
        c0, c1 = cell_bounds[i], cell_bounds[i + 1]
        a0, a1 = area_bounds[i], area_bounds[i + 1]
        d0, d1 = day_bounds[i], day_bounds[i + 1]
        w = Whereabouts(
            located=located[i],
            areas=Counter(dict(zip(area_keys[a0:a1], area_counts[a0:a1], strict=True))),
            cells=Counter(dict(zip(cell_names[c0:c1], cell_counts[c0:c1], strict=True))),
            night_cells=Counter({cell_names[k]: cell_nights[k]
                                 for k in night_rows[night_bounds[i]:night_bounds[i + 1]]}),
            daily_area=dict(zip(day_keys[d0:d1], day_areas[d0:d1], strict=True)),
            day_cells=DayCells(used_rows, used_bounds[i], used_bounds[i + 1]),
            cell_area=dict(zip(cell_names[c0:c1], cell_area_of[c0:c1], strict=True)))
        w.home_cell = cells[home_of[i]]
        w.home_area = w.cell_area.get(w.home_cell)
        if night_of[i] >= 0:
            w.night_cell = cells[night_of[i]]
            w.night_area = w.cell_area.get(w.night_cell)
        out[number] = w
    return out


def _codes(column: pd.Series, *, sort: bool) -> tuple[np.ndarray, list[Any]]:
    """Integer codes of a column's values and each code's value (the object a row loop would
    see); with ``sort`` the codes follow the values' order."""
    codes, uniques = pd.factorize(column, sort=sort)
    first = np.zeros(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return codes.astype(np.int64), column.iloc[first].tolist()


def _sums(keys: tuple[np.ndarray, ...], sizes: tuple[int, ...], values: tuple[np.ndarray, ...]
          ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The distinct key tuples (sorted, first key first) and each value's sum per tuple.

    ``sizes`` bound the codes of each key, so a tuple packs into one integer to sort on.
    """
    if math.prod(sizes) < 2**62:
        packed = np.zeros(len(keys[0]), dtype=np.int64)
        for k, size in zip(keys, sizes, strict=True):
            packed = packed * size + k
        order = np.argsort(packed)
        ordered = packed[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    else:
        order = np.lexsort(keys[::-1])
        change = np.zeros(len(order), dtype=bool)
        change[0] = True
        for k in keys:
            sorted_k = k[order]
            change[1:] |= sorted_k[1:] != sorted_k[:-1]
        starts = np.flatnonzero(change)
    first = order[starts]
    return ([k[first] for k in keys], [np.add.reduceat(v[order], starts) for v in values])


def _top_rows(group: np.ndarray, count: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """For each group (ascending), the index of its largest count; ties go to the smallest
    ``tie`` code (codes in the order of the keys as text, so reruns pick the same key)."""
    if len(group) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((tie, -count, group))
    g = group[order]
    return order[np.r_[True, g[1:] != g[:-1]]]


def _bounds(sorted_codes: np.ndarray, count: int) -> list[int]:
    """Where each code's run starts in an ascending code array (``count + 1`` offsets)."""
    return np.searchsorted(sorted_codes, np.arange(count + 1)).tolist()


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
