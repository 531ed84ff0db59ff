"""Amounts of money in pounds sterling (``£20,000``, ``20k``, ``£1.2m``, ``20000.50``)."""

from __future__ import annotations

import re

from linewatch.errors import CleanError

_MULTIPLIERS = {"k": 1_000.0, "grand": 1_000.0, "m": 1_000_000.0, "million": 1_000_000.0,
                "mil": 1_000_000.0, "bn": 1_000_000_000.0, "billion": 1_000_000_000.0}
_AMOUNT = re.compile(
    r"^(?:gbp|£)?\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)\s*"
    r"(?P<mult>k|grand|m|million|mil|bn|billion)?\s*(?:gbp|pounds?)?$",
    re.IGNORECASE,
)


def clean(value: object) -> float:
    """Return the amount in pounds as a float, or raise :class:`CleanError`."""
    if isinstance(value, bool):
        raise CleanError("money amount is not a number")
    if isinstance(value, int | float):
        amount = float(value)
    else:
        text = "" if value is None else str(value).strip()
        if not text:
            raise CleanError("money amount is empty")
        match = _AMOUNT.match(text)
        if not match:
            raise CleanError(f"'{text[:40]}' is not an amount of money")
        amount = float(match.group("num").replace(",", ""))
        mult = match.group("mult")
        if mult:
            amount *= _MULTIPLIERS[mult.lower()]
    if amount < 0:
        raise CleanError(f"money amount {amount} is negative")
    return amount


def try_clean(value: object) -> float | None:
    try:
        return clean(value)
    except CleanError:
        return None
