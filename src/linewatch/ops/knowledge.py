"""What linewatch knows about an address and the people linked to it, read from the store.

Every other stage's table may be missing (the analysis has not run yet): each reader then
returns nothing, and the warrant package says what it could not check. Two addresses are the
same place (:func:`same_place`) when their text matches after
:func:`linewatch.people.context.address_key` (lower case, punctuation and postcode removed) and
their postcodes agree, or one of them has no postcode.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from linewatch.ops.tables import parse_json
from linewatch.people.context import address_key
from linewatch.schema.types.dates import age_at
from linewatch.storage import Store


@dataclass
class Person:
    """A resolved person (or, before resolution, one nominal record) as the package needs."""

    person_id: str
    display_name: str | None
    dob: dt.date | None
    address: str | None
    postcode: str | None
    flags: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    sex: str | None = None

    def age(self, on: dt.date) -> int | None:
        return age_at(self.dob, on)


def _text_key(address: str | None, postcode: str | None) -> str | None:
    key = address_key(address, postcode)
    return key.split("|", 1)[0] if key else None


def same_place(address: str | None, postcode: str | None, other: str | None,
               other_postcode: str | None) -> bool:
    """Same address text, and the same postcode unless one of them is not known."""
    key = _text_key(address, postcode)
    if key is None or key != _text_key(other, other_postcode):
        return False
    return postcode is None or other_postcode is None or postcode == other_postcode


def split_postcode(text: str) -> tuple[str, str | None]:
    """``"12 Example Road, Chatham ME4 4QU"`` -> (``"12 Example Road, Chatham"``, ``"ME4 4QU"``)."""
    from linewatch.schema.types import postcode

    match = re.search(r"[,\s]+([A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2})\s*$", text)
    if match:
        cleaned = postcode.try_clean(match.group(1))
        if cleaned:
            return text[:match.start()].strip(" ,"), cleaned
    return text.strip(), None


class Knowledge:
    """Read-only access to the store for one package build (results cached per instance)."""

    def __init__(self, store: Store, *, exclude_source: str | None = None) -> None:
        self.store = store
        self.exclude_source = exclude_source or ""
        self._tables = {r[0] for r in store.query(
            "SELECT table_name FROM information_schema.tables")}

    def has(self, *tables: str) -> bool:
        """Whether the store had all of ``tables`` when this instance was made."""
        return all(t in self._tables for t in tables)

    # -- people ----------------------------------------------------------------------------
    @cached_property
    def persons(self) -> dict[str, Person]:
        if self.has("persons"):
            rows = self.store.query_dicts(
                "SELECT person_id, display_name, dob, address, postcode, flags, phones, "
                "nicknames FROM persons")
            found = {r["person_id"]: Person(
                r["person_id"], r["display_name"], r["dob"], r["address"], r["postcode"],
                list(r["flags"] or []), list(r["phones"] or []), list(r["nicknames"] or []))
                for r in rows}
            for pid, sex in self._sexes().items():
                if pid in found:
                    found[pid].sex = sex
            return found
        # Before resolution: one "person" per nominal record, keyed source_system:record_id.
        if not self.has("nominals"):
            return {}
        rows = self.store.query_dicts(
            "SELECT source_system, record_id, forenames, surname, dob, sex, address, postcode, "
            "flags, phone, nickname FROM nominals")
        return {f"{r['source_system']}:{r['record_id']}": Person(
            f"{r['source_system']}:{r['record_id']}",
            " ".join(x for x in (r["forenames"], r["surname"]) if x) or None, r["dob"],
            r["address"], r["postcode"], list(r["flags"] or []), list(r["phone"] or []),
            list(r["nickname"] or []), r["sex"]) for r in rows}

    def _sexes(self) -> dict[str, str]:
        if not self.has("person_records", "nominals"):
            return {}
        counts: dict[str, Counter[str]] = {}
        for pid, sex in self.store.query(
                "SELECT pr.person_id, n.sex FROM person_records pr JOIN nominals n ON "
                "n.source_system = pr.source_system AND n.record_id = pr.record_id "
                "WHERE n.sex IN ('M', 'F')"):
            counts.setdefault(pid, Counter())[sex] += 1
        return {pid: c.most_common(1)[0][0] for pid, c in counts.items()}

    @property
    def resolved(self) -> bool:
        return self.has("persons")

    @cached_property
    def _homes(self) -> dict[str, list[Person]]:
        found: dict[str, list[Person]] = {}
        for p in self.persons.values():
            key = _text_key(p.address, p.postcode)
            if key:
                found.setdefault(key, []).append(p)
        return found

    def residents(self, address: str | None, postcode: str | None) -> list[Person]:
        """People whose recorded home is this address."""
        return [p for p in self._homes.get(_text_key(address, postcode) or "", [])
                if same_place(address, postcode, p.address, p.postcode)]

    @cached_property
    def _record_person(self) -> dict[tuple[str, str], str]:
        if not self.has("person_records"):
            return {}
        return {(r[0], r[1]): r[2] for r in self.store.query(
            "SELECT source_system, record_id, person_id FROM person_records")}

    def person_of_record(self, source_system: str, record_id: str | None) -> str | None:
        if record_id is None:
            return None
        if source_system.startswith("ops:") and record_id in self.persons:
            return record_id  # outcomes recorded by an operation name the person directly
        if self.resolved:
            return self._record_person.get((source_system, record_id))
        pid = f"{source_system}:{record_id}"
        return pid if pid in self.persons else None

    # -- events and seizures ---------------------------------------------------------------
    @cached_property
    def events(self) -> list[dict[str, Any]]:
        if not self.has("events"):
            return []
        rows = self.store.query_dicts(
            "SELECT source_system, event_id, event_type, occurred_at, record_id, role, address, "
            "postcode, offence, outcome, detail FROM events WHERE source_system <> ? "
            "ORDER BY occurred_at", [self.exclude_source])
        for r in rows:
            r["person_id"] = self.person_of_record(r["source_system"], r["record_id"])
        return rows

    @cached_property
    def _events_by(self) -> tuple[dict[str, list[dict[str, Any]]],
                                  dict[str, list[dict[str, Any]]]]:
        """Events indexed by address text and by person (built once)."""
        places: dict[str, list[dict[str, Any]]] = {}
        people: dict[str, list[dict[str, Any]]] = {}
        for e in self.events:
            key = _text_key(e["address"], e["postcode"])
            if key:
                places.setdefault(key, []).append(e)
            if e["person_id"]:
                people.setdefault(e["person_id"], []).append(e)
        return places, people

    def events_at(self, address: str | None, postcode: str | None) -> list[dict[str, Any]]:
        return [e for e in self._events_by[0].get(_text_key(address, postcode) or "", [])
                if same_place(address, postcode, e["address"], e["postcode"])]

    def events_of(self, person_id: str) -> list[dict[str, Any]]:
        return self._events_by[1].get(person_id, [])

    @cached_property
    def seizures(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        if not self.has("seizures"):
            return {}
        found: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in self.store.query_dicts(
                "SELECT seizure_id, source_system, event_id, item_type, drug_name, drug_class, "
                "description, imei, number, vrm FROM seizures "
                "WHERE coalesce(source_system, '') <> ?", [self.exclude_source]):
            found.setdefault((r["source_system"] or "", r["event_id"] or ""), []).append(r)
        return found

    def seizures_at(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        return self.seizures.get((event["source_system"], event["event_id"]), [])

    # -- analysis outputs ------------------------------------------------------------------
    @cached_property
    def roles(self) -> dict[str, list[dict[str, Any]]]:
        if not self.has("person_roles"):
            return {}
        found: dict[str, list[dict[str, Any]]] = {}
        for r in self.store.query_dicts(
                "SELECT person_id, role, line_id, confidence FROM person_roles "
                "ORDER BY confidence DESC NULLS LAST"):
            found.setdefault(r["person_id"], []).append(r)
        return found

    def line_roles(self, person_id: str) -> list[dict[str, Any]]:
        """The person's roles on lines (customers and 'none' left out)."""
        return [r for r in self.roles.get(person_id, [])
                if r["line_id"] and r["role"] in ("controller", "runner", "trap_occupant")]

    @cached_property
    def exploitation(self) -> dict[str, dict[str, Any]]:
        if not self.has("person_exploitation"):
            return {}
        return {r["person_id"]: {**r, "indicators": parse_json(r["indicators"])}
                for r in self.store.query_dicts(
                    "SELECT person_id, exploitation_risk, safeguarding_flag, indicators "
                    "FROM person_exploitation")}

    def cuckooing(self, address: str | None, postcode: str | None) -> dict[str, Any] | None:
        if not self.has("address_cuckooing"):
            return None
        for r in self.store.query_dicts(
                "SELECT address, postcode, cuckooing_score, cuckooed, evidence FROM "
                "address_cuckooing WHERE (? IS NULL OR postcode IS NULL OR postcode = ?)",
                [postcode, postcode]):
            if same_place(address, postcode, r["address"], r["postcode"]):
                return {**r, "evidence": parse_json(r["evidence"])}
        return None

    def reference(self, address: str | None, postcode: str | None) -> dict[str, Any] | None:
        """The ``addresses`` reference row (coordinates, flags) of an address."""
        if not self.has("addresses"):
            return None
        for r in self.store.query_dicts(
                "SELECT address, postcode, lat, lon, uprn, flags FROM addresses "
                "WHERE (? IS NULL OR postcode IS NULL OR postcode = ?)", [postcode, postcode]):
            if same_place(address, postcode, r["address"], r["postcode"]):
                return r
        return None

    def lines_at(self, address: str | None, postcode: str | None) -> list[dict[str, Any]]:
        """Lines whose trap house this address is (``line_addresses``)."""
        if not self.has("line_addresses"):
            return []
        return [{**r, "evidence": parse_json(r["evidence"])} for r in self.store.query_dicts(
            "SELECT line_id, address, postcode, confidence, evidence FROM line_addresses "
            "WHERE (? IS NULL OR postcode IS NULL OR postcode = ?)", [postcode, postcode])
            if same_place(address, postcode, r["address"], r["postcode"])]

    # -- phones ----------------------------------------------------------------------------
    @cached_property
    def _phone_owner(self) -> dict[str, set[str]]:
        owned: dict[str, set[str]] = {}
        for person in self.persons.values():
            for number in person.phones:
                owned.setdefault(person.person_id, set()).add(number)
        if self.has("phone_persons"):
            for number, pid in self.store.query(
                    "SELECT number, person_id FROM phone_persons WHERE confidence >= 0.5"):
                owned.setdefault(pid, set()).add(number)
        return owned

    def phones_of(self, person_id: str) -> list[str]:
        return sorted(self._phone_owner.get(person_id, set()))

    def line_numbers(self, line_id: str) -> list[dict[str, Any]]:
        """The deal-line numbers of a line, from ``line_numbers`` or ``phone_roles``."""
        if self.has("line_numbers"):
            rows = self.store.query_dicts(
                "SELECT number, min(first_seen) AS first_seen, max(last_seen) AS last_seen "
                "FROM line_numbers WHERE line_id = ? GROUP BY number ORDER BY first_seen",
                [line_id])
            if rows:
                return rows
        if self.has("phone_roles"):
            return [{"number": r[0], "first_seen": None, "last_seen": None}
                    for r in self.store.query(
                        "SELECT number FROM phone_roles WHERE line_id = ? AND role = 'deal_line' "
                        "ORDER BY number", [line_id])]
        return []

    def imeis(self, numbers: list[str]) -> dict[str, list[str]]:
        """Handsets (IMEIs) each number was used in: ``phone_handsets``, else ``cdr``."""
        if not numbers:
            return {}
        found: dict[str, list[str]] = {}
        if self.has("phone_handsets"):
            rows = self.store.query(
                "SELECT number, imei FROM phone_handsets WHERE list_contains(?, number) "
                "AND imei IS NOT NULL GROUP BY number, imei ORDER BY number, min(first_seen)",
                [numbers])
        elif self.has("cdr"):
            rows = self.store.query(
                "SELECT number, imei FROM (SELECT a_number AS number, a_imei AS imei, start_time "
                "FROM cdr UNION ALL SELECT b_number, b_imei, start_time FROM cdr) "
                "WHERE list_contains(?, number) AND imei IS NOT NULL "
                "GROUP BY number, imei ORDER BY number, min(start_time)", [numbers])
        else:
            rows = []
        for number, imei in rows:
            found.setdefault(number, []).append(imei)
        return found

    # -- intelligence ----------------------------------------------------------------------
    @cached_property
    def intel(self) -> list[dict[str, Any]]:
        if not self.has("intel"):
            return []
        return self.store.query_dicts(
            "SELECT report_id, received_at, source_evaluation, intelligence_assessment, "
            "handling_code, handling_conditions, text FROM intel ORDER BY received_at")
