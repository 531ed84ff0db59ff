"""Drug classes under the Misuse of Drugs Act 1971 (A, B, C) and common street names."""

from __future__ import annotations

import re

from linewatch.errors import CleanError

CLASSES = ("A", "B", "C")

#: Common names and slang mapped to their usual class. Forces can extend it in configuration.
DRUG_CLASS: dict[str, str] = {
    "heroin": "A", "brown": "A", "crack": "A", "crack cocaine": "A", "white": "A",
    "cocaine": "A", "coke": "A", "mdma": "A", "ecstasy": "A", "lsd": "A", "methadone": "A",
    "fentanyl": "A", "methamphetamine": "A", "crystal meth": "A", "magic mushrooms": "A",
    "cannabis": "B", "weed": "B", "skunk": "B", "ketamine": "B", "amphetamine": "B",
    "speed": "B", "spice": "B", "synthetic cannabinoids": "B", "codeine": "B", "mephedrone": "B",
    "diazepam": "C", "benzodiazepines": "C", "valium": "C", "anabolic steroids": "C",
    "ghb": "C", "gbl": "C", "khat": "C", "pregabalin": "C", "tramadol": "C",
}


def clean(value: object) -> str:
    """Return ``A``, ``B`` or ``C`` for a class written as ``A``, ``class a``, ``Class B``."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise CleanError("drug class is empty")
    match = re.fullmatch(r"(?:class\s*)?([abc])", text, re.IGNORECASE)
    if not match:
        raise CleanError(f"'{text[:30]}' is not a drug class (A, B or C)")
    return match.group(1).upper()


def class_of(name: str) -> str | None:
    """The usual class of a drug name, or ``None`` when unknown."""
    return DRUG_CLASS.get(name.strip().lower())
