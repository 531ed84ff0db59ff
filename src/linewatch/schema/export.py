"""Values leaving linewatch for spreadsheets: neutralise formula injection."""

from __future__ import annotations

from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula (``=cmd|...``) with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
