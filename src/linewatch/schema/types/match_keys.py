"""Match keys of a person's names and of an address line, computed once per distinct spelling.

Entity resolution (``linewatch.resolve.prepare``) compares records on these keys and the text
stage (``linewatch.text.matching``) matches mentions on the same ones, so a name or address
written two ways agrees in both places.
"""

from __future__ import annotations

import re
from typing import Any

from linewatch.schema.types.names import VariantIndex, name_groups, normalise
from linewatch.schema.types.names import metaphone as _metaphone

_ABBREVIATIONS = {
    "RD": "ROAD", "ST": "STREET", "AVE": "AVENUE", "AV": "AVENUE", "CL": "CLOSE",
    "CRES": "CRESCENT", "CR": "CRESCENT", "DR": "DRIVE", "LN": "LANE", "GDNS": "GARDENS",
    "CT": "COURT", "PL": "PLACE", "SQ": "SQUARE", "TER": "TERRACE", "TERR": "TERRACE",
    "HSE": "HOUSE", "FLT": "FLAT", "APT": "FLAT", "APARTMENT": "FLAT", "GRN": "GREEN",
    "GR": "GROVE", "PK": "PARK", "WY": "WAY", "HL": "HILL", "EST": "ESTATE", "NTH": "NORTH",
    "STH": "SOUTH",
}
_POSTCODE_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")
_ADDR_JUNK = re.compile(r"[^A-Z0-9 ]+")
_NUMBER = re.compile(r"\d")
_HOUSE = re.compile(r"\d+[A-Z]?")
_SLASH_FLAT = re.compile(r"\b(\d+[A-Z]?)\s*/\s*(\d+[A-Z]?)\b")


def forename_keys(raw: str | None,
                  variants: dict[str, list[str]] | VariantIndex) -> dict[str, Any]:
    """forename1/2, initial, Metaphone and variant groups of one recorded forenames value."""
    norm = normalise(raw)
    tokens = norm.split() if norm else []
    first = tokens[0] if tokens else None
    return {
        "forename1": first,
        "forename2": tokens[1] if len(tokens) > 1 else None,
        "forename_initial": first[0] if first else None,
        "forename_phon": _metaphone(first) if first else None,
        "forename_groups": name_groups(first, variants),
    }


def surname_keys(raw: str | None) -> dict[str, Any]:
    """Normalised surname (spaces removed), its initial and Metaphone."""
    norm = normalise(raw)
    joined = norm.replace(" ", "") if norm else None
    return {
        "surname": joined,
        "surname_initial": joined[0] if joined else None,
        "surname_phon": _metaphone(joined) if joined else None,
    }


def _is_street(tokens: list[str]) -> bool:
    """A house number followed by a word: ``23 MEADOW WALK`` (not ``FLA T5``)."""
    return any(_HOUSE.fullmatch(t) and i + 1 < len(tokens) and tokens[i + 1].isalpha()
               for i, t in enumerate(tokens))


def address_keys(raw: str | None) -> dict[str, Any]:
    """Keys of a UK address line: the dwelling, the building and its number.

    ``Flat 6, 10 Hawthorn Dr, Stratford`` and ``6/10 HAWTHORN DRIVE`` both give the dwelling
    ``F6 10 HAWTHORN DRIVE``, the building ``10 HAWTHORN DRIVE`` and number ``10``; the town
    and postcode are dropped, common abbreviations expanded.
    """
    empty = {"addr_key": None, "addr_street": None, "addr_num": None}
    if raw is None:
        return empty
    text = _POSTCODE_IN_TEXT.sub(" ", str(raw).upper())
    text = _SLASH_FLAT.sub(r"FLAT \1, \2", text)
    flat = None
    street = None
    for segment in text.split(","):
        tokens = [_ABBREVIATIONS.get(t, t) for t in _ADDR_JUNK.sub(" ", segment).split()]
        if not tokens:
            continue
        if tokens[0] == "FLAT" and len(tokens) >= 2:
            flat = tokens[1]
            tokens = tokens[2:]
            if not tokens:
                continue
        if street is None and _is_street(tokens):
            street = tokens[next(i for i, t in enumerate(tokens) if _HOUSE.fullmatch(t)):]
    if street is None and flat is not None:
        return empty
    if street is None:
        first = [_ABBREVIATIONS.get(t, t) for t in _ADDR_JUNK.sub(" ", text.split(",")[0]).split()]
        street = first or None
    if not street:
        return empty
    building = " ".join(street)
    numbers = [t for t in street if _NUMBER.search(t)]
    return {"addr_key": f"F{flat} {building}" if flat else building,
            "addr_street": building, "addr_num": numbers[0] if numbers else None}
