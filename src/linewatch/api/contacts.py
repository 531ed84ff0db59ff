"""Who each number talks to, summarised once per data version and held in memory.

The link chart and the phone page ask the same question many times a minute: "the busiest
contacts of these numbers, with how many calls and texts and when". Scanning ``cdr`` (tens of
millions of rows) for each answer costs tens of milliseconds, and even a query on a
pre-aggregated table pays DuckDB's per-query overhead (~1 ms) for each number. So the pairs
are aggregated once (one ``GROUP BY`` over ``cdr``), kept as columns sorted by number and
busiest contact first, and sliced per number.

Memory: one row per ordered pair of numbers that were in contact (capped at the
:data:`MAX_PER_NUMBER` busiest per number), about 32 bytes each: 30 MB for the medium
scenario's 956k pairs (10M events).
Queries with a time window are answered from ``cdr`` by the callers, not from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from linewatch.api.data import table_exists
from linewatch.api.snapshot import memo
from linewatch.storage import Store

#: contacts kept per number (the API never asks for more than this per node)
MAX_PER_NUMBER = 500
#: first and last: datetimes, or microseconds since 1970 from ``top(..., micros=True)``
Contact = tuple[str, str, int, int, int, dt.datetime | int, dt.datetime | int]
COLUMNS = ("me", "other", "n", "voice", "outgoing", "first", "last")
_PAIRS = f"""
WITH pairs AS (
  SELECT me, other, count(*) AS n, count(*) FILTER (WHERE event_type = 'voice') AS voice,
         count(*) FILTER (WHERE outgoing) AS outgoing, min(start_time) AS first,
         max(start_time) AS last
  FROM (SELECT a_number AS me, b_number AS other, event_type, start_time, TRUE AS outgoing
        FROM cdr
        UNION ALL
        SELECT b_number, a_number, event_type, start_time, FALSE FROM cdr)
  GROUP BY me, other)
SELECT me, other, n, voice, outgoing, first, last,
       sum(n) OVER (PARTITION BY me) AS total, min(first) OVER (PARTITION BY me) AS since,
       max(last) OVER (PARTITION BY me) AS until
FROM pairs
QUALIFY row_number() OVER (PARTITION BY me ORDER BY n DESC, other) <= {MAX_PER_NUMBER}
ORDER BY me, n DESC, other
"""  # noqa: S608 - a constant: only MAX_PER_NUMBER, an int, is interpolated


@dataclass
class Activity:
    """All events a number made or received: how many, first and last."""

    n: int
    first: dt.datetime | None
    last: dt.datetime | None


class ContactIndex:
    """Per-number contact summaries; build with :meth:`load` (or :func:`contact_index`).

    Held as numpy columns (the other number as a code into one list of distinct numbers),
    about 32 bytes per pair: slicing a number's rows and turning them into Python values is a
    handful of C loops, whatever the number.
    """

    def __init__(self, table: pa.Table) -> None:
        me = table.column("me").to_pylist()
        totals = table.column("total").to_pylist()
        since, until = table.column("since").to_pylist(), table.column("until").to_pylist()
        self._spans: dict[str, tuple[int, int]] = {}
        self._activity: dict[str, Activity] = {}
        start = 0
        for i in range(1, len(me) + 1):
            if i == len(me) or me[i] != me[start]:
                self._spans[me[start]] = (start, i - start)
                self._activity[me[start]] = Activity(int(totals[start]), since[start],
                                                     until[start])
                start = i
        other = pc.dictionary_encode(table.column("other")).combine_chunks()
        self._numbers: list[str] = other.dictionary.to_pylist()
        self._other = other.indices.to_numpy(zero_copy_only=False).astype(np.int32)
        self._n, self._voice, self._outgoing = (
            table.column(c).to_numpy().astype(np.int32) for c in ("n", "voice", "outgoing"))
        self._first, self._last = (table.column(c).to_numpy().astype("datetime64[us]")
                                   for c in ("first", "last"))
        self._first_us, self._last_us = self._first.view(np.int64), self._last.view(np.int64)

    @classmethod
    def load(cls, store: Store) -> ContactIndex:
        return cls(store.query_arrow(_PAIRS))

    def __len__(self) -> int:
        return len(self._other)

    def activity(self, number: str) -> Activity:
        return self._activity.get(number, Activity(0, None, None))

    def top(self, numbers: list[str], per_number: int,
            micros: bool = False) -> list[Contact]:
        """The ``per_number`` busiest contacts of each of ``numbers``, as
        ``(me, other, n, voice, outgoing, first, last)`` tuples.

        ``micros=True``: ``first`` and ``last`` as integer microseconds since 1970 instead of
        datetimes, for callers that keep only some of the contacts and convert those
        (:func:`as_datetimes`): making a datetime costs more than the rest of a row.
        """
        out: list[Contact] = []
        names = self._numbers
        first, last = (self._first_us, self._last_us) if micros else (self._first, self._last)
        for number in dict.fromkeys(numbers):
            span = self._spans.get(number)
            if span is None:
                continue
            a, b = span[0], span[0] + min(span[1], per_number)
            out += zip(repeat(number), [names[i] for i in self._other[a:b].tolist()],
                       self._n[a:b].tolist(), self._voice[a:b].tolist(),
                       self._outgoing[a:b].tolist(), first[a:b].tolist(),
                       last[a:b].tolist(), strict=False)
        return out


def as_datetimes(micros: list[int]) -> list[dt.datetime | None]:
    """Microseconds since 1970 (from ``top(..., micros=True)``) as naive datetimes."""
    converted: list[dt.datetime | None] = np.array(micros, dtype="datetime64[us]").tolist()
    return converted


def contact_index(store: Store) -> ContactIndex | None:
    """The store's contact index for its current data version (``None`` without ``cdr``)."""
    if not table_exists(store, "cdr"):
        return None
    return memo(store, "contact_index", lambda: ContactIndex.load(store))
