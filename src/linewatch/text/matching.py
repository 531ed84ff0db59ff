"""Mentions matched to what the store already knows: phones, vehicles, persons, addresses, lines.

A :class:`Matcher` is built once per run from every mention of every text (each look-up is one
SQL join of the distinct values mentioned against the store), then answers per text. A mention
may match several entities (a phone: the number itself, the person behind it, its deal line);
each is one :class:`~linewatch.text.lookup.Match` with its method and confidence.

Phones (E.164, exact):

* ``phone``: the number when it is in ``cdr`` (either side), ``subscribers``, ``nominals.phone``
  or ``phone_roles``; confidence 1.0, method ``exact:<where>``, evidence the counts;
* ``person`` (or ``nominal``): the person behind it from ``phone_persons`` (its confidence),
  ``phone_roles.person_id`` (its confidence) and nominal records giving the number (0.8,
  ``nominal_phone``); one match per person, at the highest confidence;
* ``line``: the deal line it belongs to, from ``line_numbers`` (1.0) or ``phone_roles.line_id``
  when its role is deal line, controller, runner or trap (its confidence; a customer's number
  does not belong to the line it buys from).

Plates (compact, exact) match ``vehicle`` when read by ``anpr`` or on a ``seizures`` row (1.0).
Names, nicknames, addresses and postcodes: :mod:`.matching_names`, :mod:`.matching_addresses`.
Deal-line names ("the 'Bobby' line") match the ``line`` of the phones mentioned in the same text
(0.8, shared when those phones belong to several lines; method ``same_text_phone``). Drugs,
weapons, money, places and operation names are kept but matched to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linewatch.schema.types.names import default_variants, load_variants, normalise
from linewatch.settings.text import MatchConfidence
from linewatch.storage import Store
from linewatch.text.lookup import Match, has_columns, merge_matches, record_entities, wanted
from linewatch.text.matching_addresses import AddressIndex, PostcodeIndex
from linewatch.text.matching_details import Details
from linewatch.text.matching_names import NameIndex, NicknameIndex
from linewatch.text.mentions import MentionRow

#: default match confidences (settings: ``TextSettings.confidence``)
CONFIDENCE = {k: v for k, v in MatchConfidence().model_dump().items()
              if k in ("nominal_phone", "phone_roles_person", "same_text_phone")}
LINE_ROLES = ("deal_line", "controller", "runner", "trap")


class Matcher:
    """Every look-up a run's mentions need, done once; :meth:`match_text` per text."""

    def __init__(self, store: Store, rows: Iterable[MentionRow],
                 params: dict[str, Any] | None = None) -> None:
        p = params or {}
        confidence = {**CONFIDENCE, **(p.get("confidence") or {})}
        self.confidence = confidence
        variants = load_variants(p["name_variants"]) if p.get("name_variants") else \
            default_variants()
        by_type: dict[str, set[str]] = {}
        for r in rows:
            by_type.setdefault(r.mention_type, set()).add(r.normalised)
        self.phones = _phone_facts(store, by_type.get("phone", set()))
        self.plates = _plate_facts(store, by_type.get("plate", set()))
        self.names = NameIndex(store, by_type.get("person_name", set()), variants, confidence)
        self.nicknames = NicknameIndex(store, by_type.get("nickname", set()), confidence)
        self.addresses = AddressIndex(store, by_type.get("address", set()), confidence)
        self.postcodes = PostcodeIndex(store, by_type.get("postcode", set()), confidence)
        self.phone_entities = record_entities(
            store, [rec for facts in self.phones.values() for rec in facts["nominals"]])

    def match_text(self, rows: list[MentionRow]) -> list[list[Match]]:
        """The matches of each row of one text (an empty list for an unmatched mention)."""
        out = [self.match(r) for r in rows]
        lines = sorted({m.matched_id for r, ms in zip(rows, out, strict=True)
                        if r.mention_type == "phone" for m in ms if m.matched_type == "line"})
        phones = sorted({r.normalised for r in rows if r.mention_type == "phone"})
        for i, r in enumerate(rows):
            if r.mention_type == "line_name" and lines:
                share = self.confidence["same_text_phone"] / len(lines)
                out[i] = [Match("line", line, "same_text_phone", round(share, 4),
                                {"phones_in_text": phones, "candidates": len(lines)})
                          for line in lines]
        return out

    def match(self, row: MentionRow) -> list[Match]:
        kind, value = row.mention_type, row.normalised
        if kind == "phone":
            return self._phone(value)
        if kind == "plate":
            facts = self.plates.get(value)
            if not facts:
                return []
            return [Match("vehicle", value, "exact:" + "+".join(sorted(facts)), 1.0, facts)]
        if kind == "person_name":
            return self.names.match(value, Details(row.age, row.town, row.text_date))
        if kind == "nickname":
            return self.nicknames.match(value)
        if kind == "address":
            return self.addresses.match(value)
        if kind == "postcode":
            return self.postcodes.match(value)
        return []

    def _phone(self, number: str) -> list[Match]:
        facts = self.phones.get(number)
        if not facts:
            return []
        seen = {k: v for k, v in (("cdr", facts["cdr_events"]),
                                  ("subscribers", facts["subscriber"]),
                                  ("nominals", facts["nominals"]),
                                  ("phone_roles", facts["role"])) if v}
        out: list[Match] = []
        if seen:
            evidence = {"cdr_events": facts["cdr_events"], "subscriber": facts["subscriber"],
                        "nominal_records": [":".join(r) for r in facts["nominals"]],
                        "role": facts["role"]}
            out.append(Match("phone", number, "exact:" + "+".join(seen), 1.0, evidence))
        people: list[Match] = []
        for person, conf in facts["phone_persons"]:
            people.append(Match("person", person, "phone_persons", conf, {"number": number}))
        if facts["role_person"]:
            person, conf = facts["role_person"]
            people.append(Match("person", person, "phone_roles",
                                conf if conf is not None else
                                self.confidence["phone_roles_person"], {"number": number}))
        for rec in facts["nominals"]:
            kind, ident = self.phone_entities[rec]
            people.append(Match(kind, ident, "nominal_phone", self.confidence["nominal_phone"],
                                {"number": number, "records": [":".join(rec)]}))
        out += merge_matches(people)
        out += merge_matches(Match("line", line, method, conf, {"number": number})
                             for line, method, conf in facts["lines"])
        return out


def _empty_phone() -> dict[str, Any]:
    return {"cdr_events": 0, "subscriber": None, "nominals": [], "role": None,
            "role_person": None, "phone_persons": [], "lines": []}


def _phone_facts(store: Store, numbers: set[str]) -> dict[str, dict[str, Any]]:
    """What the store says about each number: cdr counts, subscriber, records, roles, lines."""
    facts: dict[str, dict[str, Any]] = {n: _empty_phone() for n in numbers}
    if not numbers:
        return facts
    with wanted(store, numbers):
        if has_columns(store, "cdr", ("a_number", "b_number")):
            for side in ("a_number", "b_number"):
                for number, n in store.query(
                        f"SELECT w.value, count(*) FROM lw_text_wanted w JOIN cdr c "  # noqa: S608
                        f"ON c.{side} = w.value GROUP BY 1"):
                    facts[number]["cdr_events"] += int(n)
        if has_columns(store, "subscribers", ("number", "account_type", "subscriber_name")):
            for number, account, name in store.query(
                    "SELECT number, any_value(account_type), any_value(subscriber_name) "
                    "FROM subscribers WHERE number IN (SELECT value FROM lw_text_wanted) "
                    "GROUP BY 1"):
                facts[number]["subscriber"] = {"account_type": account, "name": name}
        if has_columns(store, "nominals", ("phone", "record_id")):
            for system, record, number in store.query(
                    "SELECT DISTINCT source_system, record_id, p FROM (SELECT source_system, "
                    "record_id, unnest(phone) AS p FROM nominals) "
                    "WHERE p IN (SELECT value FROM lw_text_wanted) AND record_id IS NOT NULL "
                    "ORDER BY 1, 2"):
                facts[number]["nominals"].append((str(system), str(record)))
        if has_columns(store, "phone_persons", ("number", "person_id", "confidence")):
            for number, person, conf in store.query(
                    "SELECT number, person_id, max(confidence) FROM phone_persons "
                    "WHERE number IN (SELECT value FROM lw_text_wanted) "
                    "AND person_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"):
                facts[number]["phone_persons"].append((str(person), float(conf or 0.0)))
        if has_columns(store, "phone_roles",
                       ("number", "role", "line_id", "person_id", "confidence")):
            for number, role, line, person, conf in store.query(
                    "SELECT number, role, line_id, person_id, confidence FROM phone_roles "
                    "WHERE number IN (SELECT value FROM lw_text_wanted)"):
                f = facts[number]
                f["role"] = role
                if person is not None:
                    f["role_person"] = (str(person), None if conf is None else float(conf))
                if line is not None and role in LINE_ROLES:
                    f["lines"].append((str(line), "phone_roles",
                                       1.0 if conf is None else float(conf)))
        if has_columns(store, "line_numbers", ("line_id", "number")):
            for number, line in store.query(
                    "SELECT DISTINCT number, line_id FROM line_numbers "
                    "WHERE number IN (SELECT value FROM lw_text_wanted)"):
                facts[number]["lines"].append((str(line), "line_numbers", 1.0))
    return {n: f for n, f in facts.items()
            if f["cdr_events"] or f["subscriber"] or f["nominals"] or f["role"] or f["lines"]
            or f["phone_persons"]}


def _plate_facts(store: Store, plates: set[str]) -> dict[str, dict[str, Any]]:
    """ANPR reads (count, first, last) and seizure ids of each compact plate."""
    facts: dict[str, dict[str, Any]] = {}
    if not plates:
        return facts
    with wanted(store, plates):
        if has_columns(store, "anpr", ("vrm", "read_at")):
            for vrm, n, first, last in store.query(
                    "SELECT w.value, count(*), min(a.read_at), max(a.read_at) "
                    "FROM lw_text_wanted w JOIN anpr a "
                    "ON replace(upper(a.vrm), ' ', '') = w.value GROUP BY 1"):
                facts.setdefault(vrm, {})["anpr"] = {"reads": int(n), "first": str(first),
                                                     "last": str(last)}
        if has_columns(store, "seizures", ("vrm", "seizure_id")):
            for vrm, ids in store.query(
                    "SELECT w.value, list(DISTINCT s.seizure_id ORDER BY s.seizure_id) "
                    "FROM lw_text_wanted w JOIN seizures s "
                    "ON replace(upper(s.vrm), ' ', '') = w.value GROUP BY 1"):
                facts.setdefault(vrm, {})["seizures"] = list(ids)
    return facts


def known_forenames(store: Store, params: dict[str, Any] | None = None) -> set[str]:
    """Forenames that make "Forename SURNAME" a name: the variant table and nominal records."""
    p = params or {}
    variants = load_variants(p["name_variants"]) if p.get("name_variants") else \
        default_variants()
    names = set(variants)
    if has_columns(store, "nominals", ("forenames",)):
        for (raw,) in store.query(
                "SELECT DISTINCT forenames FROM nominals WHERE forenames IS NOT NULL"):
            tokens = (normalise(raw) or "").split()
            if tokens and len(tokens[0]) > 1:
                names.add(tokens[0])
    return names
