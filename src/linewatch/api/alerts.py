"""Who may read an alert, and reading alerts with an audit entry.

An alert reaches its watch's owner only, and only if the owner's role may see every source
in its evidence; otherwise it is left out entirely (not counted, not mentioned):

- intelligence: the handling-code rule (:func:`linewatch.api.access.may_see_intel`) on the
  source's code and conditions;
- tips and articles: police roles only (:func:`linewatch.api.access.may_see_text`);
- any other record or output: police roles; a partner agency receives only alerts resting on
  safeguarding outputs (``PARTNER_SOURCES``).

The role is the user's role when the alert is read, so a demoted user stops receiving what the
new role may not see. Every read is audited (action ``alerts_read``, the alert ids).
"""

from __future__ import annotations

from typing import Any

from linewatch.api import audit
from linewatch.api.access import POLICE_ROLES, may_see_intel, may_see_text
from linewatch.storage import Store
from linewatch.watch import list_alerts, mark_read

TEXT_SOURCES = frozenset({"tip", "tips", "article", "articles"})
#: outputs whose alerts a partner agency may receive (sanitised by the allowlist on the way)
PARTNER_SOURCES = frozenset({"persons", "safeguarding_list", "entity_redirects"})


def may_see_source(role: str, source: dict[str, Any]) -> bool:
    table = str(source.get("table"))
    if table == "intel":
        return may_see_intel(role, source.get("handling_code"), source.get("handling_conditions"))
    if table in TEXT_SOURCES:
        return may_see_text(role)
    return role in POLICE_ROLES or table in PARTNER_SOURCES


def may_see_alert(role: str, alert: dict[str, Any]) -> bool:
    """Whether ``role`` may see every source the alert rests on."""
    return all(may_see_source(role, e) for e in alert["evidence"])


def alerts_for(store: Store, user: str, role: str, *, unread: bool = False,
               limit: int = 200, audit_read: bool = True) -> list[dict[str, Any]]:
    """The user's alerts their role may see, newest first; the read is audited and noted."""
    shown = [a for a in list_alerts(store, user, unread=unread, limit=limit)
             if may_see_alert(role, a)]
    if audit_read:
        audit.record(store, user, "alerts_read", f"user:{user}",
                     {"alerts": [a["alert_id"] for a in shown]})
        mark_read(store, [a["alert_id"] for a in shown if a["read_at"] is None])
    return shown
