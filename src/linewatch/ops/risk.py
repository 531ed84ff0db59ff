"""Risk flags of a warrant address, each with the evidence behind it.

Flags: ``weapons``, ``violence``, ``firearms``, ``dogs``, ``children``, ``vulnerable_adults``
and ``cuckooed_victim``. A flag is raised only by evidence that counts: a marker on a linked
person's records, an offence, a seizure, an event at the address, or intelligence graded
better than E. E-graded intelligence (suspected to be false) never raises a flag on its own;
when something else raised the flag it is listed as context with ``counts: false``.
The word lists are the vocabulary of the flags, not places or people; negated mentions
("no dogs at the address") do not count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from linewatch.ops.knowledge import Knowledge, Person
from linewatch.schema.types import grading
from linewatch.schema.types import phone as phone_type

WEAPON_WORDS = re.compile(
    r"\b(knife|knives|blade[sd]?|bladed|offensive weapons?|machetes?|swords?|zombie knife|"
    r"axes?|crossbows?|knuckle[- ]?dusters?|cs spray|pepper spray|tasers?|stun guns?|"
    r"weapons?|firearms?|guns?|pistols?|shotguns?|handguns?|ammunition)\b", re.IGNORECASE)
VIOLENCE_WORDS = re.compile(
    r"\b(assault\w*|gbh|abh|grievous bodily harm|actual bodily harm|wounding|robbery|"
    r"murder|manslaughter|affray|violent disorder|kidnap\w*|false imprisonment|"
    r"threats? to kill|stabb(?:ed|ing)|section (?:18|20)|s\.?(?:18|20)\b|malicious wounding)\b",
    re.IGNORECASE)
FIREARM_WORDS = re.compile(
    r"\b(firearms?|guns?|handguns?|pistols?|shotguns?|revolvers?|rifles?|ammunition|ammo|"
    r"bullets?|converted (?:blank )?firers?|sub-?machine guns?|glock)\b", re.IGNORECASE)
DOG_WORDS = re.compile(
    r"\b(dogs?|pit ?bulls?|xl bull(?:y|ies)|american bull(?:y|ies)|staffies?|"
    r"staffordshire bull terriers?|rottweilers?|german shepherds?|akitas?|cane corsos?|"
    r"dangerous dogs act)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(no|not|never|without|nor|denies|denied|none)\b(?:\W+\w+){0,3}\W*$",
                       re.IGNORECASE)
WEAPON_FLAGS = frozenset({"weapons", "weapon", "firearms", "knife_carrier"})
VIOLENCE_FLAGS = frozenset({"violence", "violent"})
VULNERABLE_FLAGS = frozenset({"vulnerable_adult", "mental_health", "substance_misuse",
                              "learning_disability", "vulnerable"})
CHILD_FLAGS = frozenset({"child_in_care", "looked_after_child", "child"})
LABELS = {
    "weapons": "Weapons history of someone linked to the address",
    "violence": "Violence history of someone linked to the address",
    "firearms": "Firearms intelligence or history",
    "dogs": "Dogs recorded at the address",
    "children": "Children likely present",
    "vulnerable_adults": "Vulnerable adults likely present",
    "cuckooed_victim": "Cuckooed address: the resident is a victim, not a suspect",
}


@dataclass
class Linked:
    """A person linked to the address and how."""

    person: Person
    links: list[str] = field(default_factory=list)


@dataclass
class Flag:
    flag: str
    people: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: dict[str, Any], person_id: str | None = None) -> None:
        if item not in self.evidence:
            self.evidence.append(item)
        if person_id and item.get("counts", True) and person_id not in self.people:
            self.people.append(person_id)

    @property
    def raised(self) -> bool:
        return any(e.get("counts", True) for e in self.evidence)

    def to_dict(self) -> dict[str, Any]:
        return {"flag": self.flag, "label": LABELS[self.flag], "people": self.people,
                "evidence": self.evidence}


def mentions(pattern: re.Pattern[str], text: str | None) -> str | None:
    """The sentence holding the first non-negated match of ``pattern``, else ``None``."""
    if not text:
        return None
    for match in pattern.finditer(text):
        start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        if _NEGATION.search(text[start:match.start()]):
            continue
        end_candidates = [i for i in (text.find(".", match.end()), text.find("\n", match.end()))
                          if i >= 0]
        end = min(end_candidates) + 1 if end_candidates else len(text)
        return text[start:end].strip()[:300]
    return None


def _event_ref(e: dict[str, Any], **extra: Any) -> dict[str, Any]:
    item = {"kind": "event", "table": "events", "source_system": e["source_system"],
            "event_id": e["event_id"], "event_type": e["event_type"],
            "date": str(e["occurred_at"])[:10]}
    item.update({k: v for k, v in extra.items() if v is not None})
    return item


def intel_terms(address: str | None, postcode: str | None,
                people: list[Linked]) -> dict[str, list[tuple[str, re.Pattern[str] | str]]]:
    """What an intelligence report must mention to be about the address or a person."""
    terms: dict[str, list[tuple[str, re.Pattern[str] | str]]] = {"address": []}
    if postcode:
        compact = postcode.replace(" ", "")
        terms["address"].append((f"postcode {postcode}", re.compile(
            rf"\b{re.escape(compact[:-3])}\s*{re.escape(compact[-3:])}\b", re.IGNORECASE)))
    first = (address or "").split(",")[0].strip()
    if re.search(r"\d", first) and re.search(r"[A-Za-z]{3}", first):
        terms["address"].append((f"address {first}", re.compile(
            rf"\b{re.escape(first)}\b", re.IGNORECASE)))
    for link in people:
        p = link.person
        found: list[tuple[str, re.Pattern[str] | str]] = []
        if p.display_name and len(p.display_name.split()) >= 2:
            found.append((f"name of {p.person_id}", re.compile(
                rf"\b{re.escape(p.display_name)}\b", re.IGNORECASE)))
        for nick in p.nicknames:
            if len(nick) >= 3:
                found.append((f"nickname of {p.person_id}", re.compile(
                    rf"\b{re.escape(nick)}\b")))
        for number in p.phones:
            found.append((f"phone of {p.person_id}", number))
        terms[p.person_id] = found
    return terms


_PHONE_TEXT = re.compile(r"(?:\+44\s?|0)7\d{3}\s?\d{3}\s?\d{3}|(?:\+44\s?|0)7\d{9}")


def _matches(text: str, term: re.Pattern[str] | str) -> bool:
    if isinstance(term, str):
        return any(phone_type.try_clean(m) == term for m in _PHONE_TEXT.findall(text))
    return bool(term.search(text))


def intel_item(report: dict[str, Any], matched: str, excerpt: str) -> dict[str, Any]:
    """An evidence item for one intelligence report (text, grade and handling kept)."""
    source = report["source_evaluation"]
    assessment = report["intelligence_assessment"]
    weight = (grading.ASSESSMENT_WEIGHT.get(assessment or "", 0.25)
              * grading.SOURCE_WEIGHT.get(source or "", 0.7))
    counts = assessment != "E" and weight > 0
    item = {"kind": "intel", "table": "intel", "report_id": report["report_id"],
            "date": str(report["received_at"])[:10],
            "grade": f"{source or '?'}{assessment or '?'}{report['handling_code'] or 'P'}",
            "handling_code": report["handling_code"] or "P",
            "handling_conditions": report["handling_conditions"], "weight": round(weight, 3),
            "counts": counts, "matched": matched, "text": excerpt}
    if not counts:
        item["note"] = "graded E (suspected to be false): context only, never raises a flag"
    return item


def assess(knowledge: Knowledge, address: str | None, postcode: str | None,
           people: list[Linked], on: dt.date,
           may_see: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
    """The raised flags of one address, each with its evidence, in a fixed order.

    ``may_see(report)`` decides which intelligence reports the reader may see (handling codes);
    a hidden report is left out entirely, as if it did not exist.
    """
    flags = {name: Flag(name) for name in LABELS}
    linked = {link.person.person_id for link in people}
    for link in people:
        _person_flags(knowledge, link, flags, on)
    for event in knowledge.events_at(address, postcode):
        for text in (event["detail"], event["offence"]):
            sentence = mentions(DOG_WORDS, text)
            if sentence:
                flags["dogs"].add(_event_ref(event, text=sentence))
        if event["person_id"] in linked:
            continue  # the person's own history already cites this event's seizures
        for s in knowledge.seizures_at(event):
            if s["item_type"] == "weapon":
                flags["weapons"].add(_event_ref(event, seized=s["description"] or "weapon"))
                if mentions(FIREARM_WORDS, s["description"]):
                    flags["firearms"].add(_event_ref(event, seized=s["description"]))
    _intel_flags(knowledge, address, postcode, people, flags, may_see)
    reference = knowledge.reference(address, postcode)
    if reference and set(reference["flags"] or []) & {"vulnerable_occupant"}:
        flags["vulnerable_adults"].add({"kind": "address_flag", "table": "addresses",
                                        "flag": "vulnerable_occupant"})
    cuckoo = knowledge.cuckooing(address, postcode)
    if cuckoo and cuckoo["cuckooed"]:
        victims = [link.person.person_id for link in people if "resident" in link.links
                   and not any(r["role"] in ("controller", "runner")
                               for r in knowledge.line_roles(link.person.person_id))]
        flag = flags["cuckooed_victim"]
        flag.add({"kind": "cuckooing", "table": "address_cuckooing",
                  "cuckooing_score": cuckoo["cuckooing_score"]})
        for pid in victims:
            flag.people.append(pid)
    for name in ("firearms", "dogs"):
        if not flags[name].raised:
            flags[name].evidence.clear()
    return [f.to_dict() for f in flags.values() if f.raised]


def _person_flags(knowledge: Knowledge, link: Linked, flags: dict[str, Flag],
                  on: dt.date) -> None:
    p = link.person
    pid = p.person_id
    for marker in p.flags:
        item = {"kind": "marker", "table": "nominals", "flag": marker, "person_id": pid}
        if marker in WEAPON_FLAGS:
            flags["weapons"].add(item, pid)
        if marker in VIOLENCE_FLAGS:
            flags["violence"].add(item, pid)
        if marker == "firearms":
            flags["firearms"].add(item, pid)
        if marker in CHILD_FLAGS:
            flags["children"].add(item, pid)
        age = p.age(on)
        if marker in VULNERABLE_FLAGS and (age is None or age >= 18):
            flags["vulnerable_adults"].add(item, pid)
    for event in knowledge.events_of(pid):
        offender = event["role"] in (None, "suspect", "subject")
        offence = event["offence"]
        if offender and mentions(WEAPON_WORDS, offence):
            flags["weapons"].add(_event_ref(event, offence=offence, person_id=pid), pid)
        if offender and mentions(VIOLENCE_WORDS, offence):
            flags["violence"].add(_event_ref(event, offence=offence, person_id=pid), pid)
        if offender and mentions(FIREARM_WORDS, offence):
            flags["firearms"].add(_event_ref(event, offence=offence, person_id=pid), pid)
        for s in knowledge.seizures_at(event):
            if s["item_type"] == "weapon" and offender:
                flags["weapons"].add(_event_ref(event, seized=s["description"] or "weapon",
                                                person_id=pid), pid)
                if mentions(FIREARM_WORDS, s["description"]):
                    flags["firearms"].add(_event_ref(event, seized=s["description"],
                                                     person_id=pid), pid)
    age = p.age(on)
    if age is not None and age < 18:
        flags["children"].add({"kind": "age", "table": "persons", "person_id": pid,
                               "age": age, "dob": str(p.dob)}, pid)
    assessed = knowledge.exploitation.get(pid)
    if assessed and assessed["safeguarding_flag"]:
        item = {"kind": "exploitation", "table": "person_exploitation", "person_id": pid,
                "exploitation_risk": assessed["exploitation_risk"]}
        if age is not None and age < 18:
            flags["children"].add(item, pid)
        else:
            flags["vulnerable_adults"].add(item, pid)


def _intel_flags(knowledge: Knowledge, address: str | None, postcode: str | None,
                 people: list[Linked], flags: dict[str, Flag],
                 may_see: Callable[[dict[str, Any]], bool] | None) -> None:
    terms = intel_terms(address, postcode, people)
    for report in knowledge.intel:
        if may_see is not None and not may_see(report):
            continue
        text = report["text"] or ""
        matched = [(owner, label) for owner, items in terms.items() for label, term in items
                   if _matches(text, term)]
        if not matched:
            continue
        owner, label = matched[0]
        person_ids = [o for o, _ in matched if o != "address"]
        firearm = mentions(FIREARM_WORDS, text)
        if firearm:
            item = intel_item(report, label, firearm)
            flags["firearms"].add(item)
            for pid in dict.fromkeys(person_ids):
                flags["firearms"].add(item, pid)
        dogs = mentions(DOG_WORDS, text)
        if dogs and (owner == "address" or any(o == "address" for o, _ in matched)
                     or any(_is_resident(people, pid) for pid in person_ids)):
            flags["dogs"].add(intel_item(report, label, dogs))


def _is_resident(people: list[Linked], person_id: str | None) -> bool:
    return any(link.person.person_id == person_id and "resident" in link.links
               for link in people)
