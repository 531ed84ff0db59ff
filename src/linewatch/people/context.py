"""What the scoring and safeguarding stages read from the store, loaded once per run.

Everything here is read through bound SQL. Tables written by other stages (``person_roles``,
``phone_roles``, ``phone_persons`` ...) may be missing: the loaders then return nothing, and
the components that need them say so in their explanation instead of failing.

This module deliberately reads no protected characteristic (sex, ethnicity, religion, date of
birth ...): the priority score cannot use what it never loads. The safeguarding stage reads the
date of birth separately, only to recognise children (see ``linewatch.safeguard``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from linewatch.network.relations import Party, Relation, by_person, event_parties, load_relations
from linewatch.storage import Store

#: roles that make an event count against the person; ``party`` is a relationship's
#: ``party_to``, the link a records system writes when it does not say more (victims and
#: witnesses have their own link types, ``victim_in`` and ``witness_to``)
OFFENDER_ROLES = ("suspect", "subject", "party")
LINE_PHONE_ROLES = ("deal_line", "controller", "runner", "trap")


@dataclass(frozen=True)
class Event:
    """One ``events`` row about a resolved person."""

    person_id: str
    source_system: str
    event_id: str
    event_type: str
    occurred_at: dt.datetime
    role: str | None
    address: str | None
    postcode: str | None
    lat: float | None
    lon: float | None
    offence: str | None
    outcome: str | None
    detail: str | None
    offence_code: str | None = None
    crime_category: str | None = None

    @property
    def offence_texts(self) -> list[str]:
        """What may name the offence, most specific first: the offence as written, the Home
        Office offence code, the police.uk category of a recorded crime."""
        return [t for t in (self.offence, self.offence_code, self.crime_category) if t]

    @property
    def ref(self) -> dict[str, str]:
        return {"table": "events", "source_system": self.source_system,
                "event_id": self.event_id}

    def evidence(self, **extra: Any) -> dict[str, Any]:
        """A court-readable reference to the event with its type and date."""
        item: dict[str, Any] = {**self.ref, "event_type": self.event_type,
                                "occurred_at": self.occurred_at.isoformat(sep=" ")}
        item.update({k: v for k, v in extra.items() if v is not None})
        return item

    @property
    def as_offender(self) -> bool:
        return self.role is None or self.role in OFFENDER_ROLES


@dataclass
class Context:
    """The inputs of one scoring or safeguarding run."""

    reference: dt.datetime
    person_ids: list[str]
    names: dict[str, str]
    homes: dict[str, tuple[str | None, str | None]]
    flags: dict[str, set[str]]
    events: dict[str, list[Event]]
    seizures: dict[tuple[str, str], list[dict[str, Any]]]
    phones: dict[str, set[str]]
    person_roles: dict[str, list[dict[str, Any]]]
    phone_roles: dict[str, dict[str, Any]]
    tables: set[str] = field(default_factory=set)
    #: person -> (other person, relationship) for every person-to-person link (contract v2)
    related: dict[str, list[tuple[str, Relation]]] = field(default_factory=dict)

    def seizures_at(self, event: Event) -> list[dict[str, Any]]:
        return self.seizures.get((event.source_system, event.event_id), [])

    def best_role(self, person_id: str) -> dict[str, Any] | None:
        rows = self.person_roles.get(person_id, [])
        return max(rows, key=lambda r: float(r.get("confidence") or 0.0)) if rows else None

    def numbers_with_role(self, *roles: str) -> dict[str, dict[str, Any]]:
        return {n: r for n, r in self.phone_roles.items() if r.get("role") in roles}


def reference_time(store: Store, params: dict[str, Any] | None = None) -> dt.datetime:
    """The analysis reference instant: the latest event or call in the store (never wall clock).

    ``params["reference_date"]`` (ISO date or datetime) overrides it.
    """
    given = (params or {}).get("reference_date")
    if given:
        value = given if isinstance(given, dt.datetime) else dt.datetime.fromisoformat(str(given))
        return value.replace(tzinfo=None)
    latest = store.scalar("SELECT greatest((SELECT max(occurred_at) FROM events), "
                          "(SELECT max(start_time) FROM cdr))")
    if latest is None:
        return dt.datetime(1970, 1, 1)
    return latest if isinstance(latest, dt.datetime) else dt.datetime.combine(latest, dt.time())


def load_context(store: Store, params: dict[str, Any] | None = None) -> Context:
    """Load persons, their events, seizures, phones and roles for one run."""
    params = params or {}
    tables = {t for t in ("persons", "person_records", "phone_persons", "phone_roles",
                          "person_roles", "phone_handsets", "line_addresses")
              if store.table_exists(t)}
    ctx = Context(reference=reference_time(store, params), person_ids=[], names={}, homes={},
                  flags={}, events=defaultdict(list), seizures=defaultdict(list),
                  phones=defaultdict(set), person_roles=defaultdict(list), phone_roles={},
                  tables=tables)
    if "persons" in tables:
        for pid, name, address, postcode, flags, phones in store.query(
                "SELECT person_id, display_name, address, postcode, flags, phones FROM persons "
                "ORDER BY person_id"):
            ctx.person_ids.append(pid)
            ctx.names[pid] = name or pid
            ctx.homes[pid] = (address, postcode)
            ctx.flags[pid] = {str(f).strip().lower() for f in flags or []}
            ctx.phones[pid].update(phones or [])
    if "person_records" in tables:
        _load_events(store, ctx)
    relations = load_relations(store)
    ctx.related = dict(by_person(relations))
    _load_parties(store, ctx, event_parties(relations))
    _load_seizures(store, ctx)
    min_conf = float(params.get("min_phone_confidence", 0.5))
    if "phone_persons" in tables:
        for number, pid in store.query(
                "SELECT number, person_id FROM phone_persons WHERE confidence >= ? "
                "AND person_id IS NOT NULL", [min_conf]):
            ctx.phones[pid].add(number)
    if "phone_roles" in tables:
        for number, role, line_id, pid, conf in store.query(
                "SELECT number, role, line_id, person_id, confidence FROM phone_roles"):
            ctx.phone_roles[number] = {"number": number, "role": role, "line_id": line_id,
                                       "person_id": pid, "confidence": conf}
            if pid is not None and role in LINE_PHONE_ROLES:
                ctx.phones[pid].add(number)
    if "person_roles" in tables:
        for pid, role, line_id, conf, evidence in store.query(
                "SELECT person_id, role, line_id, confidence, evidence FROM person_roles"):
            ctx.person_roles[pid].append({"role": role, "line_id": line_id,
                                          "confidence": 1.0 if conf is None else float(conf),
                                          "evidence": evidence})
    return ctx


_EVENT_COLUMNS = ("e.source_system, e.event_id, e.event_type, e.occurred_at, e.role, e.address, "
                  "e.postcode, e.lat, e.lon, e.offence, e.outcome, e.detail, e.offence_code, "
                  "e.crime_category")


def _load_events(store: Store, ctx: Context) -> None:
    rows = store.query(
        f"SELECT pr.person_id, {_EVENT_COLUMNS} "  # noqa: S608 - a constant column list
        "FROM events e JOIN person_records pr "
        "ON pr.source_system = e.source_system AND pr.record_id = e.record_id "
        "ORDER BY e.occurred_at, e.source_system, e.event_id")
    for row in rows:
        ctx.events[row[0]].append(Event(*row))


def _load_parties(store: Store, ctx: Context, parties: list[Party]) -> None:
    """Events a resolved person is party to through a relationship (contract v2), with the
    role the relationship gives; an event already on their record is not added twice."""
    known = set(ctx.person_ids)
    wanted = sorted({p.event_id for p in parties if p.person_id in known})
    if not wanted:
        return
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in store.query(f"SELECT {_EVENT_COLUMNS} FROM events e "  # noqa: S608 - constant
                           "WHERE list_contains(?, e.event_id)", [wanted]):
        rows[row[1]].append(row)
    added = False
    for party in parties:
        if party.person_id not in known:
            continue
        found = rows.get(party.event_id, [])
        same = [r for r in found if r[0] == party.relation.source_system] or found
        for row in same[:1]:
            have = {(e.source_system, e.event_id) for e in ctx.events[party.person_id]}
            if (row[0], row[1]) in have or row[3] is None:
                continue
            values = (party.person_id, *row[:4], party.role, *row[5:])
            ctx.events[party.person_id].append(Event(*values))
            added = True
    if added:
        for events in ctx.events.values():
            events.sort(key=lambda e: (e.occurred_at, e.source_system, e.event_id))


def _load_seizures(store: Store, ctx: Context) -> None:
    """Seizures keyed by their event; a seizure without a source system joins by event id."""
    by_id: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for events in ctx.events.values():
        for e in events:
            by_id[e.event_id].append((e.source_system, e.event_id))
    rows = store.query_dicts(
        "SELECT seizure_id, source_system, event_id, item_type, drug_name, drug_class, "
        "quantity, unit, value_gbp FROM seizures WHERE event_id IS NOT NULL")
    for row in rows:
        for key in by_id.get(row["event_id"], []):
            if row["source_system"] in (None, key[0]):
                ctx.seizures[key].append(row)


_POSTCODE_IN_TEXT = re.compile(r"\b([a-z]{1,2}[0-9][a-z0-9]?)\s*([0-9][a-z]{2})\s*$")
_ABBREVIATIONS = {
    "rd": "road", "st": "street", "ln": "lane", "ave": "avenue", "av": "avenue",
    "cl": "close", "ct": "court", "dr": "drive", "cres": "crescent", "gdns": "gardens",
    "pl": "place", "sq": "square", "tce": "terrace", "ter": "terrace", "gr": "grove",
    "pk": "park", "wk": "walk", "hse": "house", "est": "estate", "mt": "mount",
    "apt": "flat", "apartment": "flat", "unit": "flat", "room": "flat",
}
_STREET_WORDS = {
    "road", "street", "lane", "avenue", "close", "court", "drive", "crescent", "gardens",
    "place", "square", "terrace", "grove", "park", "walk", "way", "rise", "mews", "hill",
    "row", "view", "green", "parade", "gate", "yard", "wharf", "vale", "circus", "estate",
    "house", "mount", "approach", "boulevard", "broadway", "path", "passage", "quay", "end",
}


def address_key(address: str | None, postcode: str | None = None) -> str | None:
    """A matching key for a free-text address: ``'<flat>/<number> <street>|<POSTCODE>'``.

    Lower case, punctuation removed, common abbreviations expanded (``Rd`` -> ``road``), the
    flat number recognised wherever it is written (``Flat 4, 16 ...``, ``16 ... Flat 4``,
    ``4/16 ...``), the postcode removed, and the street cut after its street word (road,
    lane ...) or at the next comma, so ``"Flat 11, 11 Spencer Ln, Chatham"`` and
    ``"FLAT 11, 11 SPENCER LANE"`` share a key. A postcode at the end of the text is used when
    ``postcode`` is not given. No place name is involved.
    """
    text = (address or "").lower()
    if not postcode:
        found = _POSTCODE_IN_TEXT.search(text)
        if found:
            postcode = f"{found.group(1)} {found.group(2)}".upper()
    if postcode:
        text = text.replace(postcode.lower(), " ").replace(postcode.lower().replace(" ", ""), " ")
    flat = None
    slash = re.search(r"\b(\d+[a-z]?)\s*/\s*(\d+[a-z]?)\b", text)
    if slash:
        flat = slash.group(1)
        text = text[:slash.start()] + " " + slash.group(2) + " " + text[slash.end():]
    parts = [[_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z0-9]+", part)]
             for part in text.split(",")]
    street: list[str] = []
    for words in parts:
        i = 0
        while i < len(words):
            if words[i] == "flat" and i + 1 < len(words):
                flat = flat or words[i + 1]
                del words[i:i + 2]
            else:
                i += 1
    for words in parts:
        if not words:
            continue
        if street:
            break
        for i, word in enumerate(words):
            street.append(word)
            if word in _STREET_WORDS and i > 0:
                break
        if not any(w[0].isdigit() for w in street):
            street = street if len(parts) == 1 else []
    if not street:
        street = [w for words in parts for w in words]
    if not street:
        return None
    prefix = f"{flat}/" if flat else ""
    return f"{prefix}{' '.join(street)}|{(postcode or '').upper()}"


def contacts_with(store: Store, person_phones: dict[str, set[str]],
                  focus_numbers: set[str]) -> list[dict[str, Any]]:
    """Call/text contact between each person's phones and a set of focus numbers.

    Returns one row per (person, focus number) with the number of cdr events, the first and
    last time, and the provenance of the first event, so an explanation can cite it.
    """
    if not focus_numbers or not person_phones or store.count("cdr") == 0:
        return []
    owners = pa.table({
        "person_id": [p for p, nums in person_phones.items() for _ in nums],
        "number": [n for nums in person_phones.values() for n in nums],
    })
    focus = pa.table({"number": sorted(focus_numbers)})
    with store.registered("lw_owner_phones", owners), store.registered("lw_focus", focus):
        return store.query_dicts(
            "WITH c AS ("
            " SELECT cdr.a_number AS own, cdr.b_number AS other, cdr.start_time, cdr._batch,"
            "  cdr._row FROM cdr JOIN lw_focus f ON cdr.b_number = f.number"
            " UNION ALL"
            " SELECT cdr.b_number AS own, cdr.a_number AS other, cdr.start_time, cdr._batch,"
            "  cdr._row FROM cdr JOIN lw_focus f ON cdr.a_number = f.number)"
            " SELECT o.person_id, c.other AS focus_number, count(*) AS n,"
            "  min(c.start_time) AS first_seen, max(c.start_time) AS last_seen,"
            "  arg_min(c._batch, c.start_time) AS first_batch,"
            "  arg_min(c._row, c.start_time) AS first_row"
            " FROM c JOIN lw_owner_phones o ON o.number = c.own"
            " WHERE c.own <> c.other"
            " GROUP BY o.person_id, c.other ORDER BY o.person_id, c.other")


def cdr_ref(row: dict[str, Any]) -> dict[str, Any]:
    """The cdr provenance of a contact row (first event)."""
    return {"table": "cdr", "_batch": row.get("first_batch"), "_row": row.get("first_row"),
            "n_events": row.get("n"), "first_seen": str(row.get("first_seen")),
            "last_seen": str(row.get("last_seen"))}
