"""Who an export is for: the export stage's :class:`Audience` built from the web app's rules.

The handling-code rule (:func:`linewatch.api.access.may_see_intel`), the partner sanitiser
(:func:`linewatch.api.access.sanitise`) and the roles that see priorities and the target list
(``ANALYSIS_ROLES``) are the same ones every page applies; the CLI's ``linewatch export
--role`` uses this too, so a file made at the command line holds what that role would see.
"""

from __future__ import annotations

import secrets
from typing import Any

from linewatch.api.access import ALL_ROLES, ANALYSIS_ROLES, may_see_intel, sanitise
from linewatch.api.allowlist import Pseudonyms, filtered_role
from linewatch.api.role_filter import customer_numbers
from linewatch.errors import InputError
from linewatch.export import Audience
from linewatch.storage import Store


def audience_for(role: str, store: Store | None = None, key: bytes | None = None) -> Audience:
    """The export audience of ``role`` (one of the web app's roles). For a role whose answers
    are filtered (a partner), members of the public's numbers in ``store`` become the same
    keyed pseudonyms the app shows (``key``: the app's secret key; a fresh one otherwise)."""
    if role not in ALL_ROLES:
        raise InputError(f"unknown role '{role}' (choose {', '.join(sorted(ALL_ROLES))})")

    def intel(code: str | None, conditions: str | None) -> bool:
        return may_see_intel(role, code, conditions)

    def clean(value: Any) -> Any:
        return sanitise(value, role)

    text = (Pseudonyms(customer_numbers(store), key or secrets.token_bytes(32))
            if store is not None and filtered_role(role) else None)
    return Audience(role=role, may_see_intel=intel, sanitise=clean,
                    sees_priorities=role in ANALYSIS_ROLES, text=text)
