"""What a person's records say about them, read once per safeguarding run: dates of birth,
street names and records held by partner agencies."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from linewatch.storage import Store


def load_dobs(store: Store) -> dict[str, dt.date | None]:
    """Dates of birth of resolved persons (used only to recognise children and age gaps)."""
    if not store.table_exists("persons"):
        return {}
    return {pid: dob for pid, dob in store.query("SELECT person_id, dob FROM persons")}


def load_youngest_record_dobs(store: Store) -> dict[str, dt.date]:
    """Per person, the latest date of birth any of their records gives: where records
    disagree (a day and month swapped, a typing slip), the reading that makes them youngest.
    Victim first: if any record says the person was a child, they are treated as one."""
    if not (store.table_exists("person_records") and store.table_exists("nominals")):
        return {}
    return {pid: dob for pid, dob in store.query(
        "SELECT r.person_id, max(n.dob) FROM person_records r JOIN nominals n "
        "ON n.source_system = r.source_system AND n.record_id = r.record_id "
        "WHERE n.dob IS NOT NULL GROUP BY r.person_id") if dob is not None}


def system_key(system: object) -> str:
    """A source system's name compared loosely: lower case, words joined by ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", str(system).lower()).strip("_")


def load_street_names(store: Store) -> dict[str, list[str]]:
    """Street names (nicknames) the person's records give."""
    if not store.table_exists("persons"):
        return {}
    return {pid: sorted({str(n).strip() for n in names if str(n).strip()})
            for pid, names in store.query(
                "SELECT person_id, nicknames FROM persons WHERE len(nicknames) > 0")}


def load_partner_records(store: Store, systems: Iterable[str]
                         ) -> dict[str, list[dict[str, Any]]]:
    """The person's records in the partner agencies' ``systems`` (names compared with
    :func:`system_key`)."""
    if not store.table_exists("person_records"):
        return {}
    wanted = {system_key(s) for s in systems}
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pid, system, record_id in store.query(
            "SELECT person_id, source_system, record_id FROM person_records "
            "ORDER BY person_id, source_system, record_id"):
        if system_key(system) in wanted:
            found[pid].append({"table": "person_records", "source_system": system,
                               "record_id": record_id})
    return found
