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
* partners never see any intelligence or tip text, nor any source detail: what they may
  receive is the allowlist in :mod:`linewatch.api.allowlist`, applied to every answer.

A hidden item is left out entirely (it is not counted or mentioned), so its existence does not
leak either.
"""

from __future__ import annotations

import re
from typing import Any

from linewatch.api.allowlist import allowed

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


def sanitise(value: Any, role: str) -> Any:
    """``value`` trimmed to ``role``'s allowlist (:mod:`linewatch.api.allowlist`).

    Every answer already passes through that allowlist on its way out
    (:class:`linewatch.api.role_filter.RoleFilter`); a route may call this to trim early.
    """
    return allowed(value, role)
