"""Relationships with their ends resolved: who, or what, each contract v2 link joins.

A ``relationships`` row names its ends as written in the source system: a person by record id
or by an identifier (PNC ID, NHS number ...), a phone as written, an event, vehicle or object by
its id. This module turns each end into the key the rest of linewatch uses for that entity:

* a person: the resolved ``person_id`` (``person_records``; an identifier through the records
  that carry it), else the record id as written when resolution has not run;
* a phone: its E.164 form, cleaned as call data is (:mod:`linewatch.schema.types.phone`);
  a number in a foreign or odd layout is kept as written (ingest flagged it);
* an address given by its ``address_id``: the address text of the reference data;
* anything else: the reference as written.

Scoring, safeguarding, role inference, the link chart and paths all read relationships
through :func:`load_relations`, so they agree on who is linked to whom.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from linewatch.schema.contract import IDENTIFIER_FIELDS, PARTY_TYPES, PERSON_LINK_TYPES
from linewatch.schema.types import identifiers
from linewatch.schema.types import phone as phone_type
from linewatch.storage import Store

#: the node kind of each relationship end type (``vehicle`` ends are objects by vrm or id)
END_KINDS = {"person": "person", "phone": "phone", "vehicle": "vehicle", "address": "address",
             "object": "object", "organisation": "organisation", "event": "event",
             "email": "email", "handle": "handle", "officer": "officer"}


@dataclass(frozen=True)
class Relation:
    """One relationship row, its ends as (kind, key) pairs the other stages use."""

    a_kind: str
    a_key: str
    b_kind: str
    b_key: str
    type: str
    subtype: str | None
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    source: str | None
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    source_system: str | None
    relationship_id: str | None
    batch: int | None
    row: int | None

    @property
    def grading(self) -> str | None:
        parts = [p for p in (self.source_evaluation, self.intelligence_assessment,
                             self.handling_code) if p]
        return "".join(parts) or None

    def other(self, kind: str, key: str) -> tuple[str, str]:
        """The far end seen from (``kind``, ``key``)."""
        if (self.a_kind, self.a_key) == (kind, key):
            return self.b_kind, self.b_key
        return self.a_kind, self.a_key

    def label(self) -> str:
        name = self.type.replace("_", " ")
        return f"{name} ({self.subtype})" if self.subtype else name

    def evidence(self, **extra: Any) -> dict[str, Any]:
        """A court-readable reference to the relationship row, its type, dates and grading."""
        item: dict[str, Any] = {
            "table": "relationships", "source_system": self.source_system,
            "relationship_id": self.relationship_id, "_batch": self.batch, "_row": self.row,
            "type": self.type, "subtype": self.subtype,
            "first_seen": _iso(self.first_seen), "last_seen": _iso(self.last_seen),
            "source": self.source, "grading": self.grading}
        item.update(extra)
        return {k: v for k, v in item.items() if v is not None}


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(sep=" ") if value is not None else None


class PersonRefs:
    """Record ids and identifiers of person records, mapped to resolved persons."""

    def __init__(self, store: Store) -> None:
        self.by_record: dict[str, dict[str, str]] = defaultdict(dict)
        self.by_identifier: dict[tuple[str, str], set[str]] = defaultdict(set)
        resolved = store.table_exists("person_records")
        if resolved:
            for pid, system, record in store.query(
                    "SELECT person_id, source_system, record_id FROM person_records"):
                self.by_record[str(record)][str(system)] = str(pid)
        if not store.table_exists("nominals"):
            return
        columns = ", ".join(f"n.{name}" for name in IDENTIFIER_FIELDS)
        sql = (f"SELECT r.person_id, {columns} FROM nominals n JOIN person_records r ON "  # noqa: S608 - contract field names
               "r.source_system = n.source_system AND r.record_id = n.record_id" if resolved
               else f"SELECT n.record_id, {columns} FROM nominals n")  # noqa: S608
        for pid, *values in store.query(sql):
            for name, value in zip(IDENTIFIER_FIELDS, values, strict=True):
                key = identifiers.match_key(value)
                if key:
                    self.by_identifier[(name, key)].add(str(pid))

    def person(self, ref: str, ref_type: str | None, source_system: str | None) -> str | None:
        """The person a reference names; None when an identifier names nobody or several."""
        if ref_type in IDENTIFIER_FIELDS:
            key = identifiers.match_key(ref)
            found = self.by_identifier.get((ref_type, key or ""), set())
            return next(iter(found)) if len(found) == 1 else None
        systems = self.by_record.get(ref)
        if not systems:
            return ref  # not resolved (or no such record): the record id as written
        if source_system in systems:
            return systems[source_system]
        distinct = set(systems.values())
        return next(iter(distinct)) if len(distinct) == 1 else ref


def _address_names(store: Store) -> dict[str, str]:
    if not store.table_exists("addresses"):
        return {}
    return {str(i): str(a).strip() for i, a in store.query(
        "SELECT address_id, address FROM addresses WHERE address_id IS NOT NULL "
        "AND address IS NOT NULL")}


def load_relations(store: Store) -> list[Relation]:
    """Every relationship row with both ends resolved (self-links and unnamed ends dropped)."""
    if not store.table_exists("relationships") or store.count("relationships") == 0:
        return []
    people = PersonRefs(store)
    addresses = _address_names(store)
    out: list[Relation] = []
    for r in store.query_dicts(
            "SELECT source_system, relationship_id, from_type, from_ref, from_ref_type, type, "
            "subtype, to_type, to_ref, to_ref_type, first_seen, last_seen, source, "
            "source_evaluation, intelligence_assessment, handling_code, _batch, _row "
            "FROM relationships ORDER BY _batch, _row"):
        a = _end(r["from_type"], r["from_ref"], r["from_ref_type"], r["source_system"],
                 people, addresses)
        b = _end(r["to_type"], r["to_ref"], r["to_ref_type"], r["source_system"],
                 people, addresses)
        if a is None or b is None or a == b:
            continue
        out.append(Relation(a[0], a[1], b[0], b[1], str(r["type"]), r["subtype"] or None,
                            r["first_seen"], r["last_seen"], r["source"],
                            r["source_evaluation"], r["intelligence_assessment"],
                            r["handling_code"], r["source_system"], r["relationship_id"],
                            r["_batch"], r["_row"]))
    return out


def _end(kind: str | None, ref: Any, ref_type: str | None, system: str | None,
         people: PersonRefs, addresses: dict[str, str]) -> tuple[str, str] | None:
    if kind is None or ref is None or not str(ref).strip():
        return None
    text = str(ref).strip()
    node = END_KINDS.get(kind, kind)
    if node == "person":
        if ref_type == "phone":
            return "phone", phone_type.try_clean(text) or text
        found = people.person(text, ref_type, system)
        return ("person", found) if found else None
    if node == "phone" or ref_type == "phone":
        return "phone", phone_type.try_clean(text) or text
    if node == "address" and ref_type in (None, "record_id"):
        return "address", addresses.get(text, text)
    return node, text


def person_links(relations: list[Relation],
                 types: tuple[str, ...] = PERSON_LINK_TYPES) -> list[Relation]:
    """Relationships between two persons, of ``types``."""
    return [r for r in relations
            if r.a_kind == "person" and r.b_kind == "person" and r.type in types]


def by_person(relations: list[Relation]) -> dict[str, list[tuple[str, Relation]]]:
    """Person -> (other person, relationship) for every person-to-person link, both ways."""
    found: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for r in person_links(relations):
        found[r.a_key].append((r.b_key, r))
        found[r.b_key].append((r.a_key, r))
    return found


@dataclass(frozen=True)
class Party:
    """A person recorded as party to an event through a relationship (suspect, victim ...)."""

    person_id: str
    event_id: str
    role: str
    relation: Relation


def event_parties(relations: list[Relation]) -> list[Party]:
    """Parties to events (``party_to``, ``suspect_in``, ``victim_in``, ``witness_to``)."""
    out = []
    for r in relations:
        if r.type not in PARTY_TYPES:
            continue
        if r.a_kind == "person" and r.b_kind == "event":
            out.append(Party(r.a_key, r.b_key, PARTY_TYPES[r.type], r))
        elif r.b_kind == "person" and r.a_kind == "event":
            out.append(Party(r.b_key, r.a_key, PARTY_TYPES[r.type], r))
    return out
