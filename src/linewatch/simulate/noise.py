"""Recording noise: how the same fact ends up written differently in different systems.

Every function takes the scenario's noise level ``q`` (0 = clean, 1 = very messy) and draws
from the given generator, so the mess is reproducible.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from linewatch.simulate.names import forename_forms

_ABBREVIATIONS = (("Road", "Rd"), ("Street", "St"), ("Avenue", "Ave"), ("Close", "Cl"),
                  ("Gardens", "Gdns"), ("Crescent", "Cres"), ("Drive", "Dr"), ("Lane", "Ln"),
                  ("Court", "Ct"), ("Terrace", "Ter"), ("Place", "Pl"))
_NEIGHBOURS = {"a": "s", "e": "r", "i": "o", "o": "i", "n": "m", "m": "n", "s": "a", "t": "r",
               "r": "t", "l": "k", "c": "v", "d": "s", "h": "j", "y": "u", "u": "y"}


def typo(text: str, rng: np.random.Generator) -> str:
    """One keyboard slip: a swapped, dropped, doubled or mistyped letter."""
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(4))
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    swap = _NEIGHBOURS.get(text[i].lower())
    return text if swap is None else text[:i] + swap + text[i + 1:]


def surname(value: str, q: float, rng: np.random.Generator) -> str:
    text = typo(value, rng) if rng.random() < q * 0.5 else value
    return text.upper() if rng.random() < 0.3 else text


def forename(value: str, q: float, rng: np.random.Generator) -> str:
    """The formal forename, or sometimes the short form people use (Jayden -> Jay)."""
    forms = forename_forms(value)
    if forms and rng.random() < min(0.6, 0.15 + q * 1.5):
        value = forms[int(rng.integers(len(forms)))]
    elif rng.random() < q * 0.4:
        value = typo(value, rng)
    return value.upper() if rng.random() < 0.3 else value


def date_of_birth(dob: dt.date, q: float, rng: np.random.Generator) -> str:
    """ISO date, sometimes with day and month transposed or the year slipped, or missing."""
    roll = rng.random()
    if roll < q * 0.25:
        return ""
    if roll < q * 0.6 and dob.day <= 12 and dob.day != dob.month:
        dob = dt.date(dob.year, dob.day, dob.month)
    elif roll < q * 0.75:
        dob = dt.date(dob.year + (1 if rng.random() < 0.5 else -1), dob.month,
                      min(dob.day, 28))
    return dob.isoformat()


def address(line1: str, town: str, q: float, rng: np.random.Generator) -> str:
    """An address as someone typed it: abbreviations, flat forms, case, missing town."""
    text = line1
    if rng.random() < 0.3 + q:
        for long, short in _ABBREVIATIONS:
            if text.endswith(long) or f" {long}" in text:
                text = text.replace(long, short)
                break
    if text.startswith("Flat ") and rng.random() < 0.4:
        flat, rest = text[5:].split(", ", 1)
        text = f"{flat}/{rest}" if rng.random() < 0.5 else f"{rest} Flat {flat}"
    if rng.random() > q * 0.5:
        text = f"{text}, {town}"
    if rng.random() < q * 0.5:
        text = typo(text, rng)
    return text.upper() if rng.random() < 0.25 else text


def postcode(value: str, q: float, rng: np.random.Generator) -> str:
    roll = rng.random()
    if roll < q * 0.4:
        return ""
    if roll < 0.2 + q * 0.4:
        return value.replace(" ", "").lower() if rng.random() < 0.5 else value.replace(" ", "")
    return value


def blank(value: str, p: float, rng: np.random.Generator) -> str:
    """``value`` or, with probability ``p``, an empty string."""
    return "" if rng.random() < p else value
