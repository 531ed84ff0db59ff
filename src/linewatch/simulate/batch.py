"""A batch of calls and texts as parallel numpy arrays, and the clock helpers that make them.

Times are Unix seconds (UTC). People live by the Europe/London clock, so daily rhythms are drawn
in local time and shifted by the UK offset (GMT, or BST from the last Sunday of March to the
last Sunday of October).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

COMPUTE = -2  # cell still to be worked out from where the phone is
UNKNOWN = -1  # cell not recorded


@dataclass
class CallBatch:
    """Calls and texts: ``a`` called or texted ``b`` at ``t``."""

    t: np.ndarray
    a: np.ndarray
    b: np.ndarray
    voice: np.ndarray
    duration: np.ndarray
    a_cell: np.ndarray
    b_cell: np.ndarray

    def __len__(self) -> int:
        return len(self.t)

    @classmethod
    def make(cls, t: np.ndarray, a: np.ndarray, b: np.ndarray, voice: np.ndarray | bool,
             duration: np.ndarray | int = 0, a_cell: np.ndarray | int = COMPUTE,
             b_cell: np.ndarray | int = COMPUTE) -> CallBatch:
        n = len(t)

        def full(value: np.ndarray | int | bool, dtype: type) -> np.ndarray:
            if isinstance(value, np.ndarray) and value.shape == (n,):
                return value.astype(dtype, copy=True)
            return np.full(n, value, dtype=dtype)

        return cls(t=np.asarray(t, dtype=np.int64), a=np.asarray(a, dtype=np.int32),
                   b=np.asarray(b, dtype=np.int32), voice=full(voice, bool),
                   duration=full(duration, np.int32), a_cell=full(a_cell, np.int32),
                   b_cell=full(b_cell, np.int32))

    @classmethod
    def empty(cls) -> CallBatch:
        return cls.make(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32),
                        np.zeros(0, bool))

    @classmethod
    def concat(cls, batches: list[CallBatch]) -> CallBatch:
        batches = [b for b in batches if len(b)]
        if not batches:
            return cls.empty()
        return cls(*(np.concatenate([getattr(b, f) for b in batches])
                     for f in ("t", "a", "b", "voice", "duration", "a_cell", "b_cell")))

    def take(self, index: np.ndarray) -> CallBatch:
        return CallBatch(self.t[index], self.a[index], self.b[index], self.voice[index],
                         self.duration[index], self.a_cell[index], self.b_cell[index])


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def uk_offset_hours(day: dt.date) -> int:
    """1 during British Summer Time, else 0 (taken at midday of ``day``)."""
    return 1 if _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10) else 0


@dataclass
class Clock:
    """Turns (day, local seconds) into UTC Unix seconds for one scenario."""

    start: dt.date
    start_epoch: int
    _midnights: dict[int, int] = field(default_factory=dict)

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def weekday(self, day: int) -> int:
        return self.date(day).weekday()

    def local_midnight(self, day: int) -> int:
        """UTC Unix seconds of local midnight starting ``day``."""
        midnight = self._midnights.get(day)
        if midnight is None:
            offset = uk_offset_hours(self.date(day))
            midnight = self.start_epoch + day * 86_400 - 3_600 * offset
            self._midnights[day] = midnight
        return midnight

    def at(self, day: int, local_seconds: np.ndarray) -> np.ndarray:
        return self.local_midnight(day) + np.asarray(local_seconds, dtype=np.int64)

    def local_seconds(self, day: int, t: np.ndarray) -> np.ndarray:
        """Seconds since local midnight of ``day`` (may exceed a day for late follow-ups)."""
        return np.asarray(t, dtype=np.int64) - self.local_midnight(day)


def hour_profile(weights: list[float]) -> np.ndarray:
    """Normalised 24-hour probability profile."""
    p = np.asarray(weights, dtype=np.float64)
    return p / p.sum()


def draw_times(rng: np.random.Generator, n: int, profile: np.ndarray) -> np.ndarray:
    """``n`` local seconds of the day following an hourly ``profile``."""
    hours = rng.choice(24, size=n, p=profile)
    return hours.astype(np.int64) * 3_600 + rng.integers(0, 3_600, size=n)


ORDINARY_WEEKDAY = hour_profile([0.4, 0.2, 0.1, 0.08, 0.08, 0.2, 0.8, 2.5, 4.5, 5.0, 5.2, 5.4,
                                 6.0, 5.6, 5.2, 5.4, 6.0, 6.8, 7.0, 6.6, 6.0, 5.0, 3.4, 1.6])
ORDINARY_WEEKEND = hour_profile([0.9, 0.5, 0.3, 0.15, 0.1, 0.12, 0.3, 0.8, 2.0, 3.6, 5.0, 6.0,
                                 6.4, 6.4, 6.2, 6.0, 6.0, 6.2, 6.4, 6.4, 6.0, 5.2, 4.0, 2.2])
YOUNG_SHIFT = hour_profile([1.6, 1.0, 0.5, 0.25, 0.1, 0.1, 0.3, 1.5, 2.6, 2.4, 2.8, 3.4, 4.6,
                            4.4, 4.4, 5.8, 6.6, 6.8, 6.8, 7.2, 7.4, 7.0, 5.6, 3.4])
ORDER_PROFILE = hour_profile([2.0, 1.4, 0.9, 0.5, 0.3, 0.3, 0.6, 1.2, 2.2, 3.2, 4.2, 5.0, 5.6,
                              5.8, 5.8, 6.0, 6.4, 6.8, 7.0, 6.8, 6.2, 5.4, 4.2, 3.0])
