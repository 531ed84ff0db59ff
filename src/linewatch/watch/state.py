"""What is known of a watched subject now: its records, mentions, flags, score and members.

A watch keeps this state from its last check; the difference to the state now is what an
alert reports (:mod:`linewatch.watch.check`). Records are counted by import batch (a table's
highest ``_batch`` touching the subject), so a new import that mentions the subject is seen
without keeping every row; intelligence and tip mentions (``text_mentions``) by their source
ids. Every query binds its values; table names come from the constants below.
"""

from __future__ import annotations

import re
from typing import Any

from linewatch.storage import Store, identities

#: tables whose rows touch a subject, and the condition that says so (``?`` = the value)
RECORD_SOURCES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "phone": (("cdr", "a_number = ? OR b_number = ?", 2), ("subscribers", "number = ?", 1),
              ("seizures", "number = ?", 1), ("nominals", "list_contains(phone, ?)", 1)),
    "plate": (("anpr", "vrm = ?", 1), ("seizures", "vrm = ?", 1), ("objects", "vrm = ?", 1)),
    "person": (
        ("nominals", "source_system || ':' || record_id IN (SELECT source_system || ':' || "
                     "record_id FROM person_records WHERE person_id = ?)", 1),
        ("events", "source_system || ':' || record_id IN (SELECT source_system || ':' || "
                   "record_id FROM person_records WHERE person_id = ?)", 1)),
    "address": (("addresses", "{address}", 1), ("nominals", "{address}", 1),
                ("events", "{address}", 1)),
    "line": (),
    "search": (("nominals", "concat_ws(' ', forenames, surname) ILIKE '%' || ? || '%'", 1),
               ("events", "concat_ws(' ', detail, offence, address) ILIKE '%' || ? || '%'", 1),
               ("intel", "text ILIKE '%' || ? || '%'", 1),
               ("tips", "text ILIKE '%' || ? || '%'", 1)),
}
#: how a row of each table is named in an alert's evidence
ROW_KEYS = {"nominals": "source_system || ':' || record_id", "events": "event_id",
            "intel": "report_id", "tips": "tip_id", "cdr": "coalesce(event_id, '')",
            "anpr": "camera_id", "seizures": "seizure_id", "objects": "object_id",
            "subscribers": "number", "addresses": "address"}
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
MAX_EVIDENCE = 20


def _address_condition(value: str) -> tuple[str, str]:
    if _POSTCODE.match(value.strip()):
        return "replace(upper(postcode), ' ', '') = replace(upper(?), ' ', '')", value
    return "upper(address) LIKE '%' || upper(?) || '%'", value


def record_sources(store: Store, kind: str, value: str) -> list[tuple[str, str, list[Any]]]:
    """(table, condition, parameters) for each table in the store whose rows can touch the
    subject (a person's records are found through ``person_records``)."""
    out: list[tuple[str, str, list[Any]]] = []
    if kind == "person" and not store.table_exists("person_records"):
        return out
    for table, condition, n in RECORD_SOURCES[kind]:
        if not store.table_exists(table):
            continue
        if condition == "{address}":
            condition, bound = _address_condition(value)
            out.append((table, condition, [bound]))
        else:
            out.append((table, condition, [value] * n))
    return out


def subject_id(store: Store, kind: str, value: str) -> str:
    """The id the watched value stands for now (persons and lines follow redirects)."""
    return identities.current_id(store, kind, value) if kind in identities.KINDS else value


def _batches(store: Store, kind: str, value: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for table, condition, params in record_sources(store, kind, value):
        top = store.scalar(f"SELECT max(_batch) FROM {table} WHERE {condition}",  # noqa: S608 - constants
                           params)
        if top is not None:
            out[table] = int(top)
    return out


def _mention_condition(kind: str) -> str | None:
    return {"phone": "normalised = ?", "plate": "normalised = ?",
            "person": "matched_type = 'person' AND matched_id = ?",
            "address": "upper(normalised) LIKE '%' || upper(?) || '%'"}.get(kind)


def mentions(store: Store, kind: str, value: str) -> list[dict[str, Any]]:
    """Intelligence, tips and articles whose text names the subject, with their handling."""
    condition = _mention_condition(kind)
    if condition is None or not store.table_exists("text_mentions"):
        return []
    sql = ("SELECT DISTINCT source_kind, source_id, handling_code, handling_conditions "  # noqa: S608 - constants
           f"FROM text_mentions WHERE {condition} ORDER BY source_kind, source_id")
    return store.query_dicts(sql, [value])


def _flags_and_score(store: Store, kind: str, value: str) -> tuple[list[str], float | None]:
    flags: list[str] = []
    score: float | None = None

    def has(table: str, sql: str, params: list[Any]) -> Any:
        return store.scalar(sql, params) if store.table_exists(table) else None

    if kind == "person":
        if has("persons", "SELECT count(*) FROM persons WHERE person_id = ?", [value]):
            flags += list(store.scalar("SELECT flags FROM persons WHERE person_id = ?",
                                       [value]) or [])
        if has("safeguarding_list", "SELECT count(*) FROM safeguarding_list "
               "WHERE person_id = ?", [value]):
            flags.append("safeguarding list")
        if has("target_list", "SELECT count(*) FROM target_list WHERE person_id = ?", [value]):
            flags.append("target list")
        score = has("person_priority", "SELECT max(priority) FROM person_priority "
                    "WHERE person_id = ?", [value])
    elif kind == "phone":
        if has("phone_scores", "SELECT count(*) FROM phone_scores WHERE number = ? "
               "AND is_deal_line", [value]):
            flags.append("deal line")
        line = has("line_numbers", "SELECT min(line_id) FROM line_numbers WHERE number = ?",
                   [value])
        if line:
            flags.append(f"on line {line}")
        score = has("phone_scores", "SELECT max(deal_line_score) FROM phone_scores "
                    "WHERE number = ?", [value])
    elif kind == "line":
        score = has("lines", "SELECT max(score) FROM lines WHERE line_id = ?", [value])
    elif kind == "address":
        condition, bound = _address_condition(value)
        if has("address_cuckooing", "SELECT count(*) FROM address_cuckooing "  # noqa: S608
               f"WHERE cuckooed AND {condition}", [bound]):
            flags.append("cuckooed")
        if has("line_addresses", f"SELECT count(*) FROM line_addresses WHERE {condition}",  # noqa: S608
               [bound]):
            flags.append("line address")
    return sorted(set(flags)), None if score is None else round(float(score), 4)


def members(store: Store, kind: str, value: str) -> list[str]:
    if kind == "line" and store.table_exists("line_numbers"):
        return [str(r[0]) for r in store.query(
            "SELECT number FROM line_numbers WHERE line_id = ? ORDER BY number", [value])]
    if kind == "person" and store.table_exists("person_records"):
        return [str(r[0]) for r in store.query(
            "SELECT source_system || ':' || record_id FROM person_records WHERE person_id = ? "
            "ORDER BY 1", [value])]
    return []


def current_state(store: Store, kind: str, value: str) -> dict[str, Any]:
    """What is known of the subject now (the state a watch compares with next time)."""
    subject = subject_id(store, kind, value)
    flags, score = _flags_and_score(store, kind, subject)
    return {"subject": subject, "batches": _batches(store, kind, subject),
            "mentions": [f"{m['source_kind']}:{m['source_id']}"
                         for m in mentions(store, kind, subject)],
            "flags": flags, "score": score, "members": members(store, kind, subject)}


def new_rows(store: Store, kind: str, value: str, seen: dict[str, int]) -> list[dict[str, Any]]:
    """Rows touching the subject from batches after those in ``seen`` (at most
    ``MAX_EVIDENCE`` per table), each with the handling code of its source when it has one."""
    out: list[dict[str, Any]] = []
    for table, condition, params in record_sources(store, kind, value):
        handling = ("handling_code, handling_conditions" if table == "intel"
                    else "NULL AS handling_code, NULL AS handling_conditions")
        rows = store.query_dicts(
            f"SELECT {ROW_KEYS.get(table, 'NULL')} AS key, _batch AS batch, _row AS row, "  # noqa: S608 - constants
            f"{handling} FROM {table} WHERE ({condition}) AND _batch > ? "
            "ORDER BY _batch, _row LIMIT ?", [*params, int(seen.get(table, 0)), MAX_EVIDENCE])
        out += [{"table": table, **r} for r in rows]
    return out


def number_rows(store: Store, number: str) -> list[dict[str, Any]]:
    """The first call records of a number (the evidence of a line's new number)."""
    if not store.table_exists("cdr"):
        return []
    rows = store.query_dicts(
        "SELECT coalesce(event_id, '') AS key, _batch AS batch, _row AS row, "
        "NULL AS handling_code, NULL AS handling_conditions FROM cdr "
        "WHERE a_number = ? OR b_number = ? ORDER BY start_time, _batch, _row LIMIT 5",
        [number, number])
    return [{"table": "cdr", **r} for r in rows]
