"""Who each number talks to, summarised once per data version and held in memory.

The link chart and the phone page ask the same question many times a minute: "the busiest
contacts of these numbers, with how many calls and texts and when". Scanning ``cdr`` (tens of
millions of rows) for each answer costs tens of milliseconds, and even a query on a
pre-aggregated table pays DuckDB's per-query overhead (~1 ms) for each number. So the pairs
are aggregated once (one ``GROUP BY`` over ``cdr``), kept as an Arrow table sorted by number
and busiest contact first, and sliced per number.

Memory: one row per ordered pair of numbers that were in contact (capped at the
:data:`MAX_PER_NUMBER` busiest per number), about 70 MB for the medium scenario's 10M events.
Queries with a time window are answered from ``cdr`` by the callers, not from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from linewatch.api.data import table_exists
from linewatch.api.snapshot import memo
from linewatch.storage import Store

#: contacts kept per number (the API never asks for more than this per node)
MAX_PER_NUMBER = 500
#: contacts per number kept as Python tuples once asked for, and the most rows so kept
#: (about 10 MB): the link chart asks for the same busy numbers again and again
CACHED_PER_NUMBER = 50
MAX_CACHED_ROWS = 50_000
Contact = tuple[str, str, int, int, int, dt.datetime, dt.datetime]
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
"""


@dataclass
class Activity:
    """All events a number made or received: how many, first and last."""

    n: int
    first: dt.datetime | None
    last: dt.datetime | None


class ContactIndex:
    """Per-number contact summaries; build with :meth:`load` (or :func:`contact_index`)."""

    def __init__(self, table: pa.Table, spans: dict[str, tuple[int, int]],
                 activity: dict[str, Activity]) -> None:
        self._table = table
        self._spans = spans
        self._activity = activity
        #: Python rows of recently asked numbers (their first CACHED_PER_NUMBER contacts)
        self._rows: dict[str, list[Contact]] = {}
        self._cached_rows = 0

    @classmethod
    def load(cls, store: Store) -> ContactIndex:
        table = store.query_arrow(_PAIRS)
        spans: dict[str, tuple[int, int]] = {}
        activity: dict[str, Activity] = {}
        me = table.column("me").to_pylist()
        totals = table.column("total").to_pylist()
        since, until = table.column("since").to_pylist(), table.column("until").to_pylist()
        start = 0
        for i in range(1, len(me) + 1):
            if i == len(me) or me[i] != me[start]:
                spans[me[start]] = (start, i - start)
                activity[me[start]] = Activity(int(totals[start]), since[start], until[start])
                start = i
        return cls(table.select(list(COLUMNS)), spans, activity)

    def __len__(self) -> int:
        return self._table.num_rows

    def activity(self, number: str) -> Activity:
        return self._activity.get(number, Activity(0, None, None))

    def top(self, numbers: list[str], per_number: int) -> list[Contact]:
        """The ``per_number`` busiest contacts of each of ``numbers``, as
        ``(me, other, n, voice, outgoing, first, last)`` tuples."""
        out: list[Contact] = []
        for number in dict.fromkeys(numbers):
            if per_number <= CACHED_PER_NUMBER:
                out += self._cached(number)[:per_number]
            else:
                out += self._read(number, per_number)
        return out

    def _read(self, number: str, limit: int) -> list[Contact]:
        span = self._spans.get(number)
        if span is None:
            return []
        part = self._table.slice(span[0], min(span[1], limit))
        return list(zip(*(part.column(c).to_pylist() for c in COLUMNS), strict=True))

    def _cached(self, number: str) -> list[Contact]:
        found = self._rows.get(number)
        if found is None:
            found = self._read(number, CACHED_PER_NUMBER)
            if self._cached_rows + len(found) > MAX_CACHED_ROWS:
                self._rows, self._cached_rows = {}, 0  # start again rather than grow
            self._rows[number] = found
            self._cached_rows += len(found)
        return found


def contact_index(store: Store) -> ContactIndex | None:
    """The store's contact index for its current data version (``None`` without ``cdr``)."""
    if not table_exists(store, "cdr"):
        return None
    return memo(store, "contact_index", lambda: ContactIndex.load(store))
