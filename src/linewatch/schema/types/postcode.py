"""UK postcodes: upper case, one space before the inward code (``ME4 4QU``)."""

from __future__ import annotations

import re

from linewatch.errors import CleanError

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def clean(value: object) -> str:
    """Return the postcode in standard form or raise :class:`CleanError`."""
    if value is None:
        raise CleanError("postcode is empty")
    compact = re.sub(r"\s+", "", str(value)).upper()
    if not compact:
        raise CleanError("postcode is empty")
    match = _POSTCODE.match(compact)
    if not match:
        shown = str(value)[:40]
        raise CleanError(f"'{shown}' is not a UK postcode")
    return f"{match.group(1)} {match.group(2)}"


def try_clean(value: object) -> str | None:
    try:
        return clean(value)
    except CleanError:
        return None


def outward(postcode: str) -> str:
    """The outward code (``ME4`` of ``ME4 4QU``)."""
    return clean(postcode).split(" ")[0]


def area(postcode: str) -> str:
    """The postcode area letters (``ME`` of ``ME4 4QU``)."""
    match = re.match(r"[A-Z]+", clean(postcode))
    return match.group(0) if match else ""
