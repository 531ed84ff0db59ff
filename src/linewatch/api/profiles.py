"""Person, phone and address profiles assembled from the input and analysis tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from linewatch import explain
from linewatch.api.access import may_see_intel, may_see_text
from linewatch.api.ages import add_ages
from linewatch.api.contacts import contact_index
from linewatch.api.data import one, rows, table_exists
from linewatch.api.explained import names
from linewatch.api.graph import Window
from linewatch.api.snapshot import memo, movements_table
from linewatch.api.substring import SubstringIndex
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


@dataclass
class IntelTexts:
    """Every intelligence report, newest first, with its text indexed for substring look-up:
    as written (lower-cased) and as digits only, so phone numbers match however written."""

    rows: list[dict[str, Any]]
    words: SubstringIndex
    digits: SubstringIndex

    @classmethod
    def load(cls, store: Store) -> IntelTexts:
        found = rows(store, ["intel"], """
            SELECT report_id, received_at, source_evaluation, intelligence_assessment,
                   handling_code, handling_conditions, text
            FROM intel ORDER BY received_at DESC NULLS LAST, report_id""")
        texts = [r["text"] or "" for r in found]
        return cls(found, SubstringIndex([[t] for t in texts]),
                   SubstringIndex([[re.sub(r"\D", "", t)] for t in texts]))


def intel_texts(store: Store) -> IntelTexts:
    """The store's intelligence reports and their text indexes, for its current data version."""
    return memo(store, "intel_texts", lambda: IntelTexts.load(store))


def intel_mentioning(store: Store, role: str, terms: list[str], limit: int = 20
                     ) -> list[dict[str, Any]]:
    """Graded intelligence whose text names any of ``terms`` (phones match on digits), newest
    first, that ``role`` may see. Read from an in-memory index built once per data version."""
    if not may_see_text(role) or not table_exists(store, "intel"):
        return []
    words = [t.lower() for t in terms if t and len(t) >= 3][:20]
    digits = [re.sub(r"\D", "", t)[-10:] for t in terms if t and t.startswith("+")][:20]
    if not words and not digits:
        return []
    texts = intel_texts(store)
    hits: set[int] = set()
    for word in words:
        hits.update(texts.words.containing(word).tolist())
    for number in digits:
        hits.update(texts.digits.containing(number).tolist())
    out = []
    for i in sorted(hits):
        r = texts.rows[i]
        if may_see_intel(role, r["handling_code"], r["handling_conditions"]):
            out.append({**r, "grade": grade(r)})
            if len(out) == limit:
                break
    return out


def phone_labels(store: Store, phones: list[dict[str, Any]]) -> None:
    """Add ``display``, ``role`` and ``line_id`` to each ``{"number": ...}`` dict."""
    from linewatch.api.snapshot import snapshot

    known = snapshot(store).phone_role
    for p in phones:
        p["display"] = _display(p["number"])
        p["role"], p["line_id"] = known.get(p["number"], (None, None))


def _display(number: str) -> str:
    from linewatch.api.graph import display_phone

    return display_phone(number)


def phone_profile(store: Store, role: str, number: str, window: Window) -> dict[str, Any]:
    """Everything the phone page shows; raises :class:`NotFound` for an unknown number.

    Without a time window, activity, contacts and movements come from the per-number
    summaries in :mod:`linewatch.api.snapshot` (built once per data version); with one, from
    ``cdr`` itself.
    """
    number = phone_type.try_clean(number) or number
    index = contact_index(store)
    seen = vars(index.activity(number)) if index is not None else None
    role_row = one(store, ["phone_roles"], "SELECT role, line_id, person_id, confidence, "
                   "evidence FROM phone_roles WHERE number = ?", [number], ["evidence"])
    subscriber = rows(store, ["subscribers"], "SELECT account_type, subscriber_name, "
                      "subscriber_address, subscriber_dob, activated_on FROM subscribers "
                      "WHERE number = ?", [number])
    if not (seen or {}).get("n") and role_row is None and not subscriber:
        raise NotFound(f"no phone '{number}'")
    handsets = rows(store, ["phone_handsets"], "SELECT imei, imsi, first_seen, last_seen, "
                    "n_events FROM phone_handsets WHERE number = ? ORDER BY first_seen", [number])
    if not handsets and table_exists(store, "cdr") and not table_exists(store, "phone_handsets"):
        handsets = rows(store, ["cdr"], """
            SELECT a_imei AS imei, a_imsi AS imsi, min(start_time) AS first_seen,
                   max(start_time) AS last_seen, count(*) AS n_events FROM cdr
            WHERE a_number = ? AND a_imei IS NOT NULL GROUP BY a_imei, a_imsi
            ORDER BY first_seen""", [number])
    contacts = _contacts(store, number, window)
    phone_labels(store, contacts_as(contacts))
    persons = rows(store, ["phone_persons", "persons"], """
        SELECT pp.person_id, p.display_name, pp.confidence, pp.evidence FROM phone_persons pp
        JOIN persons p ON p.person_id = pp.person_id WHERE pp.number = ?
        ORDER BY pp.confidence DESC""", [number], ["evidence"])
    who = names(store)
    score = one(store, ["phone_scores"], "SELECT deal_line_score, is_deal_line, explanation "
                "FROM phone_scores WHERE number = ?", [number], ["explanation"])
    if score and isinstance(score.get("explanation"), dict):
        score["why"] = explain.phone_score(score["explanation"]).as_dict()
    if role_row:
        role_row["display_name"] = who.name(role_row["person_id"]) \
            if role_row.get("person_id") else None
    for person in persons:
        person["why"] = explain.facts(f"Uses {_display(number)}", person.get("evidence"),
                                      who).as_dict()
    links = rows(store, ["number_links"], "SELECT number_a, number_b, link_type, "
                 "confidence, evidence FROM number_links WHERE number_a = ? OR "
                 "number_b = ?", [number, number], ["evidence"])
    for link in links:
        link["why"] = explain.facts(str(link.get("link_type") or "link").replace("_", " "),
                                    link.get("evidence"), who).as_dict()
    return {
        "number": number, "display": _display(number), "activity": seen or {"n": 0},
        "role": role_row,
        "score": score,
        "features": one(store, ["phone_features"], "SELECT * FROM phone_features WHERE "
                        "number = ?", [number]),
        "lines": rows(store, ["line_numbers"], "SELECT line_id, first_seen, last_seen FROM "
                      "line_numbers WHERE number = ? ORDER BY first_seen", [number]),
        "links": links,
        "subscriber": subscriber, "persons": persons, "handsets": handsets,
        "contacts": contacts, "movements": _movements(store, number, window),
        "intel": intel_mentioning(store, role, [number]),
    }


def _contacts(store: Store, number: str, window: Window) -> list[dict[str, Any]]:
    """The number's 100 busiest contacts, with calls, texts and direction counts."""
    clause, params = window.sql("start_time")
    index = contact_index(store) if not params else None
    if index is not None:
        return [{"other": other, "n": n, "calls": voice, "texts": n - voice,
                 "outgoing": outgoing, "first": first, "last": last}
                for _me, other, n, voice, outgoing, first, last in index.top([number], 100)]
    return rows(store, ["cdr"], f"""
        SELECT other, count(*) AS n, count(*) FILTER (WHERE event_type = 'voice') AS calls,
               count(*) FILTER (WHERE event_type = 'sms') AS texts,
               count(*) FILTER (WHERE outgoing) AS outgoing,
               min(start_time) AS first, max(start_time) AS last FROM (
          SELECT b_number AS other, event_type, start_time, TRUE AS outgoing FROM cdr
          WHERE a_number = ?{clause}
          UNION ALL SELECT a_number, event_type, start_time, FALSE FROM cdr
          WHERE b_number = ?{clause})
        GROUP BY other ORDER BY n DESC, other LIMIT 100""",  # noqa: S608
        [number, *params, number, *params])


def _movements(store: Store, number: str, window: Window) -> list[dict[str, Any]]:
    """Cells the number's outgoing events used, per day (for the map)."""
    clause, params = window.sql("start_time")
    summary = movements_table(store) if not params else None
    if summary is not None:
        return rows(store, ["cells"], f"""
            SELECT m.day, m.cell_id, k.lat, k.lon, k.area, m.n
            FROM {summary} m JOIN cells k ON k.cell_id = m.cell_id
            WHERE m.number = ? ORDER BY m.day, m.n DESC, m.cell_id LIMIT 2000""",  # noqa: S608
                    [number])
    return rows(store, ["cdr", "cells"], f"""
        SELECT date_trunc('day', c.start_time) AS day, k.cell_id, any_value(k.lat) AS lat,
               any_value(k.lon) AS lon, any_value(k.area) AS area, count(*) AS n
        FROM cdr c JOIN cells k ON k.cell_id = c.a_cell_id
        WHERE c.a_number = ?{clause.replace("start_time", "c.start_time")}
        GROUP BY day, k.cell_id ORDER BY day, n DESC, k.cell_id LIMIT 2000""",  # noqa: S608
        [number, *params])


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
    add_ages(store, residents)
    lines = rows(store, ["line_addresses"], "SELECT line_id, confidence, evidence FROM "
                 "line_addresses WHERE upper(trim(address)) = ?", [key], ["evidence"])
    cuckooing = one(store, ["address_cuckooing"], "SELECT cuckooing_score, cuckooed, evidence "
                    "FROM address_cuckooing WHERE upper(trim(address)) = ?", [key], ["evidence"])
    events = rows(store, ["events"], "SELECT source_system, event_id, event_type, occurred_at, "
                  "role, offence, outcome, detail FROM events WHERE upper(trim(address)) = ? "
                  "ORDER BY occurred_at", [key])
    subscribers = rows(store, ["subscribers"], "SELECT number, account_type FROM subscribers "
                       "WHERE upper(trim(subscriber_address)) = ?", [key])
    who = names(store)
    for line in lines:
        line["why"] = explain.trap(line.get("evidence") or {}, who).as_dict()
    if cuckooing and isinstance(cuckooing.get("evidence"), dict):
        cuckooing["why"] = explain.cuckooing(cuckooing["evidence"], who,
                                             cuckooed=cuckooing.get("cuckooed")).as_dict()
    if not (reference or residents or lines or cuckooing or events or subscribers):
        raise NotFound(f"no address '{address[:80]}'")
    return {"address": address.strip(), "reference": reference, "residents": residents,
            "lines": lines, "cuckooing": cuckooing, "events": events,
            "subscriber_numbers": subscribers}
