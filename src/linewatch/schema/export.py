"""Values leaving linewatch for spreadsheets: neutralise formula injection.

A spreadsheet runs a cell as a formula when its first meaningful character is ``=``, ``+``,
``-`` or ``@``. "Meaningful" is wider than it looks: Excel and LibreOffice skip leading
spaces, tabs, line breaks and no-break spaces, and some read the full-width forms (``＝``,
``＋``) as the ASCII signs. So the test looks past any leading whitespace (Unicode's, plus
zero-width characters and the byte-order mark) and compares the compatibility form (NFKC)
of the first character that remains.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_FORMULA_SIGNS = frozenset("=+-@")
#: characters that are not whitespace to ``str.isspace`` but are invisible at a cell's start
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _first_meaningful(text: str) -> str:
    for char in text:
        if char.isspace() or char in _INVISIBLE:
            continue
        return unicodedata.normalize("NFKC", char)[:1]
    return ""


def is_formula_like(value: str) -> bool:
    """True when a spreadsheet could read ``value`` as a formula (or it starts with a control)."""
    if not value:
        return False
    return value[0] in "\t\r\n" or _first_meaningful(value) in _FORMULA_SIGNS


def safe_csv_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula (``=cmd|...``) with a quote."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
