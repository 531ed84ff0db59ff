"""Who may see what: roles, the handling-code rule for intelligence, and partner sanitising.

Roles (highest first): ``admin``, ``supervisor``, ``analyst``, ``safeguarding`` (safeguarding
officer) and ``partner`` (read-only, sanitised; a partner agency such as social care).

Handling codes (3x5x2): intelligence graded ``P`` may be seen by every police role; intelligence
graded ``C`` (sharing with conditions) is shown by this rule, applied to its conditions text:

* admins and supervisors always see it;
* analysts see it unless the conditions keep it from them: "supervisor(s) only", "SIO only",
  "restricted to the SIO", "not to be shared with analysts", "no analysts" (conditions about
  onward dissemination outside the force do not hide it from the force's own analysts);
* safeguarding officers see it only when the conditions explicitly allow safeguarding
  ("may be shared for safeguarding", "safeguarding purposes") and do not restrict it;
* partners never see any intelligence or tip text, nor any source detail.

A hidden item is left out entirely (it is not counted or mentioned), so its existence does not
leak either.
"""

from __future__ import annotations

import re
from typing import Any

ROLES = ("admin", "supervisor", "analyst", "safeguarding", "partner")
POLICE_ROLES = frozenset({"admin", "supervisor", "analyst", "safeguarding"})
INTEL_ROLES = frozenset({"admin", "supervisor", "analyst", "safeguarding"})
ANALYSIS_ROLES = frozenset({"admin", "supervisor", "analyst"})
AUDIT_ROLES = frozenset({"admin", "supervisor"})
ALL_ROLES = frozenset(ROLES)

ROLE_LABELS = {
    "admin": "Administrator", "supervisor": "Supervisor", "analyst": "Analyst",
    "safeguarding": "Safeguarding officer", "partner": "Partner agency (sanitised)",
}

_SENIOR = (r"(?:supervisors?|sio|senior investigating officer|dci|inspectors?|"
           r"officer in charge|oic)")
_RESTRICTED = re.compile(
    rf"\b{_SENIOR}\s+only\b|\brestricted\s+to\s+(?:the\s+)?{_SENIOR}\b"
    r"|\bnot\s+(?:to\s+be\s+)?(?:shared|disclosed|disseminated|passed|shown)\s+"
    r"(?:with|to)\s+analysts?\b|\bno\s+analysts?\b|\bnot\s+for\s+analysts?\b",
    re.IGNORECASE,
)
_SAFEGUARDING_OK = re.compile(
    r"\b(?:may|can)\s+be\s+(?:shared|disclosed|used)\s+(?:\w+\s+){0,4}safeguarding\b"
    r"|\bfor\s+safeguarding\s+purposes\b|\bshare\s+with\s+safeguarding\b",
    re.IGNORECASE,
)


def may_see_intel(role: str, handling_code: str | None, conditions: str | None) -> bool:
    """Apply the handling-code rule above to one intelligence report."""
    if role not in INTEL_ROLES:
        return False
    code = (handling_code or "P").strip().upper()
    if code != "C":
        return True
    if role in {"admin", "supervisor"}:
        return True
    text = conditions or ""
    restricted = bool(_RESTRICTED.search(text))
    if role == "analyst":
        return not restricted
    # safeguarding officers
    return bool(_SAFEGUARDING_OK.search(text)) and not restricted


def may_see_text(role: str) -> bool:
    """Intelligence and tip free text is never shown to partners."""
    return role in POLICE_ROLES


#: Keys removed (at any depth) from everything a partner receives: record-level source detail.
PARTNER_HIDDEN_KEYS = frozenset({
    "source_system", "record_id", "records", "identities", "_batch", "_file", "_row",
    "evidence_refs", "source_evaluation", "intelligence_assessment", "handling_code",
    "handling_conditions", "intel", "tips", "text", "detail", "imei", "imsi", "merges",
    "subscriber", "evidence", "refs", "snippet", "detail_text",
})


def sanitise(value: Any, role: str) -> Any:
    """Return ``value`` with source detail and free text removed when ``role`` is a partner."""
    if role != "partner":
        return value
    return _strip(value)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in PARTNER_HIDDEN_KEYS
                and not (k == "table" and isinstance(v, str))}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value
