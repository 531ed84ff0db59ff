"""Referral packs and referral status.

A pack holds what a child safeguarding referral (Working Together 2023) and a National Referral
Mechanism referral need: identity, address, school, carers and household, the concern with its
indicators, evidence and dates, immediate risk, the child's views, existing assessments,
agencies involved, whether carers were told, and the referrer. Fields only the officer can
fill (the child's views, whether carers were told, the referrer) are left blank on purpose:
linewatch never invents them, and a referral is never anonymous.

Referral status is an append-only log in ``referrals``: every change is a new row, so the
history is kept. Allowed transitions: drafted -> sent -> reasonable_grounds ->
conclusive_grounds, and sent or reasonable_grounds -> not_upheld.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from linewatch.errors import LinewatchError, NotFound
from linewatch.people.context import address_key
from linewatch.storage import Store, identities
from linewatch.vocabulary import REFERRAL_STATUSES

STATUSES = REFERRAL_STATUSES
TRANSITIONS: dict[str | None, tuple[str, ...]] = {
    None: ("drafted",),
    "drafted": ("sent",),
    "sent": ("reasonable_grounds", "not_upheld"),
    "reasonable_grounds": ("conclusive_grounds", "not_upheld"),
    "conclusive_grounds": (),
    "not_upheld": (),
}
OFFICER_FIELD = ""  # left blank for the officer to complete
SECTIONS = ("referral", "identity", "address", "school", "household", "concern",
            "immediate_risk", "childs_views", "existing_assessments", "agencies_involved",
            "carers_informed", "referrer", "legal_notes", "status")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or {})


def build_referral_pack(store: Store, person_id: str) -> dict[str, Any]:
    """Everything a safeguarding / NRM referral for ``person_id`` needs, as a dict."""
    person = store.query_dicts("SELECT * FROM persons WHERE person_id = ?", [person_id]) \
        if store.table_exists("persons") else []
    if not person:
        raise NotFound(f"no person '{person_id}'")
    p = person[0]
    assessed = store.query_dicts(
        "SELECT exploitation_risk, safeguarding_flag, indicators, run_id "
        "FROM person_exploitation WHERE person_id = ?", [person_id]) \
        if store.table_exists("person_exploitation") else []
    data = _json(assessed[0]["indicators"]) if assessed else {}
    indicators = data.get("indicators", [])
    age, child = data.get("age"), bool(data.get("child"))
    records = store.query_dicts(
        "SELECT pr.source_system, pr.record_id, n.attrs FROM person_records pr "
        "LEFT JOIN nominals n ON n.source_system = pr.source_system "
        "AND n.record_id = pr.record_id WHERE pr.person_id = ? ORDER BY 1, 2", [person_id]) \
        if store.table_exists("person_records") else []
    attrs = [_json(r["attrs"]) for r in records]
    events = store.query_dicts(
        "SELECT e.source_system, e.event_id, e.event_type, e.occurred_at, e.offence, "
        "e.outcome, e.detail FROM events e JOIN person_records pr ON "
        "pr.source_system = e.source_system AND pr.record_id = e.record_id "
        "WHERE pr.person_id = ? ORDER BY e.occurred_at", [person_id]) \
        if store.table_exists("person_records") else []
    names = {i["name"] for i in indicators}
    return {
        "referral": {
            "type": ("Child safeguarding referral and National Referral Mechanism (child: no "
                     "consent needed)" if child else
                     "National Referral Mechanism (adult: consent needed; otherwise a Duty to "
                     "Notify report)"),
            "person_id": person_id, "generated_at": _now().isoformat(sep=" "),
            "analysis_run": assessed[0]["run_id"] if assessed else None,
            "reference_time": data.get("reference_time"),
        },
        "identity": {"name": p.get("display_name"), "forenames": p.get("forenames"),
                     "surname": p.get("surname"), "dob": str(p["dob"]) if p.get("dob") else None,
                     "age_at_reference": age, "child": child,
                     "nicknames": list(p.get("nicknames") or []),
                     "phones": list(p.get("phones") or []),
                     "source_records": [[r["source_system"], r["record_id"]] for r in records]},
        "address": {"address": p.get("address"), "postcode": p.get("postcode")},
        "school": _first(attrs, "school") or OFFICER_FIELD,
        "household": _household(store, p, attrs),
        "concern": {
            "summary": data.get("note") or "No safeguarding flag from the latest analysis.",
            "exploitation_risk": assessed[0]["exploitation_risk"] if assessed else None,
            "safeguarding_flag": bool(assessed[0]["safeguarding_flag"]) if assessed else False,
            "indicators": indicators,
        },
        "immediate_risk": _immediate_risk(names, events),
        "childs_views": OFFICER_FIELD,
        "existing_assessments": [
            {"source_system": e["source_system"], "event_id": e["event_id"],
             "event_type": e["event_type"], "date": str(e["occurred_at"]),
             "detail": e["detail"]}
            for e in events if e["event_type"] in ("referral", "welfare_check")],
        "agencies_involved": sorted({r["source_system"] for r in records}
                                    | {e["source_system"] for e in events}),
        "carers_informed": OFFICER_FIELD,
        "referrer": {"name": OFFICER_FIELD, "role": OFFICER_FIELD, "organisation": OFFICER_FIELD,
                     "contact": OFFICER_FIELD,
                     "note": "To be completed by the referring officer; referrals are never "
                             "anonymous."},
        "legal_notes": _legal_notes(child, events),
        "status": referral_history(store, person_id),
    }


def _first(attrs: list[dict[str, Any]], key: str) -> str | None:
    for a in attrs:
        if isinstance(a, dict) and a.get(key):
            return str(a[key])
    return None


def _household(store: Store, p: dict[str, Any], attrs: list[dict[str, Any]]) -> dict[str, Any]:
    key = address_key(p.get("address"), p.get("postcode"))
    members = []
    if key:
        for other in store.query_dicts(
                "SELECT person_id, display_name, address, postcode FROM persons "
                "WHERE person_id <> ? AND postcode IS NOT DISTINCT FROM ? ORDER BY person_id",
                [p["person_id"], p.get("postcode")]):
            if address_key(other["address"], other["postcode"]) == key:
                members.append({"person_id": other["person_id"], "name": other["display_name"]})
    return {"carers": _first(attrs, "carers") or _first(attrs, "carer") or OFFICER_FIELD,
            "recorded_at_same_address": members}


def _immediate_risk(names: set[str], events: list[dict[str, Any]]) -> dict[str, Any]:
    reasons = []
    if "found_far_from_home" in names or "missing_episodes" in names:
        reasons.append("missing episodes / found far from home")
    if "drugs_or_weapons_as_child" in names or "cash_or_drugs_far_from_home" in names:
        reasons.append("carrying drugs, cash or weapons for a line")
    if "older_associates" in names or "child_linked_to_line" in names:
        reasons.append("in contact with a line and its older controllers")
    level = "high" if len(reasons) >= 2 else ("medium" if reasons else "not assessed")
    latest = events[-1]["occurred_at"] if events else None
    return {"assessment": level, "reasons": reasons,
            "latest_event": str(latest) if latest else None,
            "officer_assessment": OFFICER_FIELD}


def _legal_notes(child: bool, events: list[dict[str, Any]]) -> list[str]:
    notes = []
    if child:
        notes.append("Children do not need to consent to an NRM referral.")
    else:
        notes.append("Adults must consent to an NRM referral; without consent a Duty to "
                     "Notify report is made.")
    if any(e["offence"] for e in events):
        notes.append("Arrested or suspected of offences: consider the s.45 Modern Slavery Act "
                     "2015 defence (under-18s: no compulsion needed); drug supply is not an "
                     "excluded offence (Schedule 4). Treat as a victim first.")
    notes.append("Reasonable Grounds decision expected in about 5 working days; Conclusive "
                  "Grounds after a recovery period of at least 30 days.")
    return notes


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def referral_history(store: Store, person_id: str) -> list[dict[str, Any]]:
    """Every status change of the person's referrals, oldest first."""
    if not store.table_exists("referrals"):
        return []
    rows = store.query_dicts("SELECT * FROM referrals WHERE list_contains(?, person_id) "
                             "ORDER BY updated_at, rowid",
                             [identities.aliases(store, "person", person_id)])
    return [{**r, "updated_at": str(r["updated_at"])} for r in rows]


def _latest_statuses(store: Store, person_id: str) -> list[tuple[str, str]]:
    rows = store.query_dicts("SELECT referral_id, status FROM referrals "
                             "WHERE list_contains(?, person_id) "
                             "QUALIFY row_number() OVER (PARTITION BY referral_id "
                             "ORDER BY updated_at DESC, rowid DESC) = 1",
                             [identities.aliases(store, "person", person_id)])
    return [(r["referral_id"], r["status"]) for r in rows]


def current_status(store: Store, referral_id: str) -> dict[str, Any] | None:
    if not store.table_exists("referrals"):
        return None
    rows = store.query_dicts("SELECT * FROM referrals WHERE referral_id = ? "
                             "ORDER BY updated_at DESC, rowid DESC LIMIT 1", [referral_id])
    return rows[0] if rows else None


def set_referral_status(store: Store, person_id: str, status: str, *, user: str,
                        note: str | None = None,
                        referral_id: str | None = None) -> dict[str, Any]:
    """Move a referral to ``status`` (``drafted`` opens a new one); invalid moves are refused."""
    if status not in STATUSES:
        raise LinewatchError(f"unknown referral status '{status}' (one of {', '.join(STATUSES)})")
    if not (user or "").strip():
        raise LinewatchError("a referral status change needs the user name")
    store.ensure_schema()  # ``referrals`` is declared by the store's migrations
    if referral_id is None and status != "drafted":
        open_ids = [r[0] for r in store.query(
            "SELECT referral_id FROM referrals WHERE list_contains(?, person_id) "
            "GROUP BY referral_id ORDER BY max(updated_at) DESC",
            [identities.aliases(store, "person", person_id)])]
        if not open_ids:
            raise LinewatchError(f"person '{person_id}' has no referral: draft one first")
        referral_id = open_ids[0]
    if referral_id is None and status == "drafted":
        for open_id, open_status in _latest_statuses(store, person_id):
            if TRANSITIONS[open_status]:
                raise LinewatchError(f"person '{person_id}' already has an open referral "
                                     f"'{open_id}' ({open_status})")
    previous = current_status(store, referral_id) if referral_id else None
    if referral_id and previous is None:
        raise NotFound(f"no referral '{referral_id}'")
    if previous is not None and previous["person_id"] != person_id:
        raise LinewatchError(f"referral '{referral_id}' is not about '{person_id}'")
    before = previous["status"] if previous else None
    if status not in TRANSITIONS[before]:
        allowed = ", ".join(TRANSITIONS[before]) or "none (final)"
        raise LinewatchError(f"cannot move a referral from {before or 'nothing'} to {status} "
                             f"(allowed: {allowed})")
    row = {"referral_id": referral_id or f"REF-{uuid.uuid4().hex[:10]}", "person_id": person_id,
           "status": status, "updated_by": user.strip(), "updated_at": _now(), "note": note}
    store.execute("INSERT INTO referrals (referral_id, person_id, status, updated_by, "
                  "updated_at, note) VALUES (?, ?, ?, ?, ?, ?)", list(row.values()))
    return {**row, "previous_status": before}
