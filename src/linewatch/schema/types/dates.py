"""Dates and times.

Times are ISO 8601. With an offset or ``Z`` they mean that instant; naive times are Europe/London
wall-clock time. linewatch stores every instant as a naive UTC ``datetime``.
Dates are ``YYYY-MM-DD``; :func:`clean_date` also takes a strptime ``fmt`` for mapped layouts.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from linewatch.errors import CleanError

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clean_datetime(value: object, fmt: str | None = None) -> dt.datetime:
    """Return a naive UTC datetime for ``value`` or raise :class:`CleanError`."""
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        text = "" if value is None else str(value).strip()
        if not text:
            raise CleanError("time is empty")
        try:
            if fmt:
                parsed = dt.datetime.strptime(text, fmt)
            else:
                parsed = dt.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError as exc:
            raise CleanError(f"'{text[:40]}' is not a valid time ({exc})") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed.astimezone(UTC).replace(tzinfo=None)


def clean_date(value: object, fmt: str | None = None) -> dt.date:
    """Return a date or raise :class:`CleanError` (impossible dates such as 2021-02-30 fail)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        raise CleanError("date is empty")
    try:
        if fmt:
            return dt.datetime.strptime(text, fmt).date()
        if not _ISO_DATE.match(text):
            raise ValueError("expected YYYY-MM-DD")
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CleanError(f"'{text[:40]}' is not a valid date ({exc})") from exc


def to_london(utc_naive: dt.datetime) -> dt.datetime:
    """Naive UTC -> naive Europe/London wall time (for night-time features and display)."""
    return utc_naive.replace(tzinfo=UTC).astimezone(LONDON).replace(tzinfo=None)


def age_on(dob: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def age_at(dob: dt.date | None, reference: dt.datetime | dt.date | None) -> int | None:
    """Whole years of age at the analysis reference time (``None`` if either is unknown).

    The one age every view uses (web, API, CLI, referral packs): ages are those at the
    reference time of the analysis (the latest event in its data, or ``--as-of``), never
    today's, so a 16-year-old in last year's data is shown as 16.
    """
    if dob is None or reference is None:
        return None
    day = reference.date() if isinstance(reference, dt.datetime) else reference
    return age_on(dob, day)


#: DuckDB SQL that turns an ISO text column into naive UTC; ``{col}`` is the column.
SQL_ISO_TO_UTC = (
    "CASE WHEN regexp_matches(trim({col}), '([zZ]|[+-][0-9]{{2}}(:?[0-9]{{2}})?)$') "
    "THEN CAST(timezone('UTC', try_cast(trim({col}) AS TIMESTAMPTZ)) AS TIMESTAMP) "
    "ELSE CAST(timezone('UTC', timezone('Europe/London', try_cast(trim({col}) AS TIMESTAMP))) "
    "AS TIMESTAMP) END"
)
