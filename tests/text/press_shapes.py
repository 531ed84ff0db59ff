"""Helpers of the press-shape tests: the contract form of an extraction, and its people."""

from __future__ import annotations

from typing import Any

from linewatch.text import extract


def contract(text: str) -> dict[str, Any]:
    """``linewatch extract --json`` of ``text``, as a plain dict."""
    return dict(extract(text).to_contract())


def people(text: str) -> list[tuple[Any, Any, Any]]:
    """(age, sex, town) of every person found, in a stable order."""
    return sorted(((p["age"], p["sex"], p["town"]) for p in contract(text)["persons"]),
                  key=repr)
