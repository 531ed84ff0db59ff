"""GB vehicle registration marks (VRMs).

Stored without spaces in upper case (``AB12CDE``); :func:`display` gives ``AB12 CDE``. Current
(2001-) marks are checked strictly: two letters, a two-digit age identifier (March: YY,
September: YY+50) and three letters without I or Q. Older and personalised marks are accepted
when they are 2-7 letters and digits, because ANPR and police systems hold them too.

The accepting rule (``SEPARATORS``, ``ANY``, ``LETTER``) is written in a syntax Python's ``re``
and RE2 (DuckDB, Spark SQL) read alike; the ingest stage's SQL cleaning is built from it.
"""

from __future__ import annotations

import re

from linewatch.errors import CleanError

SEPARATORS = r"[ \t\n\r\f\v\xa0-]"  # removed anywhere in a written mark
ANY = r"[A-Z0-9]{2,7}"  # the whole compact mark
LETTER = r"[A-Z]"  # ... which holds at least one letter
CURRENT = re.compile(r"^[A-HJ-PR-Y][A-HJ-PR-Y](0[1-9]|[1-9][0-9])[A-HJ-PR-Z]{3}$")
_SEPARATORS = re.compile(SEPARATORS)
_ANY = re.compile(ANY)
_LETTER = re.compile(LETTER)


def clean(value: object, strict: bool = False) -> str:
    """Return the compact mark or raise :class:`CleanError`."""
    if value is None:
        raise CleanError("number plate is empty")
    compact = _SEPARATORS.sub("", str(value)).upper()
    if not compact:
        raise CleanError("number plate is empty")
    if CURRENT.match(compact):
        return compact
    if strict or not _ANY.fullmatch(compact) or not _LETTER.search(compact):
        raise CleanError(f"'{str(value)[:20]}' is not a GB number plate")
    return compact


def try_clean(value: object) -> str | None:
    try:
        return clean(value)
    except CleanError:
        return None


def display(vrm: str) -> str:
    """``AB12CDE`` -> ``AB12 CDE`` for current marks; others unchanged."""
    return f"{vrm[:4]} {vrm[4:]}" if CURRENT.match(vrm) else vrm


def is_current_format(vrm: str) -> bool:
    return bool(CURRENT.match(vrm))
