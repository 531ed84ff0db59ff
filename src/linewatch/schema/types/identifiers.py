"""Unique identifiers on person records: PNC ID, CRO, NHS, NI, passport and driving licence.

Identifiers are kept exactly as written (a records system may hold a foreign passport or an
old layout): :func:`problem` only says why a value does not look like the UK standard, so that
ingest can flag it. :func:`match_key` is the form two records are compared by (upper case, no
spaces, hyphens or slashes), so ``943 476 5919`` and ``9434765919`` are the same NHS number.
"""

from __future__ import annotations

import re

from linewatch.errors import CleanError

_SEPARATORS = re.compile(r"[\s\-/.]")
_NI_PREFIX_BANNED = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
_LAYOUTS = {
    # PNC ID: year (2 or 4 digits), '/', serial of up to 7 digits, check letter
    "pnc_id": (re.compile(r"(\d{2}|\d{4})/\d{1,7}[A-Z]"), "YY/NNNNNNNL"),
    # CRO number: serial of up to 6 digits, '/', 2-digit year, check letter
    "cro_number": (re.compile(r"\d{1,6}/\d{2}[A-Z]"), "NNNNNN/YYL"),
    "ni_number": (re.compile(r"[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D]"), "AA999999A"),
    "passport_number": (re.compile(r"\d{9}"), "9 digits (UK)"),
    "driving_licence": (re.compile(r"[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}"), "16 characters (GB)"),
}
KINDS = ("pnc_id", "cro_number", "nhs_number", "ni_number", "passport_number", "driving_licence")


def match_key(value: str | None) -> str | None:
    """The comparable form of an identifier, or None when it is empty."""
    if value is None:
        return None
    key = _SEPARATORS.sub("", str(value)).upper()
    return key or None


def problem(kind: str, value: str | None) -> str | None:
    """Why ``value`` is not a standard ``kind`` identifier, or None when it is."""
    if kind not in KINDS:
        raise CleanError(f"unknown identifier kind '{kind}'")
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().upper()
    if kind == "nhs_number":
        return _nhs_problem(text)
    pattern, layout = _LAYOUTS[kind]
    compact = re.sub(r"\s", "", text)
    if kind in ("ni_number", "passport_number", "driving_licence"):
        compact = _SEPARATORS.sub("", text)
    if not pattern.fullmatch(compact):
        return f"'{value}' is not in the standard layout ({layout}); kept as written"
    if kind == "ni_number" and compact[:2] in _NI_PREFIX_BANNED:
        return f"'{value}' has a prefix never issued; kept as written"
    return None


def _nhs_problem(text: str) -> str | None:
    digits = _SEPARATORS.sub("", text)
    if not re.fullmatch(r"\d{10}", digits):
        return f"'{text}' is not 10 digits (NHS number); kept as written"
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        return f"'{text}' fails the NHS number check digit; kept as written"
    return None
