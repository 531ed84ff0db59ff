"""Who an export is for: the export stage's :class:`Audience` built from the web app's rules.

The handling-code rule (:func:`linewatch.api.access.may_see_intel`), the partner sanitiser
(:func:`linewatch.api.access.sanitise`) and the roles that see priorities and the target list
(``ANALYSIS_ROLES``) are the same ones every page applies; the CLI's ``linewatch export
--role`` uses this too, so a file made at the command line holds what that role would see.
"""

from __future__ import annotations

from typing import Any

from linewatch.api.access import ALL_ROLES, ANALYSIS_ROLES, may_see_intel, sanitise
from linewatch.errors import InputError
from linewatch.export import Audience


def audience_for(role: str) -> Audience:
    """The export audience of ``role`` (one of the web app's roles)."""
    if role not in ALL_ROLES:
        raise InputError(f"unknown role '{role}' (choose {', '.join(sorted(ALL_ROLES))})")

    def intel(code: str | None, conditions: str | None) -> bool:
        return may_see_intel(role, code, conditions)

    def clean(value: Any) -> Any:
        return sanitise(value, role)

    return Audience(role=role, may_see_intel=intel, sanitise=clean,
                    sees_priorities=role in ANALYSIS_ROLES)
