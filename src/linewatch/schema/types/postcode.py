"""UK postcodes: upper case, one space before the inward code (``ME4 4QU``).

The rule is written once, as the regular expressions below, in a syntax that Python's ``re``
and RE2 (the regex engine of DuckDB and Spark SQL) read the same way: explicit character
classes and escapes, no ``\\s`` (RE2's ``\\s`` knows no non-breaking space, Python's knows many
more characters). The ingest stage's SQL cleaning builds its SQL from these same constants.
"""

from __future__ import annotations

import re

from linewatch.errors import CleanError

SPACES = r"[ \t\n\r\f\v\xa0]"  # removed anywhere in a written postcode
COMPACT = r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})"  # whole compact value: outward, inward
_SPACES = re.compile(SPACES)
_POSTCODE = re.compile(COMPACT)


def clean(value: object) -> str:
    """Return the postcode in standard form or raise :class:`CleanError`."""
    if value is None:
        raise CleanError("postcode is empty")
    compact = _SPACES.sub("", str(value)).upper()
    if not compact:
        raise CleanError("postcode is empty")
    match = _POSTCODE.fullmatch(compact)
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
