"""Names and nicknames in text matched to nominal records, and through them to persons.

Names are compared on the keys entity resolution uses (:mod:`linewatch.schema.types.names`):
upper case without accents or punctuation, the surname with spaces removed, a forename's
variant groups (``TOM`` = ``THOMAS``) and the Metaphone code of the surname. Tiers, best first:

=================  ========================================================  ==========
method             rule                                                      confidence
=================  ========================================================  ==========
``name_exact``     same surname and first forename                           0.9
``name_variant``   same surname, forenames in one variant group              0.75
``name_phonetic``  surnames sound alike (Metaphone), forenames as above      0.6
``name_initial``   same surname, one side gives only the forename's initial  0.4
``nickname``       the nickname on a person or nominal record (any case)     0.6
=================  ========================================================  ==========

Only the best tier reached is kept; when it holds several persons, the confidence is shared
among them (two "Jay Smith"s give 0.45 each) and the evidence says how many there were. What
the text says about the person (age, home town) is checked against each record
(:mod:`.matching_details`): a record whose age differs is someone else, and agreeing details
raise the confidence and are written into the evidence with one sentence of explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from linewatch.schema.types.match_keys import forename_keys, surname_keys
from linewatch.schema.types.names import metaphone, name_groups, normalise
from linewatch.settings.text import MatchConfidence
from linewatch.storage import Store
from linewatch.text.lookup import Match, has_columns, record_entities, split_ambiguous, wanted
from linewatch.text.matching_details import AGREEMENT_BONUS, Details, compare, explain

#: default match confidences (settings: ``TextSettings.confidence``)
CONFIDENCE = {k: v for k, v in MatchConfidence().model_dump().items()
              if k in ("name_exact", "name_variant", "name_phonetic", "name_initial", "nickname")}
_TIERS = ("name_exact", "name_variant", "name_phonetic", "name_initial")
_PARTICLES = frozenset({"MC", "MAC", "O", "DE", "DI", "DA", "DU", "LE", "LA", "VAN", "VON"})


@dataclass(frozen=True)
class NameKey:
    forename: str
    surname: str
    groups: frozenset[str]
    phon: str | None


def name_key(full: str, variants: dict[str, list[str]]) -> NameKey | None:
    """Keys of "Forename [Middle] Surname" as written in a text; ``None`` for a single word."""
    tokens = (normalise(full) or "").split()
    if len(tokens) < 2:
        return None
    surname = tokens[-1]
    if len(tokens) > 2 and tokens[-2] in _PARTICLES:
        surname = tokens[-2] + surname
    forename = tokens[0]
    return NameKey(forename, surname, frozenset(name_groups(forename, variants) or []),
                   metaphone(surname))


def nickname_key(value: str) -> str:
    """``K-Dog`` and ``KDOG`` agree: upper case, letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())


class NameIndex:
    """The nominal records whose surname a run's texts mention (by spelling or sound)."""

    def __init__(self, store: Store, names: Iterable[str], variants: dict[str, list[str]],
                 confidence: dict[str, float] | None = None) -> None:
        self.variants = variants
        self.confidence = {**CONFIDENCE, **(confidence or {})}
        self.keys = {n: name_key(n, variants) for n in set(names)}
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.entities: dict[tuple[str, str], tuple[str, str]] = {}
        wanted_surnames = {k.surname for k in self.keys.values() if k}
        wanted_phon = {k.phon for k in self.keys.values() if k and k.phon}
        if not wanted_surnames or not store.table_exists("nominals"):
            return
        raw = [r[0] for r in store.query(
            "SELECT DISTINCT surname FROM nominals WHERE surname IS NOT NULL")]
        keep = []
        for value in raw:
            keys = surname_keys(value)
            if keys["surname"] in wanted_surnames or keys["surname_phon"] in wanted_phon:
                keep.append(value)
        if not keep:
            return
        dob = "dob" if has_columns(store, "nominals", ("dob",)) else "NULL"
        address = "address" if has_columns(store, "nominals", ("address",)) else "NULL"
        rows = store.query(
            f"SELECT DISTINCT source_system, record_id, forenames, surname, {dob}, "  # noqa: S608
            f"{address} FROM nominals WHERE list_contains(?, surname) AND record_id IS NOT NULL",
            [keep])
        for system, record, forenames, surname, born, lives in rows:
            fk = forename_keys(forenames, variants)
            sk = surname_keys(surname)
            self.records.setdefault(sk["surname_phon"] or "", []).append({
                "record": (str(system), str(record)), "forename": fk["forename1"],
                "groups": frozenset(fk["forename_groups"] or []), "surname": sk["surname"],
                "written": " ".join(p for p in (forenames, surname) if p),
                "dob": born, "address": lives})
        self.entities = record_entities(
            store, [r["record"] for rs in self.records.values() for r in rs])

    def match(self, name: str, details: Details | None = None) -> list[Match]:
        """The best name tier's records; with ``details`` (age, town), records whose age
        differs are dropped and those agreeing on more details are preferred."""
        key = self.keys.get(name) or name_key(name, self.variants)
        if key is None:
            return []
        found: dict[str, list[dict[str, Any]]] = {}
        for rec in self.records.get(key.phon or "", []):
            tier = _tier(key, rec)
            if tier:
                found.setdefault(tier, []).append(rec)
        for tier in _TIERS:
            if tier in found:
                matches = self._matches(tier, found[tier], details or Details())
                if matches:
                    return split_ambiguous(matches)
        return []

    def _matches(self, tier: str, records: list[dict[str, Any]],
                 details: Details) -> list[Match]:
        by_entity: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for rec in records:
            by_entity.setdefault(self.entities[rec["record"]], []).append(rec)
        checked = {entity: compare(details, recs) for entity, recs in by_entity.items()}
        kept = {e: c for e, c in checked.items() if c["age"]["status"] != "differs"}
        most = max((c["agreeing"] for c in kept.values()), default=0)
        out = []
        for (kind, ident), recs in sorted(by_entity.items()):
            checks = kept.get((kind, ident))
            if checks is None or checks["agreeing"] < most:
                continue
            evidence: dict[str, Any] = {"records": [":".join(r["record"]) for r in recs],
                                        "written": sorted({r["written"] for r in recs})}
            if details:
                evidence.update(stated={"age": details.age, "town": details.town,
                                        "text_date": details.on},
                                age=checks["age"]["status"], town=checks["town"]["status"],
                                explanation=explain(tier, checks))
            confidence = min(1.0, self.confidence[tier] + AGREEMENT_BONUS * checks["agreeing"])
            out.append(Match(kind, ident, tier, round(confidence, 4), evidence))
        return out


def _tier(key: NameKey, rec: dict[str, Any]) -> str | None:
    forename = rec["forename"]
    if not forename:
        return None
    same_forename = forename == key.forename
    variant = same_forename or bool(key.groups & rec["groups"])
    initial = (len(key.forename) == 1 or len(forename) == 1) and key.forename[0] == forename[0]
    if rec["surname"] == key.surname:
        if same_forename:
            return "name_exact"
        if variant:
            return "name_variant"
        return "name_initial" if initial else None
    return "name_phonetic" if variant else None


class NicknameIndex:
    """Persons (``persons.nicknames``) and nominal records (``nominals.nickname``) by nickname."""

    def __init__(self, store: Store, nicknames: Iterable[str],
                 confidence: dict[str, float] | None = None) -> None:
        self.confidence = {**CONFIDENCE, **(confidence or {})}["nickname"]
        self.candidates: dict[str, list[tuple[tuple[str, str], str]]] = {}
        keys = {nickname_key(n) for n in nicknames} - {""}
        if not keys:
            return
        found: list[tuple[str, tuple[str, str], str]] = []
        records: list[tuple[str, str]] = []
        with wanted(store, keys):
            if has_columns(store, "persons", ("person_id", "nicknames")):
                for person, nick in store.query(
                        "SELECT person_id, n FROM (SELECT person_id, unnest(nicknames) AS n "
                        "FROM persons) WHERE regexp_replace(upper(n), '[^A-Z0-9]', '', 'g') "
                        "IN (SELECT value FROM lw_text_wanted)"):
                    found.append((str(nick), ("person", str(person)), "persons.nicknames"))
            if has_columns(store, "nominals", ("nickname",)):
                for system, record, nick in store.query(
                        "SELECT source_system, record_id, n FROM (SELECT source_system, "
                        "record_id, unnest(nickname) AS n FROM nominals) "
                        "WHERE regexp_replace(upper(n), '[^A-Z0-9]', '', 'g') "
                        "IN (SELECT value FROM lw_text_wanted) AND record_id IS NOT NULL"):
                    records.append((str(system), str(record)))
                    found.append((str(nick), (str(system), str(record)), "nominals.nickname"))
        entities = record_entities(store, records)
        for nick, ref, method in found:
            entity = ref if method == "persons.nicknames" else entities[ref]
            source = "" if method == "persons.nicknames" else ":".join(ref)
            self.candidates.setdefault(nickname_key(nick), []).append(
                (entity, f"{method}|{source}"))

    def match(self, nickname: str) -> list[Match]:
        by_entity: dict[tuple[str, str], list[str]] = {}
        for entity, how in self.candidates.get(nickname_key(nickname), []):
            by_entity.setdefault(entity, []).append(how)
        matches = []
        for (kind, ident), hows in sorted(by_entity.items()):
            methods = sorted({h.split("|")[0] for h in hows})
            records = sorted({h.split("|")[1] for h in hows} - {""})
            matches.append(Match(kind, ident, "nickname", self.confidence,
                                 {"nickname": nickname, "sources": methods,
                                  "records": records}))
        return split_ambiguous(matches)
