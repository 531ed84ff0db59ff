"""Numbers, money and quantities as they are written in police and news text.

``parse_number`` reads digits ("1,468", "2.3") and words ("seven", "Thirty-four", "a dozen").
``parse_money`` reads "£20,000", "£35k", "£1.2 million", "20 grand". ``normalise_quantity``
writes drug quantities in one form: masses as "2kg", "300g", "1oz"; counts as "50 wraps".
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_UNIT_RE = "|".join(sorted(UNITS, key=len, reverse=True))
_TENS_RE = "|".join(TENS)
_BELOW_100 = rf"(?:(?:{_TENS_RE})(?:[- ](?:{_UNIT_RE}))?|{_UNIT_RE})"
NUM_WORDS = (
    rf"(?:{_BELOW_100}(?:\s+hundred(?:\s+and\s+{_BELOW_100})?)?(?:\s+thousand)?|a\s+dozen|dozen"
    rf"|a\s+hundred|a\s+thousand)"
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# A number in digits or words; use with re.IGNORECASE.
NUM = rf"(?:{DIGITS}|\b{NUM_WORDS}\b)"

_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6,
    "bn": 1e9, "billion": 1e9,
}

MONEY_RE = re.compile(
    rf"£\s?(?P<num>{DIGITS})(?:\s?(?P<mult>k|m|mn|bn|million|thousand|billion|grand)\b)?"
    rf"|\b(?P<num2>{DIGITS}|{NUM_WORDS}|a)\s?(?P<mult2>grand)\b"
    rf"|\b(?P<num3>{DIGITS})\s?(?P<mult3>k)\b(?=\s+(?:in\s+)?(?:cash|notes))"
    rf"|\b(?P<num4>{DIGITS}|{NUM_WORDS})\s+pounds\b",
    re.IGNORECASE,
)

_MASS_UNITS = {
    "kg": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg",
    "kilogramme": "kg", "kilogrammes": "kg", "g": "g", "gram": "g", "grams": "g",
    "gramme": "g", "grammes": "g", "oz": "oz", "ounce": "oz", "ounces": "oz", "tonne": "t",
    "tonnes": "t", "lb": "lb", "lbs": "lb",
}
COUNT_UNITS = (
    "wraps", "wrap", "bags", "bag", "deals", "deal", "tablets", "tablet", "pills", "pill",
    "plants", "plant", "bars", "bar", "blocks", "block", "bundles", "bundle", "packages",
    "package", "packets", "packet", "parcels", "parcel", "rocks", "rock", "bottles", "bottle",
    "vials", "vial", "capsules", "capsule", "wraps of", "bricks", "brick", "cling-film wraps",
)
_MASS_RE = "|".join(sorted(_MASS_UNITS, key=len, reverse=True))
_COUNT_RE = "|".join(sorted({u for u in COUNT_UNITS if " " not in u}, key=len, reverse=True))
QUANTITY_RE = re.compile(
    rf"(?P<num>{NUM}|half\s+an?|an?)\s?-?(?P<mass>{_MASS_RE})\b"
    rf"|(?P<cnum>{NUM})\s+(?:(?:small|large|individual|cling-?film|snap|plastic|deal)\s+)?"
    rf"(?P<count>{_COUNT_RE})\b",
    re.IGNORECASE,
)


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or English words, or None."""
    s = text.strip().lower().replace("-", " ")
    s = re.sub(r"\s+", " ", s)
    if not s:
        return None
    if re.fullmatch(DIGITS, s):
        return float(s.replace(",", ""))
    if s in {"a", "an", "one"}:
        return 1.0
    if s.startswith("half"):
        return 0.5
    if s in {"a dozen", "dozen"}:
        return 12.0
    total, current = 0, 0
    for word in s.split():
        if word in {"and", "a"}:
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return float(total + current)


def parse_int(text: str) -> int | None:
    value = parse_number(text)
    if value is None or value != int(value):
        return None
    return int(value)


def money_value(match: re.Match[str]) -> float | None:
    """The amount in pounds of a ``MONEY_RE`` match."""
    for num_key, mult_key in (("num", "mult"), ("num2", "mult2"), ("num3", "mult3"),
                              ("num4", None)):
        raw = match.group(num_key)
        if raw is None:
            continue
        value = parse_number(raw)
        if value is None:
            return None
        mult = match.group(mult_key) if mult_key else None
        if mult:
            value *= _MULTIPLIERS[mult.lower()]
        return value
    return None


def parse_money(text: str) -> float | None:
    """The amount in pounds written in ``text`` ("£1.2 million" -> 1200000.0), or None."""
    match = MONEY_RE.search(text)
    return money_value(match) if match else None


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def normalise_quantity(match: re.Match[str]) -> tuple[float, str, str] | None:
    """(value, unit, normalised text) for a ``QUANTITY_RE`` match."""
    if match.group("mass"):
        value = parse_number(match.group("num"))
        if value is None:
            return None
        unit = _MASS_UNITS[match.group("mass").lower()]
        return value, unit, f"{_fmt(value)}{unit}"
    value = parse_number(match.group("cnum"))
    if value is None:
        return None
    unit = match.group("count").lower()
    if value != 1 and not unit.endswith("s"):
        unit += "s"
    return value, unit, f"{_fmt(value)} {unit}"


def as_json_number(value: float | None) -> int | float | None:
    """20000.0 -> 20000; keeps fractions (1.5 stays 1.5)."""
    if value is None:
        return None
    return int(value) if value == int(value) else value
