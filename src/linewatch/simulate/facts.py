"""The facts a text states, in the shape of ``linewatch extract --json`` plus a few extras.

Truth keeps, for every intel report, tip and article, exactly what its words say: the same
keys as the extraction output (``arrests`` ... ``safeguarded``) and ``nicknames``,
``addresses``, ``line_brands`` and ``reliable`` (false for reports invented by a source).
"""

from __future__ import annotations

from typing import Any

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def empty_facts() -> dict[str, Any]:
    return {"arrests": None, "warrants": None, "cash_gbp": None, "persons": [], "drugs": [],
            "weapons": [], "locations": [], "operation_name": None, "agencies": [],
            "phones": [], "vehicles": [], "safeguarded": None, "nicknames": [],
            "addresses": [], "line_brands": [], "reliable": True}


def add_unique(facts: dict[str, Any], key: str, value: Any) -> None:
    if value not in facts[key]:
        facts[key].append(value)


def count_words(n: int, rng_roll: float) -> str:
    """``n`` as a word (below eleven, most of the time) or as digits."""
    if n < len(NUMBER_WORDS) and rng_roll < 0.7:
        return NUMBER_WORDS[n]
    return str(n)
