"""What each role may receive: the per-role allowlist of response fields, declared once.

Every JSON answer the API gives passes through :class:`linewatch.api.role_filter.RoleFilter`,
which applies :func:`allowed` for the signed-in user's role; routes do not call it. A role
without an entry in :data:`ALLOWLISTS` (every police role) receives answers unchanged. For a
role with an entry (``partner``), an answer is walked to any depth and:

* a key is kept when it is in the role's ``fields``, or in the extra fields of the route that
  answered (``routes``, keyed by the route's path template);
* a key whose value is a number, a boolean or ``null`` is kept under any name: counts, scores,
  weights and coordinates carry no identifier (every identifier the store holds, from event
  ids to IMEIs and phone numbers, is text);
* every other key is dropped with its whole value;
* in the strings that remain, a run of 14 to 16 digits (an IMEI, IMEISV or IMSI) becomes
  ``[withheld]``, and a customer's phone number (a number whose only role on any line is
  ``customer``) becomes a keyed pseudonym (``customer-1a2b3c4d``), the same throughout one
  answer so a chart's edges still meet their nodes;
* routes in ``described`` describe the application (its data model, the signed-in user, the
  configuration), not records: their keys are kept, their strings still checked.

Adding a field for partners: add its name to ``PARTNER.fields`` (any route) or to the route's
entry in ``PARTNER.routes`` (one route only), with a word on why a partner needs it. The
property test ``tests/api/test_partner_allowlist.py`` calls every route as a partner and fails
on any text field outside this list and on any identifier from the store.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from linewatch.ops.sanitise import EVIDENCE_KEYS

#: replaces IMEIs, IMEISVs and IMSIs in partner text (never part of a number starting ``+``)
WITHHELD = "[withheld]"
HANDSET_ID = re.compile(r"(?<![\d+])\d{14,16}(?!\d)")
#: candidates for phone numbers inside text: E.164 or a national form with spaces
PHONE_LIKE = re.compile(r"\+?\d[\d ]{8,16}\d")


@dataclass(frozen=True)
class Allowlist:
    """The text fields one role may receive, everywhere and per route."""

    fields: frozenset[str]
    routes: dict[str, frozenset[str]] = field(default_factory=dict)
    described: frozenset[str] = frozenset()

    def fields_for(self, route: str | None) -> frozenset[str]:
        return self.fields | self.routes.get(route or "", frozenset())


_OPERATION_PACKAGE = frozenset({
    # the partner force's part of an operation (ops/sanitise.py decides its content)
    "operation", "operation_id", "name", "planned_at", "status", "approved_at", "force",
    "notice", "generated_at", "forces", "region", "address_ids", "warnings", "message",
    "reasons", "reason", "kind", "risk_flags", "flag", "label", "people", "occupants",
    "look_for", "items", "safeguarding_plan", "referral_pack", "contact", "line_ids",
    "line_roles", "entry_at", "day_status", "day_status_at", "a", "b", "evidence", "note",
    "address_id", "why", "photo", "category", "attending", "agencies_to_notify",
    # the phones to look for keep their handsets' place, but each IMEI reads [withheld]
    "imeis", *EVIDENCE_KEYS,
})

PARTNER = Allowlist(
    fields=frozenset({
        # containers: lists and objects whose members are checked in turn
        "activity", "addresses", "cells", "cuckooed_addresses", "cuckooing", "edges", "events",
        "items", "lines", "line", "network", "links", "nodes", "people", "person", "persons",
        "phones", "points", "movements", "reads", "reference", "residents", "results",
        "roles", "scores", "priority", "components", "exploitation", "indicators",
        "trap_addresses", "contributions", "explanation", "score", "features", "data",
        "harm", "recency", "frequency", "violence", "disruption", "role", "value", "groups",
        # people: who is at risk or involved, as a social worker would need to know them
        "person_id", "display_name", "forenames", "surname", "nicknames", "name", "dob",
        "sex", "note", "link",
        # places and times
        "address", "postcode", "area", "site_name", "cell_id", "at", "day", "hour", "first",
        "last", "first_seen", "last_seen", "occurred_at", "reference_time",
        # what happened (type, offence and outcome; never the event's id or its source)
        "event_type", "offence", "outcome",
        # lines and their numbers (customers' numbers are pseudonymised, see above)
        "line_id", "trap_line", "number", "numbers", "current_number", "a", "b",
        "number_a", "number_b", "link_type", "display", "kept_apart", "continuity_rule",
        "score_rule", "component", "meaning",
        # charts, search and timelines: structure and labels
        "id", "key", "label", "type", "kind", "source", "target", "center", "order",
        "entity", "q", "sub", "vrm", "camera_id",
        # explanations people read: the one-sentence summary (its evidence tables are not
        # listed, so a partner never gets them) and the calibrated displayed score
        "why", "summary", "band", "hover", "text", "support", "variants", "merges_why",
    }),
    routes={
        "/api/export": frozenset({"formats", "title", "suffix"}),  # the download menu
        "/api/operations": frozenset({"data", "operation_id", "name", "planned_at", "status",
                                      "approved_at", "forces"}),
        "/api/operations/{operation_id}": _OPERATION_PACKAGE,
        "/api/operations/{operation_id}/export": _OPERATION_PACKAGE,
        # a partner's own API tokens (the account page): the credential, never a record
        "/api/tokens": frozenset({"tokens", "token_id", "token", "user", "use", "user_name",
                                  "created_at", "created_by", "revoked_at", "revoked_by"}),
        "/api/tokens/{token_id}": frozenset({"token_id", "user_name"}),
    },
    described=frozenset({"/api/model", "/api/config", "/api/auth/me", "/api/auth/csrf"}),
)

#: roles whose answers are filtered; every other role receives answers unchanged
ALLOWLISTS: dict[str, Allowlist] = {"partner": PARTNER}


def filtered_role(role: str | None) -> bool:
    return role in ALLOWLISTS


class Pseudonyms:
    """Customers' phone numbers in text, replaced by a keyed pseudonym."""

    def __init__(self, customers: frozenset[str], key: bytes) -> None:
        self.customers = customers
        self.key = key
        self._national: dict[str, str] = {}
        for number in customers:  # the national form a page shows (07700 900123)
            if number.startswith("+44"):
                self._national[_digits("0" + number[3:])] = number

    def token(self, number: str) -> str:
        digest = hmac.new(self.key, number.encode(), hashlib.sha256).hexdigest()[:8]
        return f"customer-{digest}"

    def __call__(self, text: str) -> str:
        if not self.customers:
            return text
        return PHONE_LIKE.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        digits = _digits(found)
        number = ("+" + digits) if found.startswith("+") else self._national.get(digits)
        if number is not None and number in self.customers:
            return self.token(number)
        return found


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def allowed(value: Any, role: str, route: str | None = None,
            pseudonyms: Callable[[str], str] | None = None) -> Any:
    """``value`` as ``role`` may receive it from ``route`` (unchanged for police roles)."""
    rules = ALLOWLISTS.get(role)
    if rules is None:
        return value
    clean = _Scrubber(pseudonyms or (lambda text: text))
    if route in rules.described:
        return _texts(value, clean)
    return _walk(value, rules.fields_for(route), clean)


class _Scrubber:
    """Handset ids withheld and customers pseudonymised in one string; most strings hold no
    long run of digits and are returned at once, and repeats (a chart names each node in
    its edges too) are answered from a per-answer cache."""

    def __init__(self, pseudonyms: Callable[[str], str]) -> None:
        self.pseudonyms = pseudonyms
        self.done: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if not _CANDIDATE.search(text):
            return text
        found = self.done.get(text)
        if found is None:
            found = self.pseudonyms(HANDSET_ID.sub(WITHHELD, text))
            self.done[text] = found
        return found


#: what either rule could touch: nine or more digits, spaces allowed between them
_CANDIDATE = re.compile(r"\d[\d ]{7,}\d")


def _scrub(text: str, clean: Callable[[str], str]) -> str:
    return clean(text)


def _is_measure(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float)


def _walk(value: Any, fields: frozenset[str], clean: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return {_scrub(k, clean) if isinstance(k, str) else k: _walk(v, fields, clean)
                for k, v in value.items() if k in fields or _is_measure(v)}
    if isinstance(value, list):
        return [_walk(v, fields, clean) for v in value]
    if isinstance(value, str):
        return _scrub(value, clean)
    return value


def _texts(value: Any, clean: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return {k: _texts(v, clean) for k, v in value.items()}
    if isinstance(value, list):
        return [_texts(v, clean) for v in value]
    if isinstance(value, str):
        return _scrub(value, clean)
    return value
