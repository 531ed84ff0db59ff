"""Ages in the web app and API: at the analysis reference time, never today's date.

The reference time is the one the latest scoring or safeguarding run recorded (the latest
event in its data, or the ``--as-of`` it was given); without a run, the latest event or call
in the store. Every row with a ``dob`` gets ``age`` and ``child`` from
:func:`linewatch.schema.types.dates.age_at`, so the list, the profile and the referral pack
agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from linewatch.api.snapshot import memo
from linewatch.schema.types.dates import age_at
from linewatch.storage import Store
from linewatch.storage.runs import latest_reference_time

CHILD_AGE = 18


def reference_time(store: Store) -> dt.datetime | None:
    """The analysis reference time (memoised per data version)."""
    return memo(store, "reference_time", lambda: load_reference_time(store))


def load_reference_time(store: Store) -> dt.datetime | None:
    """The analysis reference time, read now (see the module docstring)."""
    recorded = latest_reference_time(store)
    if recorded is not None:
        return recorded
    if not (store.table_exists("events") and store.table_exists("cdr")):
        return None
    from linewatch.people.context import reference_time as latest_in_data

    latest = latest_in_data(store)
    return None if latest == dt.datetime(1970, 1, 1) else latest


def add_ages(store: Store, rows: Iterable[dict[str, Any]], dob_key: str = "dob"
             ) -> None:
    """Set ``age`` and ``child`` (at the reference time) on each row that has ``dob_key``."""
    reference = reference_time(store)
    for row in rows:
        if dob_key not in row:
            continue
        age = age_at(_date(row[dob_key]), reference)
        row["age"] = age
        row["child"] = None if age is None else age < CHILD_AGE


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
