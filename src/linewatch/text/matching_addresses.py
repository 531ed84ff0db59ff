"""Street addresses and postcodes in text matched to ``addresses`` and nominal records.

An address is compared on the keys entity resolution uses (:func:`linewatch.schema.types.
match_keys.address_keys`): the dwelling (flat + number + street, abbreviations expanded: "19 HOLLY RD" is
"19 HOLLY ROAD") and the building (number + street). Then the place must agree:

* both give a postcode: it must be the same (a different postcode is a different street);
* otherwise both give a town: it must be the same;
* when one side gives neither, the match is kept with its confidence cut by 0.6 (the same
  "12 High Street" exists in many towns).

=====================  ===============================================  ==========
method                 rule                                             confidence
=====================  ===============================================  ==========
``address_exact``      same dwelling (flat, number, street)             0.9 (+0.1 same postcode)
``address_building``   same building, flat given on one side only       0.7 (+0.1 same postcode)
=====================  ===============================================  ==========

The entity is the address as ``addresses`` writes it; an address known only from nominal
records is written as the first of its spellings there. The nominal records (and persons) whose
home it is are listed in the evidence (``resident_records``, ``resident_persons``): a report that drugs are stored at an
address is about the address, and a resident may be a victim of cuckooing, so the address match
is never turned into support for the resident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from linewatch.schema.types import postcode as postcode_type
from linewatch.schema.types.match_keys import address_keys
from linewatch.settings.text import MatchConfidence
from linewatch.storage import Store
from linewatch.text.lookup import Match, has_columns, record_entities, split_ambiguous, wanted

#: default match confidences (settings: ``TextSettings.confidence``)
CONFIDENCE = {k: v for k, v in MatchConfidence().model_dump().items()
              if k in ("address_exact", "address_building",
                       "postcode_bonus", "unplaced_factor", "postcode")}
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
_STREET_WORDS = frozenset({
    "ROAD", "STREET", "AVENUE", "CLOSE", "CRESCENT", "DRIVE", "LANE", "GARDENS", "COURT",
    "PLACE", "SQUARE", "TERRACE", "HOUSE", "FLAT", "GREEN", "GROVE", "PARK", "WAY", "HILL",
    "ESTATE", "NORTH", "SOUTH", "EAST", "WEST", "MEWS", "WALK", "RISE", "VIEW", "ROW",
})


@dataclass(frozen=True)
class AddressKey:
    dwelling: str
    building: str
    flat: str | None
    postcode: str | None
    town: str | None


def address_key(value: str) -> AddressKey | None:
    """Keys of one written address ("Flat 2, 14 Acacia Ave, Chatham ME4 4QU")."""
    keys = address_keys(value)
    if not keys["addr_key"] or not keys["addr_num"]:
        return None
    found = _POSTCODE.search(value)
    postcode = postcode_type.try_clean(found.group(0)) if found else None
    without = _POSTCODE.sub(" ", value)
    segments = [s.strip().upper() for s in without.split(",") if s.strip()]
    town = None
    if len(segments) >= 2 and not re.search(r"\d", segments[-1]):
        town = re.sub(r"[^A-Z ]+", "", segments[-1]).strip() or None
    dwelling = str(keys["addr_key"])
    flat = dwelling.split()[0][1:] if dwelling.startswith("F") and dwelling != \
        keys["addr_street"] else None
    return AddressKey(dwelling, str(keys["addr_street"]), flat, postcode, town)


def _street_word(key: AddressKey) -> str | None:
    words = [w for w in key.building.split() if w.isalpha() and w not in _STREET_WORDS]
    return max(words, key=len) if words else None


class AddressIndex:
    """Known addresses sharing a street word with an address a run's texts mention."""

    def __init__(self, store: Store, values: Iterable[str],
                 confidence: dict[str, float] | None = None) -> None:
        self.confidence = {**CONFIDENCE, **(confidence or {})}
        self.keys = {v: address_key(v) for v in set(values)}
        self.known: list[dict[str, Any]] = []
        words = sorted({w for k in self.keys.values() if k and (w := _street_word(k))})
        if not words:
            return
        pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
        if has_columns(store, "addresses", ("address", "postcode")):
            for address, postcode in store.query(
                    "SELECT DISTINCT address, postcode FROM addresses "
                    "WHERE regexp_matches(upper(address), ?)", [pattern]):
                self._add(address, postcode, None)
        if has_columns(store, "nominals", ("address", "postcode", "record_id")):
            rows = store.query(
                "SELECT DISTINCT source_system, record_id, address, postcode FROM nominals "
                "WHERE regexp_matches(upper(address), ?) AND record_id IS NOT NULL", [pattern])
            entities = record_entities(store, [(str(r[0]), str(r[1])) for r in rows])
            for system, record, address, postcode in rows:
                self._add(address, postcode, (str(system), str(record)),
                          entities[(str(system), str(record))])

    def _add(self, address: str, postcode: str | None, record: tuple[str, str] | None,
             entity: tuple[str, str] | None = None) -> None:
        key = address_key(address if not postcode else f"{address} {postcode}")
        if key is not None:
            self.known.append({"address": address, "key": key, "record": record,
                               "entity": entity})

    def match(self, value: str) -> list[Match]:
        key = self.keys.get(value) or address_key(value)
        if key is None:
            return []
        hits: list[tuple[str, float, dict[str, Any]]] = []
        for known in self.known:
            scored = self._score(key, known["key"])
            if scored:
                hits.append((*scored, known))
        if not hits:
            return []
        best = max(c for _, c, _ in hits)
        kept = [{**known, "method": method} for method, c, known in hits if c == best]
        table = [k for k in kept if k["record"] is None]
        groups: dict[str, list[dict[str, Any]]] = {}
        for k in table:
            groups.setdefault(k["address"], []).append(k)
        for k in kept:
            if k["record"] is None:
                continue
            target = next((t["address"] for t in table
                           if t["key"].building == k["key"].building), None)
            if target is None:
                target = min(o["address"] for o in kept
                             if o["record"] and o["key"].dwelling == k["key"].dwelling)
            groups.setdefault(target, []).append(k)
        matches = []
        for target, items in sorted(groups.items()):
            residents = sorted({":".join(i["record"]) for i in items if i["record"]})
            persons = sorted({i["entity"][1] for i in items
                              if i["record"] and i["entity"][0] == "person"})
            sources = sorted({"nominals" if i["record"] else "addresses" for i in items})
            matches.append(Match("address", target, items[0]["method"], round(best, 4), {
                "sources": sources, "resident_records": residents, "resident_persons": persons,
                "postcode": key.postcode, "town": key.town}))
        return split_ambiguous(matches)

    def _score(self, mention: AddressKey, known: AddressKey) -> tuple[str, float] | None:
        if mention.dwelling == known.dwelling:
            method = "address_exact"
        elif mention.building == known.building and (mention.flat is None or known.flat is None):
            method = "address_building"
        else:
            return None
        confidence = self.confidence[method]
        if mention.postcode and known.postcode:
            if mention.postcode != known.postcode:
                return None
            confidence += self.confidence["postcode_bonus"]
        elif mention.town and known.town:
            if mention.town != known.town:
                return None
        else:
            confidence *= self.confidence["unplaced_factor"]
        return method, min(1.0, confidence)


class PostcodeIndex:
    """Postcodes known to ``addresses``, ``nominals`` or ``events``, with how often."""

    def __init__(self, store: Store, postcodes: Iterable[str],
                 confidence: dict[str, float] | None = None) -> None:
        self.confidence = {**CONFIDENCE, **(confidence or {})}["postcode"]
        self.counts: dict[str, dict[str, int]] = {}
        values = set(postcodes)
        if not values:
            return
        with wanted(store, values):
            for table in ("addresses", "nominals", "events"):
                if not has_columns(store, table, ("postcode",)):
                    continue
                for postcode, n in store.query(
                        f"SELECT postcode, count(*) FROM {table} "  # noqa: S608 - fixed names
                        "WHERE postcode IN (SELECT value FROM lw_text_wanted) GROUP BY 1"):
                    self.counts.setdefault(str(postcode), {})[table] = int(n)

    def match(self, postcode: str) -> list[Match]:
        counts = self.counts.get(postcode)
        if not counts:
            return []
        return [Match("postcode", postcode, "exact:" + "+".join(sorted(counts)),
                      self.confidence, {"records": counts})]
