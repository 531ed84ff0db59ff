"""Turning person mentions into people, and giving each their town, offences and arrest.

Rules, in order:
1. Mentions of the same person are joined: a name and its later surname ("Hale"), "the boy"
   and the boy last mentioned, "Bugsy is a male in his 40s" and the dealer called Bugsy, the role
   in "The driver, a 34-year-old man" and "The driver was further arrested".
2. Home town: "from X", "of X" (also "of 22 Some Road, X"), "originally from X", "lives ... in
   X", or "A Liverpool man". People listed together ("a 21-year-old woman and 40-year-old man
   from Chatham") share a town given after the last of them when they have none of their own.
3. An offence goes to the nearest group of people before it in its sentence ("both arrested on
   suspicion of ..."), or to the people "He", "Both", "The pair" or "All three" refer back to.
   Offences said of a group ("Six people were arrested on suspicion of money laundering") go to
   people introduced as "Among those detained"; in a text about one person, to that person.
4. A person first described without a name in the opening lines ("A Liverpool man has been
   jailed") is the first named person after that who does not contradict it (age, sex, town).
5. A role noun alone ("a runner") is nobody in particular and is dropped.
6. What happens to each person (arrested, charged, convicted, sentenced with the term, victim,
   safeguarded) comes from the same sentences (``story.py``).

``Linker`` is this module (rules 1, 4 and 5) with its parts mixed in: home towns in
``home_towns.py`` (rule 2), groups, offences and arrests in ``group_links.py`` (rules 3 and 6)
and the joining of descriptions made in different places in ``merging.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linewatch.text.gazetteer import Gazetteer
from linewatch.text.group_links import Group, GroupLinks, has_attributes
from linewatch.text.home_towns import HomeTowns
from linewatch.text.merging import Merging
from linewatch.text.model import Mention, Offence, Person, Span
from linewatch.text.persons import PersonMention, PersonRules
from linewatch.text.pipeline import Context
from linewatch.text.story import add_role

__all__ = ["Group", "Linker", "Resolution"]

_ACCUSED_ROLES = {"defendant", "suspect", "offender"}
_YOUNG_NOUNS = {"teenager", "teen", "youth", "youngster", "juvenile"}
# "The driver, a 34-year-old man" or "The passenger who got out of the car, a 29-year-old man":
# the description after the comma is the person the definite noun names
_APPOSED = re.compile(r"\s*(?:(?:who|that)\s[^,.;:\"“”\n]{1,80}?)?,\s*(?=(?:a|an)\s)")
# what an age adjective says of someone's age: "the young man" is under 25, "the old man" 60+
_AGE_ADJECTIVES = {"young": (0, 24), "teenage": (13, 19), "old": (60, 120),
                   "elderly": (65, 120)}


def _age_range(adjectives: frozenset[str]) -> tuple[int, int]:
    ranges = [_AGE_ADJECTIVES[a] for a in adjectives]
    return max(r[0] for r in ranges), min(r[1] for r in ranges)


def _same_name(name: str, by_name: dict[str, Person]) -> Person | None:
    """"Liam Watts" after "Liam Christopher Watts" (or the other way round): one person, when
    forename and surname agree and one name only adds middle names, and only one person fits."""
    words = name.split()
    if len(words) < 2:
        return None
    fits = {id(p): p for known, p in by_name.items()
            if (k := known.split()) and len(k) >= 2 and k[0] == words[0] and k[-1] == words[-1]
            and len(k) != len(words)}
    return next(iter(fits.values())) if len(fits) == 1 else None


@dataclass
class Resolution:
    persons: list[Person]
    officials: list[Mention]
    extra_places: list[Mention]


_GROWN = {"man", "woman", "gentleman", "lady", "pensioner"}
_CHILD = {"boy", "girl", "lad", "schoolboy", "schoolgirl"}


def _grown_and_child(a: str | None, b: str | None) -> bool:
    """"the man" after "The boy, 15": a grown-up noun never refers back to a child's."""
    return bool({a, b} & _GROWN) and bool({a, b} & _CHILD)


_ARRESTED_AFTER = re.compile(r"\s+(?:has|have|had)\s+been\s+arrested\b|\s+(?:was|were|is)\s+"
                             r"arrested\b")


class Linker(HomeTowns, GroupLinks, Merging):
    def __init__(self, ctx: Context, rules: PersonRules, gazetteer: Gazetteer,
                 places: list[Mention], offences: list[Offence],
                 officials: list[int] | None = None, blocked: list[Span] | None = None) -> None:
        self.ctx, self.rules, self.gaz = ctx, rules, gazetteer
        self.places = places
        self.offences = offences
        self.officials = officials or []  # where officers, judges, prosecutors are named
        self.blocked = blocked or []  # agency, vehicle and operation names: no home town there
        self.persons: list[Person] = []
        self.of: dict[int, list[Person]] = {}  # id(mention) -> persons
        self.tail: dict[int, int] = {}  # id(mention) -> end of its attributes
        self.last_seen: dict[int, int] = {}  # id(person) -> last position
        self.extra_places: list[Mention] = []
        self.adjectives: dict[int, set[str]] = {}  # id(person) -> "old", "younger", ...
        self.last_group: list[Person] = []  # the people of the last plural mention

    # -- 1. who is who ------------------------------------------------------------------
    def resolve(self, mentions: list[PersonMention]) -> None:
        by_name: dict[str, Person] = {}
        pending_role: str | None = None
        apposed: tuple[int, Person] | None = None  # where a description of that person starts
        previous: PersonMention | None = None
        for m in mentions:
            persons = self._apposed(apposed, m) or self._described_then_named(
                previous, m, by_name) or self._persons_for(m, by_name)
            previous = m
            apposed = None
            if pending_role:
                for p in persons:
                    if pending_role not in p.roles:
                        p.roles.append(pending_role)
                pending_role = None
            after = _APPOSED.match(self.ctx.text, m.end) if m.kind == "definite" else None
            if after and m.role and not persons:
                pending_role = m.role  # "The driver, a 34-year-old man"
            elif after and len(persons) == 1:
                apposed = (after.end(), persons[0])
            passenger = re.search(r"\b(?:his|her|their)\s+([a-z]+)\s*,\s*$",
                                  self.ctx.text[max(0, m.start - 30):m.start])
            if passenger and passenger.group(1) in self.rules.roles:
                for p in persons:
                    if passenger.group(1) not in p.roles:
                        p.roles.append(passenger.group(1))
            self.of[id(m)] = persons
            for p in persons:
                p.spans.append(Span(m.start, m.end, self.ctx.text[m.start:m.end],
                                    f"person_{m.kind}"))
                self.last_seen[id(p)] = m.start
                self.adjectives.setdefault(id(p), set()).update(m.adjectives)
                if p not in self.persons:
                    self.persons.append(p)

    def _apposed(self, apposed: tuple[int, Person] | None, m: PersonMention) -> list[Person]:
        """"The passenger who got out of the car, a 29-year-old man,": the one description
        right after the comma is the passenger told of before, when nothing contradicts it."""
        if apposed is None or m.start != apposed[0] or m.count != 1 or m.kind in {
                "named", "surname", "definite"}:
            return []
        person = apposed[1]
        age = m.ages[0] if m.ages else None
        if (age is not None and person.age not in (None, age)) or (
                m.sex and person.sex and m.sex != person.sex):
            return []
        self._update(person, m, 0)
        return [person]

    def _described_then_named(self, previous: PersonMention | None, m: PersonMention,
                              by_name: dict[str, Person]) -> list[Person]:
        """"22-year-old Ricky Tate" or "a 19-year-old man, Ryan Cole,": the person just
        described is the one named."""
        if previous is None or m.kind not in {"named", "surname"} or not m.name or \
                previous.kind != "aged" or previous.count != 1:
            return []
        if not re.fullmatch(r"\s*(?:,\s*(?:named\s+(?:as\s+)?)?)?",
                            self.ctx.text[previous.end:m.start]):
            return []
        described = self.of.get(id(previous), [])
        if len(described) != 1 or described[0].name:
            return []
        person = described[0]
        known = by_name.get(m.name)
        if known is not None:  # "Derek Moss ... 36-year-old Moss": the age is the named man's
            if len(person.spans) != 1 or known.age not in (None, person.age) or \
                    person.sex not in (None, known.sex) and known.sex is not None:
                return []
            known.age = known.age or person.age
            known.sex = known.sex or person.sex
            known.noun = known.noun or person.noun
            known.roles.extend(r for r in person.roles if r not in known.roles)
            known.spans = sorted([*known.spans, *person.spans], key=lambda sp: sp.start)
            self.persons.remove(person)
            self.of[id(previous)] = [known]
            self._update(known, m, 0)
            return [known]
        if m.kind != "named":
            return []
        person.name = m.name
        by_name[m.name] = person
        self._update(person, m, 0)
        return [person]

    def _persons_for(self, m: PersonMention, by_name: dict[str, Person]) -> list[Person]:
        text = self.ctx.text
        if m.kind in {"named", "surname"} and m.name:
            person = by_name.get(m.name) or _same_name(m.name, by_name) or Person(name=m.name)
            by_name[m.name] = person
            self._update(person, m, 0)
            return [person]
        copula = re.search(r"\b([A-Z][\w-]+)\s+(?:is|was)\s+$", text[max(0, m.start - 30):
                                                                   m.start])
        if copula:
            ref = next((p for p in reversed(self.persons) if copula.group(1) in p.nicknames or (
                p.name and p.name.split()[-1] == copula.group(1))), None)
            if ref is not None:
                self._update(ref, m, 0)
                return [ref]
        if m.kind == "informal":
            member = next((p for p in self.last_group if p.age is None), None)
            if member is not None:  # "two lads from London ... one of them is about 17"
                self._update(member, m, 0)
                return [member]
        if m.kind == "definite" or (m.definite and m.count == 1):
            ref = self._antecedent(m)
            if ref is not None:
                self._update(ref, m, 0)
                return [ref]
            if m.kind == "definite" and (_APPOSED.match(text, m.end) or (
                    m.role and self.persons)):
                # "The driver, a 34-year-old man": the person described next; "the suspect"
                # after others: one of them, unknown which. Only a first mention ("The driver
                # was arrested", nobody before) is a person of its own.
                return []
        out = []
        for i in range(m.count):
            person = Person()
            self._update(person, m, i)
            out.append(person)
        if len(out) > 1:
            self.last_group = out
        return out

    def _update(self, p: Person, m: PersonMention, i: int) -> None:
        age = m.ages[i] if i < len(m.ages) else None
        p.age = p.age if p.age is not None else age
        p.sex = p.sex or m.sex
        p.noun = p.noun or m.noun
        if m.role and m.role not in p.roles:
            p.roles.append(m.role)
        if m.nickname and m.nickname not in p.nicknames:
            p.nicknames.append(m.nickname)

    def _antecedent(self, m: PersonMention) -> Person | None:
        """The person a definite mention refers back to: the most recent one with the same
        role, else the same age, else the same noun ("the boy"), else the same sex."""
        recent = sorted(self.persons, key=lambda q: -self.last_seen[id(q)])
        if m.adjectives:  # "the old man": only someone already called old
            called = next((p for p in recent if m.adjectives & self.adjectives.get(id(p), set())),
                          None)
            if called is not None or not m.adjectives <= _AGE_ADJECTIVES.keys():
                return called
            # "A 16 year old man ... the young man": nobody called young, the last person of
            # an age that fits the adjective (and of the same sex)
            low, high = _age_range(m.adjectives)
            return next((p for p in recent if p.age is not None and low <= p.age <= high and (
                not m.sex or not p.sex or p.sex == m.sex)), None)
        if m.role:  # "The 26-year-old driver" is not the 60-year-old driver told before
            ref = next((p for p in recent if m.role in p.roles and (
                m.ages[0] is None or p.age is None or p.age == m.ages[0])), None)
            if ref is None and m.role in _ACCUSED_ROLES and m.ages[0] is None and m.sex is None \
                    and len(self.persons) == 1:
                return self.persons[0]  # "Paul May was arrested ... The defendant, of X,"
            if ref is not None or m.ages[0] is None:
                return ref  # "The 16-year-old defendant" with nobody called so: read the age
        if m.ages[0] is not None:
            same_age = next((p for p in recent if p.age == m.ages[0] and (
                not m.sex or not p.sex or p.sex == m.sex)), None)
            s_start, _ = self.ctx.sentence_of(m.start)
            if same_age is not None:
                return same_age
            if self.ctx.text[s_start:m.start].strip():
                # "... stopped a teenager ... so officers stopped the 16-year-old for a search":
                # the person of the sentence before, when their age is not known yet
                index = self.ctx.sentence_index(m.start)
                before = self.ctx.sentences[index - 1][0] if index > 0 else s_start
                last = next((p for p in recent if p.age is None and before <= self.last_seen[
                    id(p)] < m.start), None)
                if last is not None and (last.noun in _YOUNG_NOUNS or last.noun in {
                        "boy", "girl"}) and m.ages[0] < 20 and m.noun is None and (
                        not m.sex or not last.sex or last.sex == m.sex):
                    return last
                return None
            # "The 20-year-old also admitted ..." opening a sentence: the last person
            # mentioned before this sentence, when their age is not known yet
            last = next((p for p in recent if self.last_seen[id(p)] < s_start), None)
            if last is not None and last.age is None and (not m.sex or not last.sex or
                                                          last.sex == m.sex):
                return last
            return None
        if m.noun and _ARRESTED_AFTER.match(self.ctx.text, m.end):
            # "A 14-year-old boy has been arrested after a 15-year-old boy was knifed ... The boy
            # has been arrested": the boy already told as arrested, not the last boy mentioned
            arrested = [p for p in recent if p.noun == m.noun and any(
                _ARRESTED_AFTER.match(self.ctx.text, sp.end) for sp in p.spans)]
            if len(arrested) == 1:
                return arrested[0]
        same_noun = next((p for p in recent if m.noun and p.noun == m.noun), None)
        if same_noun is not None:
            return same_noun
        if m.noun in _YOUNG_NOUNS:  # "the teenager": the last person under 20
            return next((p for p in recent if p.age is not None and p.age < 20), None)
        return next((p for p in recent if m.sex and p.sex == m.sex and not p.name and
                     not _grown_and_child(m.noun, p.noun)), None)

    # -- 4. the unnamed person in the opening lines ----------------------------------------
    def result(self) -> list[Person]:
        out = [p for p in self.persons if has_attributes(p)]
        for p in out:
            if "victim" in p.roles:
                add_role(p, "victim")
            if "among_arrested" in p.roles:
                p.roles.remove("among_arrested")
        return out
