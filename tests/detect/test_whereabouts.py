"""The array-based ``whereabouts`` gives exactly what the plain row loop it replaced gave."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from linewatch.detect.places import Whereabouts, whereabouts

# areas whose string order differs from their numeric order (10 < 9 as text), so a tie broken
# by number instead of by text shows up
CELL_AREA = {"c1": 9, "c2": 10, "c3": 10, "c10": 100, "c9": 2, "x": 9}
DAYS = [dt.date(2026, 3, 1) + dt.timedelta(days=i) for i in range(4)]


def _top(counts: Counter[Any]) -> Any:
    return min(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]


def reference(geo: pd.DataFrame) -> dict[str, Whereabouts]:
    """The row-by-row loop ``whereabouts`` used to be."""
    out: dict[str, Whereabouts] = {}
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


def _frame(rows: list[tuple[str, str, int, int, int]]) -> pd.DataFrame:
    """A geography frame as :func:`linewatch.detect.neighbourhood.geography` returns it."""
    return pa.table({
        "number": pa.array([r[0] for r in rows], pa.string()),
        "cell_id": pa.array([r[1] for r in rows], pa.string()),
        "area_id": pa.array([CELL_AREA[r[1]] for r in rows], pa.int64()),
        "lat": pa.array([50.0] * len(rows), pa.float64()),
        "lon": pa.array([-1.0] * len(rows), pa.float64()),
        "day": pa.array([DAYS[r[2]] for r in rows], pa.date32()),
        "n": pa.array([r[3] for r in rows], pa.int64()),
        "n_night": pa.array([min(r[3], r[4]) for r in rows], pa.int64()),
    }).to_pandas()


def _same(geo: pd.DataFrame) -> None:
    got, want = whereabouts(geo), reference(geo)
    assert list(got) == list(want)  # numbers in order of first appearance
    for number, w in want.items():
        assert got[number] == w, number
        assert {type(d) for d in got[number].daily_area} == {type(d) for d in w.daily_area}


rows = st.lists(st.tuples(st.sampled_from(["07700900001", "07700900002", "07700900003"]),
                          st.sampled_from(sorted(CELL_AREA)), st.integers(0, len(DAYS) - 1),
                          st.integers(1, 3), st.integers(0, 3)), min_size=1, max_size=40)


@settings(max_examples=400, deadline=None)
@given(rows=rows)
def test_whereabouts_matches_the_row_loop(rows: list[tuple[str, str, int, int, int]]) -> None:
    _same(_frame(rows))


def test_ties_go_to_the_smallest_key_as_text() -> None:
    # cells c10 and c9 (areas 100 and 2) tie on events and nights; c10 < c9 as text
    geo = _frame([("07700900001", "c9", 0, 2, 2), ("07700900001", "c10", 0, 2, 2),
                  ("07700900002", "c1", 1, 1, 0), ("07700900002", "c2", 1, 1, 0)])
    got = whereabouts(geo)
    _same(geo)
    first = got["07700900001"]
    assert (first.home_cell, first.home_area, first.night_cell) == ("c10", 100, "c10")
    assert first.daily_area == {DAYS[0]: 100}  # areas 100 and 2 tie; "100" < "2"
    second = got["07700900002"]
    assert second.daily_area == {DAYS[1]: 10}  # areas 10 and 9 tie; "10" < "9"
    assert second.night_cell is None and second.night_cells == Counter()
    assert second.daily_cells == {DAYS[1]: {"c1", "c2"}}


def test_an_empty_frame_has_no_whereabouts() -> None:
    assert whereabouts(_frame([])) == {}
