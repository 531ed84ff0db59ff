"""Displayed scores that keep their order meaningful: rank, band and an unsaturated strength.

Stored scores saturate (a logistic near 1, a risk capped at 1), so twelve entries can all
read "1.00". What a list shows instead is each entry's rank, a band from the stored score,
and a strength that does not saturate (the logistic's input, or the uncapped sum of
contributions); the stored score is kept for the hover text. Stored scores and thresholds
are never changed here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

#: (lower bound of the stored score, band name), highest first
BANDS = ((0.9, "very high"), (0.7, "high"), (0.4, "medium"), (0.0, "low"))


def band(score: float) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def logit(p: float) -> float:
    """The input of the logistic that gave ``p`` (unsaturated; clipped at 1e-9)."""
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def uncapped(contributions: Sequence[Any]) -> float:
    """The sum of contributions before any cap."""
    return sum(float(c.get("contribution") or 0) for c in contributions if isinstance(c, dict))


def display(rows: list[dict[str, Any]], score: Callable[[dict[str, Any]], float],
            strength: Callable[[dict[str, Any]], float], label: str,
            support: Callable[[dict[str, Any]], tuple[int, int]] | None = None
            ) -> list[dict[str, Any]]:
    """Order ``rows`` by stored score, then strength, then support, and give each a
    ``display`` dict: ``rank``, ``of``, ``band``, ``strength`` and ``text`` (e.g. ``very high
    · 2.28``, or ``very high · 2.00 · 5 indicators, 14 items`` when ``support`` counts the
    signs and evidence items behind a score), with ``raw`` the stored score for the hover."""
    def signs(row: dict[str, Any]) -> tuple[int, int]:
        return support(row) if support else (0, 0)

    ordered = sorted(rows, key=lambda r: (-score(r), -strength(r), tuple(-n for n in signs(r))))
    for rank, row in enumerate(ordered, start=1):
        raw = score(row)
        value = strength(row)
        text = f"{band(raw)} · {value:.2f}"
        if support:
            indicators, items = signs(row)
            text += f" · {indicators} indicators, {items} items"
        row["display"] = {"rank": rank, "of": len(ordered), "band": band(raw),
                          "strength": round(value, 3), "raw": raw, "text": text,
                          "support": list(signs(row)) if support else None,
                          "hover": f"stored {label} {raw:.4f}; strength {value:.3f}"}
    return ordered
