"""Which cell serves each phone at the moment of each call.

Each day every phone gets one cell per time segment (night, morning travel, working day,
evening travel, evening, late night): home for most; work and the road between for commuters
on weekdays; anywhere in the county for delivery drivers; what the storyline says for runners
and line phones. A call then takes its segment's cell, sometimes moved to another cell of the
same town (people move around), or to a random county cell for roaming drivers.
"""

from __future__ import annotations

import numpy as np

from linewatch.simulate.batch import COMPUTE, UNKNOWN, CallBatch, Clock
from linewatch.simulate.world import HOUR_SEGMENT, ROAM, SEGMENTS, Mobility, World


class Whereabouts:
    """Per-day segment cells for every phone."""

    def __init__(self, world: World, clock: Clock) -> None:
        self.world = world
        self.clock = clock
        arrays = world.phones.arrays
        self.home = arrays["home_cell"]
        self.work = arrays["work_cell"]
        self.mobility = arrays["mobility"]
        self.jitter = arrays["jitter"]
        cells = world.cells
        self.cell_place = cells.place
        counts = np.diff(cells.place_ptr)
        self.place_count = counts
        self.place_ptr = cells.place_ptr
        self.place_cells = cells.place_cells
        place_of_home = cells.place[self.home]
        self.corridor_count = np.zeros(len(self.home), dtype=np.int64)
        self.corridor_start = np.zeros(len(self.home), dtype=np.int64)
        valid = place_of_home >= 0
        self.corridor_start[valid] = cells.corridor_ptr[place_of_home[valid]]
        self.corridor_count[valid] = (cells.corridor_ptr[place_of_home[valid] + 1]
                                      - cells.corridor_ptr[place_of_home[valid]])
        self.commuter = self.mobility == int(Mobility.COMMUTER)
        self.driver = self.mobility == int(Mobility.DRIVER)
        self.segments = np.empty((len(self.home), SEGMENTS), dtype=np.int32)

    def prepare(self, day: int, rng: np.random.Generator) -> None:
        """Work out every phone's segment cells for ``day``."""
        seg = self.segments
        seg[:] = self.home[:, None]
        if self.clock.weekday(day) < 5:
            commuters = np.flatnonzero(self.commuter)
            seg[commuters, 2] = self.work[commuters]
            road = commuters[self.corridor_count[commuters] > 0]
            for column in (1, 3):
                pick = rng.integers(0, 1 << 30, size=len(road)) % self.corridor_count[road]
                seg[road, column] = self.world.cells.corridor_cells[self.corridor_start[road] + pick]
            drivers = np.flatnonzero(self.driver)
            seg[drivers, 2] = ROAM
            seg[drivers, 3] = ROAM
        for phone, cells in self.world.script.rows.get(day, []):
            seg[phone] = cells

    def locate(self, day: int, phones: np.ndarray, t: np.ndarray,
               rng: np.random.Generator) -> np.ndarray:
        """Cell of each phone at each time of ``day``."""
        local = self.clock.local_seconds(day, t)
        hour = np.clip(local // 3_600, 0, 47) % 24
        cell = self.segments[phones, HOUR_SEGMENT[hour]]
        roam = cell == ROAM
        if roam.any():
            county = self.world.cells.county_cells
            cell[roam] = county[rng.integers(0, len(county), size=int(roam.sum()))]
        moved = rng.random(len(phones)) < self.jitter[phones]
        place = self.cell_place[cell]
        moved &= place >= 0
        if moved.any():
            where = place[moved]
            pick = rng.integers(0, 1 << 30, size=int(moved.sum())) % self.place_count[where]
            cell[moved] = self.place_cells[self.place_ptr[where] + pick]
        return cell

    def fill(self, day: int, batch: CallBatch, rng: np.random.Generator,
             b_known_share: float = 0.3, a_missing_share: float = 0.02) -> None:
        """Replace COMPUTE cells of ``batch``; most B-side cells stay unrecorded."""
        todo = batch.a_cell == COMPUTE
        if todo.any():
            batch.a_cell[todo] = self.locate(day, batch.a[todo], batch.t[todo], rng)
        batch.a_cell[rng.random(len(batch)) < a_missing_share] = UNKNOWN
        todo = (batch.b_cell == COMPUTE) & (rng.random(len(batch)) < b_known_share)
        if todo.any():
            batch.b_cell[todo] = self.locate(day, batch.b[todo], batch.t[todo], rng)
        batch.b_cell[batch.b_cell == COMPUTE] = UNKNOWN
