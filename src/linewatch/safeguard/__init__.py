"""Safeguarding, victim first: exploitation risk of children and vulnerable adults, cuckooed
addresses, referral packs and their status, and supervisor overrides of the target list.
"""

from linewatch.safeguard.overrides import (
    add_target_override,
    list_overrides,
    revoke_target_override,
)
from linewatch.safeguard.referral import (
    STATUSES,
    TRANSITIONS,
    build_referral_pack,
    referral_history,
    set_referral_status,
)
from linewatch.safeguard.render import render_referral_html, render_referral_pdf
from linewatch.safeguard.run import Assessment, assess, run

__all__ = [
    "STATUSES", "TRANSITIONS", "Assessment", "add_target_override", "assess",
    "build_referral_pack", "list_overrides", "referral_history", "render_referral_html",
    "render_referral_pdf", "revoke_target_override", "run", "set_referral_status",
]
