"""Telephone numbers, stored as E.164 (``+447700900123``).

Communications data often holds numbers whose range is not known to be allocated, so a number
is accepted when it is *possible* for its country (right length and shape), not only when it is
valid. The default region is GB: ``07700 900123`` means ``+447700900123``.
"""

from __future__ import annotations

import re

import phonenumbers

from linewatch.errors import CleanError

DEFAULT_REGION = "GB"
_WITHHELD = {"withheld", "private", "unknown", "anonymous", "restricted", "n/a", "na", "none"}
_JUNK = re.compile(r"[\s().\-/]")
_UK_MOBILE = re.compile(r"^(?:\+?44|0044|0)(7\d{9})$")


def clean(value: object, region: str = DEFAULT_REGION) -> str:
    """Return the E.164 form of ``value`` or raise :class:`CleanError`."""
    if value is None:
        raise CleanError("phone number is empty")
    text = str(value).strip()
    if not text:
        raise CleanError("phone number is empty")
    if text.lower() in _WITHHELD:
        raise CleanError(f"phone number is withheld ('{text}')")
    compact = _JUNK.sub("", text)
    fast = _UK_MOBILE.match(compact)
    if fast:
        return "+44" + fast.group(1)
    if not re.fullmatch(r"\+?\d{5,17}", compact):
        raise CleanError(f"'{_short(text)}' is not a phone number")
    candidate = compact
    if compact.startswith("00"):
        candidate = "+" + compact[2:]
    elif compact.startswith("44") and len(compact) >= 12:
        candidate = "+" + compact
    try:
        parsed = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        raise CleanError(f"'{_short(text)}' is not a phone number ({exc})") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise CleanError(f"'{_short(text)}' is not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_clean(value: object, region: str = DEFAULT_REGION) -> str | None:
    """Like :func:`clean` but returns ``None`` instead of raising."""
    try:
        return clean(value, region)
    except CleanError:
        return None


def display(e164: str) -> str:
    """Human form for a UK analyst: ``07700 900123`` for GB numbers, international otherwise."""
    parsed = phonenumbers.parse(e164, None)
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 44
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, fmt)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


#: SQL fragment (DuckDB dialect) that normalises the common UK mobile forms without Python.
#: ``{col}`` is replaced by the column expression. Yields NULL when the fast path does not apply.
SQL_FAST_PATH = (
    "CASE WHEN regexp_matches(regexp_replace({col}, '[\\s().\\-/]', '', 'g'), "
    "'^(\\+?44|0044|0)7[0-9]{{9}}$') THEN '+44' || right(regexp_replace({col}, "
    "'[\\s().\\-/]', '', 'g'), 10) END"
)
