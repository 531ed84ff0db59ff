"""Values leaving linewatch for spreadsheets: neutralise formula injection.

A spreadsheet runs a cell as a formula when its first meaningful character is ``=``, ``+``,
``-`` or ``@``. "Meaningful" is wider than it looks: Excel and LibreOffice skip leading
spaces, tabs, line breaks and no-break spaces, and some read the full-width forms (``＝``,
``＋``) as the ASCII signs. So the test looks past any leading whitespace (Unicode's) and
invisible format characters (zero-width characters, the soft hyphen, the byte-order mark) and
compares the compatibility form (NFKC) of the first character that remains.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_FORMULA_SIGNS = frozenset("=+-@")


def _first_meaningful(text: str) -> str:
    for char in text:
        # whitespace, and the invisible format characters (zero-width spaces and joiners,
        # the soft hyphen, the byte-order mark: Unicode category Cf)
        if char.isspace() or unicodedata.category(char) == "Cf":
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
