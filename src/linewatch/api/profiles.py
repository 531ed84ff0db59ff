"""Person, phone and address profiles assembled from the input and analysis tables."""

from __future__ import annotations

import re
from typing import Any

from linewatch.api.access import may_see_intel, may_see_text
from linewatch.api.data import one, rows, table_exists, try_import
from linewatch.api.graph import Window
from linewatch.api.paths import neighbourhood
from linewatch.errors import NotFound
from linewatch.schema.types import grading
from linewatch.schema.types import phone as phone_type
from linewatch.storage import Store


def grade(row: dict[str, Any]) -> dict[str, Any]:
    """The 3x5x2 grade of an intelligence row, spelt out."""
    s, a, h = (row.get("source_evaluation"), row.get("intelligence_assessment"),
               row.get("handling_code"))
    return {"code": f"{s or '?'}{a or '?'}{h or '?'}",
            "source": grading.SOURCE_EVALUATION.get(s or "", "not graded"),
            "assessment": grading.ASSESSMENT.get(a or "", "not graded"),
            "handling": grading.HANDLING.get(h or "", "not graded")}


def intel_mentioning(store: Store, role: str, terms: list[str], limit: int = 20
                     ) -> list[dict[str, Any]]:
    """Graded intelligence whose text names any of ``terms`` (phones match on digits)."""
    if not may_see_text(role) or not table_exists(store, "intel"):
        return []
    words = [t.lower() for t in terms if t and len(t) >= 3][:20]
    digits = [re.sub(r"\D", "", t)[-10:] for t in terms if t and t.startswith("+")][:20]
    if not words and not digits:
        return []
    ors = ["contains(lower(text), ?)"] * len(words) + \
        ["contains(regexp_replace(text, '[^0-9]', '', 'g'), ?)"] * len(digits)
    found = store.query_dicts(
        "SELECT report_id, received_at, source_evaluation, intelligence_assessment, "  # noqa: S608
        f"handling_code, handling_conditions, text FROM intel WHERE {' OR '.join(ors)} "
        "ORDER BY received_at DESC LIMIT ?", [*words, *digits, limit * 3])  # noqa: S608
    out = []
    for r in found:
        if may_see_intel(role, r["handling_code"], r["handling_conditions"]):
            out.append({**r, "grade": grade(r)})
    return out[:limit]


def person_profile(store: Store, role: str, person_id: str) -> dict[str, Any]:
    person = one(store, ["persons"], "SELECT * FROM persons WHERE person_id = ?", [person_id])
    if person is None:
        raise NotFound(f"no person '{person_id}'")
    identities = rows(store, ["person_records", "nominals"], """
        SELECT n.source_system, n.record_id, n.surname, n.forenames, n.dob, n.sex, n.address,
               n.postcode, n.phone, n.nickname, n.flags
        FROM person_records r JOIN nominals n
          ON n.source_system = r.source_system AND n.record_id = r.record_id
        WHERE r.person_id = ? ORDER BY n.source_system, n.record_id""", [person_id])
    resolve = try_import("linewatch.resolve")
    merges: Any = None
    if resolve is not None and hasattr(resolve, "explain_person"):
        try:
            merges = resolve.explain_person(store, person_id)
        except Exception:  # noqa: BLE001 - another stage's failure must not hide the profile
            merges = None  # e.g. persons written without a resolve run: nothing to explain
    scores = {
        "priority": one(store, ["person_priority"], "SELECT harm_score, priority, components "
                        "FROM person_priority WHERE person_id = ?", [person_id], ["components"]),
        "exploitation": one(store, ["person_exploitation"], "SELECT exploitation_risk, "
                            "safeguarding_flag, indicators FROM person_exploitation "
                            "WHERE person_id = ?", [person_id], ["indicators"]),
        "target_rank": (one(store, ["target_list"], "SELECT rank FROM target_list WHERE "
                            "person_id = ?", [person_id]) or {}).get("rank"),
        "safeguarding_rank": (one(store, ["safeguarding_list"], "SELECT rank FROM "
                                  "safeguarding_list WHERE person_id = ?", [person_id])
                              or {}).get("rank"),
    }
    roles = rows(store, ["person_roles"], "SELECT role, line_id, confidence, evidence FROM "
                 "person_roles WHERE person_id = ? ORDER BY confidence DESC", [person_id],
                 ["evidence"])
    events = rows(store, ["person_records", "events"], """
        SELECT e.source_system, e.event_id, e.event_type, e.occurred_at, e.role, e.address,
               e.postcode, e.offence, e.outcome, e.detail
        FROM events e JOIN person_records r
          ON e.source_system = r.source_system AND e.record_id = r.record_id
        WHERE r.person_id = ? ORDER BY e.occurred_at""", [person_id])
    if table_exists(store, "phone_persons"):
        phones = rows(store, ["phone_persons"], "SELECT number, confidence, evidence FROM "
                      "phone_persons WHERE person_id = ? ORDER BY confidence DESC",
                      [person_id], ["evidence"])
    else:
        phones = [{"number": n, "confidence": None, "evidence": None}
                  for n in person.get("phones") or []]
    _phone_roles(store, phones)
    links = neighbourhood(store, f"person:{person_id}", depth=1, max_nodes=200)
    terms = [*(person.get("nicknames") or []), person.get("surname") or "",
             *[p["number"] for p in phones]]
    return {"person": person, "identities": identities, "merges": merges, "scores": scores,
            "roles": roles, "events": events, "phones": phones, "links": links,
            "intel": intel_mentioning(store, role, terms)}


def _phone_roles(store: Store, phones: list[dict[str, Any]]) -> None:
    from linewatch.api.snapshot import snapshot

    known = snapshot(store).phone_role
    for p in phones:
        p["display"] = _display(p["number"])
        p["role"], p["line_id"] = known.get(p["number"], (None, None))


def _display(number: str) -> str:
    from linewatch.api.graph import display_phone

    return display_phone(number)


def phone_profile(store: Store, role: str, number: str, window: Window) -> dict[str, Any]:
    number = phone_type.try_clean(number) or number
    seen = (one(store, ["cdr"], "SELECT count(*) AS n, min(start_time) AS first, "
                "max(start_time) AS last FROM cdr WHERE a_number = ? OR b_number = ?",
                [number, number]) or {"n": 0})
    role_row = one(store, ["phone_roles"], "SELECT role, line_id, person_id, confidence, "
                   "evidence FROM phone_roles WHERE number = ?", [number], ["evidence"])
    subscriber = rows(store, ["subscribers"], "SELECT account_type, subscriber_name, "
                      "subscriber_address, subscriber_dob, activated_on FROM subscribers "
                      "WHERE number = ?", [number])
    if not seen.get("n") and role_row is None and not subscriber:
        raise NotFound(f"no phone '{number}'")
    clause, params = window.sql("start_time")
    contacts = rows(store, ["cdr"], f"""
        SELECT other, count(*) AS n, count(*) FILTER (WHERE event_type = 'voice') AS calls,
               count(*) FILTER (WHERE event_type = 'sms') AS texts,
               count(*) FILTER (WHERE outgoing) AS outgoing,
               min(start_time) AS first, max(start_time) AS last FROM (
          SELECT b_number AS other, event_type, start_time, TRUE AS outgoing FROM cdr
          WHERE a_number = ?{clause}
          UNION ALL SELECT a_number, event_type, start_time, FALSE FROM cdr
          WHERE b_number = ?{clause})
        GROUP BY other ORDER BY n DESC LIMIT 100""",  # noqa: S608
        [number, *params, number, *params])
    _phone_roles(store, contacts_as(contacts))
    handsets = rows(store, ["phone_handsets"], "SELECT imei, imsi, first_seen, last_seen, "
                    "n_events FROM phone_handsets WHERE number = ? ORDER BY first_seen", [number])
    if not handsets and table_exists(store, "cdr"):
        handsets = rows(store, ["cdr"], """
            SELECT a_imei AS imei, a_imsi AS imsi, min(start_time) AS first_seen,
                   max(start_time) AS last_seen, count(*) AS n_events FROM cdr
            WHERE a_number = ? AND a_imei IS NOT NULL GROUP BY a_imei, a_imsi
            ORDER BY first_seen""", [number])
    movements = rows(store, ["cdr", "cells"], f"""
        SELECT date_trunc('day', c.start_time) AS day, k.cell_id, any_value(k.lat) AS lat,
               any_value(k.lon) AS lon, any_value(k.area) AS area, count(*) AS n
        FROM cdr c JOIN cells k ON k.cell_id = c.a_cell_id
        WHERE c.a_number = ?{clause.replace("start_time", "c.start_time")}
        GROUP BY day, k.cell_id ORDER BY day, n DESC LIMIT 2000""",  # noqa: S608
        [number, *params])
    persons = rows(store, ["phone_persons", "persons"], """
        SELECT pp.person_id, p.display_name, pp.confidence, pp.evidence FROM phone_persons pp
        JOIN persons p ON p.person_id = pp.person_id WHERE pp.number = ?
        ORDER BY pp.confidence DESC""", [number], ["evidence"])
    return {
        "number": number, "display": _display(number), "activity": seen, "role": role_row,
        "score": one(store, ["phone_scores"], "SELECT deal_line_score, is_deal_line, explanation "
                     "FROM phone_scores WHERE number = ?", [number], ["explanation"]),
        "features": one(store, ["phone_features"], "SELECT * FROM phone_features WHERE "
                        "number = ?", [number]),
        "lines": rows(store, ["line_numbers"], "SELECT line_id, first_seen, last_seen FROM "
                      "line_numbers WHERE number = ? ORDER BY first_seen", [number]),
        "links": rows(store, ["number_links"], "SELECT number_a, number_b, link_type, "
                      "confidence, evidence FROM number_links WHERE number_a = ? OR "
                      "number_b = ?", [number, number], ["evidence"]),
        "subscriber": subscriber, "persons": persons, "handsets": handsets,
        "contacts": contacts, "movements": movements,
        "intel": intel_mentioning(store, role, [number]),
    }


def contacts_as(contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give contact rows the ``number`` key :func:`_phone_roles` fills in (same dicts)."""
    for c in contacts:
        c["number"] = c["other"]
    return contacts


def address_profile(store: Store, address: str) -> dict[str, Any]:
    key = address.strip().upper()
    reference = rows(store, ["addresses"], "SELECT address, postcode, lat, lon, uprn, flags "
                     "FROM addresses WHERE upper(trim(address)) = ?", [key])
    residents = rows(store, ["persons"], "SELECT person_id, display_name, dob, postcode "
                     "FROM persons WHERE upper(trim(address)) = ?", [key])
    lines = rows(store, ["line_addresses"], "SELECT line_id, confidence, evidence FROM "
                 "line_addresses WHERE upper(trim(address)) = ?", [key], ["evidence"])
    cuckooing = one(store, ["address_cuckooing"], "SELECT cuckooing_score, cuckooed, evidence "
                    "FROM address_cuckooing WHERE upper(trim(address)) = ?", [key], ["evidence"])
    events = rows(store, ["events"], "SELECT source_system, event_id, event_type, occurred_at, "
                  "role, offence, outcome, detail FROM events WHERE upper(trim(address)) = ? "
                  "ORDER BY occurred_at", [key])
    subscribers = rows(store, ["subscribers"], "SELECT number, account_type FROM subscribers "
                       "WHERE upper(trim(subscriber_address)) = ?", [key])
    if not (reference or residents or lines or cuckooing or events or subscribers):
        raise NotFound(f"no address '{address[:80]}'")
    return {"address": address.strip(), "reference": reference, "residents": residents,
            "lines": lines, "cuckooing": cuckooing, "events": events,
            "subscriber_numbers": subscribers}
