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
   safeguarded) comes from the same sentences (``story.py``); the rules that join
   descriptions made in different places are in ``merging.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linewatch.text.gazetteer import Gazetteer
from linewatch.text.merging import ANAPHOR, Merging
from linewatch.text.model import Mention, Offence, Person, Span
from linewatch.text.persons import PersonMention, PersonRules
from linewatch.text.pipeline import Context
from linewatch.text.places import unknown_place
from linewatch.text.story import ARREST, SENTENCE, STORY, TERM_LEAD, add_role

_CUT = re.compile(r"\b(?:was|were|has|have|had|said|after|when|while|is\s+charged|will|are\s+"
                  r"charged|who|which|that)\b")
_TOWN = re.compile(r"\b(?P<lead>(?:(?:originally|believed|thought)\s+)?(?:both\s+|all\s+)?"
                   r"(?:from|of)|(?:both|all)\s+in|(?:lives|living|resides|residing|based)\s+"
                   r"(?:with\s+[\w\s']{1,30}?"
                   r"\s+)?in)\s+(?:the\s+)?(?:(?:flat|apartment)\s+\d+\w?,?\s+)?(?:(?:\d+\w?,?\s+)?"
                   r"(?:[A-Z][\w'’]*\s+){1,3}(?:Road|Street|Lane|Avenue|Close|Way|Drive|Court|"
                   r"Crescent|Gardens|Place|Terrace|Rise|Walk|Grove|Hill|Mews|Row|Square|Parade|"
                   r"View|Green|Park|Vale|Rd|St|Ave),?\s+)?")
_ADDRESS_GIVEN = re.compile(r"\s*,?\s*(?:whose|with\s+an?|his|her|their)\s+(?:home\s+)?address\s+"
                            r"(?:was\s+|is\s+|being\s+)?(?:given|listed|stated|recorded)\s+as\s+"
                            r"(?P<addr>[^.;\n]{1,60}?)(?=\s*[,.;\n]\s*(?:[a-z]|$)|\s*[.;\n]|\s+(?:and|who|was|is|has)\b)")
_AMONG = re.compile(r"\b(?:among\s+(?:those|the\s+people)|those)\s+(?:arrested|detained|held)"
                    r"(?:\s+(?:were|was|include[ds]?|included))?\b", re.IGNORECASE)
_LEGAL = re.compile(r"\b(?:arrested|charged|convicted|admitted|pleaded|guilty|jailed|"
                    r"sentenced|suspicion|detained|cautioned|remanded)\b", re.IGNORECASE)
_MOVED = re.compile(r"\b(?:to|into|towards|back|out|away|moved|travelled|traveled|drove|"
                    r"driving|driven|taken|brought|sent|trafficked)\b", re.IGNORECASE)
_GROUP_SEX = {"men": "M", "boys": "M", "brothers": "M", "women": "F", "girls": "F",
              "sisters": "F"}
_PROSECUTED = {"arrested", "charged", "convicted", "sentenced"}
_YOUNG_NOUNS = {"teenager", "teen", "youth", "youngster", "juvenile"}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


@dataclass
class Group:
    mentions: list[PersonMention]
    start: int
    end: int
    persons: list[Person] = field(default_factory=list)


@dataclass
class Resolution:
    persons: list[Person]
    officials: list[Mention]
    extra_places: list[Mention]


class Linker(Merging):
    def __init__(self, ctx: Context, rules: PersonRules, gazetteer: Gazetteer,
                 places: list[Mention], offences: list[Offence],
                 officials: list[int] | None = None) -> None:
        self.ctx, self.rules, self.gaz = ctx, rules, gazetteer
        self.places = places
        self.offences = offences
        self.officials = officials or []  # where officers, judges, prosecutors are named
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
        previous: PersonMention | None = None
        for m in mentions:
            persons = self._described_then_named(previous, m, by_name) or self._persons_for(
                m, by_name)
            previous = m
            if pending_role:
                for p in persons:
                    if pending_role not in p.roles:
                        p.roles.append(pending_role)
                pending_role = None
            if m.kind == "definite" and m.role and not persons and re.match(
                    r"\s*,\s*(?:a|an)\s", self.ctx.text[m.end:]):
                pending_role = m.role  # "The driver, a 34-year-old man"
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
            person = by_name.get(m.name) or Person(name=m.name)
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
            if m.kind == "definite" and (re.match(r"\s*,\s*(?:a|an)\s", text[m.end:]) or (
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
            return next((p for p in recent if m.adjectives & self.adjectives.get(id(p), set())),
                        None)
        if m.role:
            return next((p for p in recent if m.role in p.roles), None)
        if m.ages[0] is not None:
            same_age = next((p for p in recent if p.age == m.ages[0] and (
                not m.sex or not p.sex or p.sex == m.sex)), None)
            s_start, _ = self.ctx.sentence_of(m.start)
            if same_age is not None or self.ctx.text[s_start:m.start].strip():
                return same_age
            # "The 20-year-old also admitted ..." opening a sentence: the last person
            # mentioned before this sentence, when their age is not known yet
            last = next((p for p in recent if self.last_seen[id(p)] < s_start), None)
            if last is not None and last.age is None and (not m.sex or not last.sex or
                                                          last.sex == m.sex):
                return last
            return None
        same_noun = next((p for p in recent if m.noun and p.noun == m.noun), None)
        if same_noun is not None:
            return same_noun
        if m.noun in _YOUNG_NOUNS:  # "the teenager": the last person under 20
            return next((p for p in recent if p.age is not None and p.age < 20), None)
        return next((p for p in recent if m.sex and p.sex == m.sex and not p.name), None)

    # -- 2. home towns --------------------------------------------------------------------
    def towns(self, mentions: list[PersonMention]) -> None:
        for k, m in enumerate(mentions):
            _, s_end = self.ctx.sentence_of(m.start)
            limit = min(s_end, m.end + 90, *(n.start for n in mentions[k + 1:k + 2]))
            window = self.ctx.text[m.end:limit]
            given = _ADDRESS_GIVEN.match(window)
            cut = _CUT.search(window)
            window = window[:cut.start()] if cut else window
            self.tail[id(m)] = m.end
            town = self._given_address(m, given) if given else None
            town = town or self._town_in(m, window)
            if town is None and m.pre_town:
                place = self.gaz.lookup(m.pre_town[0])
                town = (place.name, m.pre_town[1], m.pre_town[2]) if place else None
            if town is None:
                continue
            for p in self.of.get(id(m), []):
                p.town = p.town or town[0]

    def _given_address(self, m: PersonMention, given: re.Match[str]
                       ) -> tuple[str, int, int] | None:
        """", whose address was given as Leeds,": the last place of the address given."""
        start, end = m.end + given.start("addr"), m.end + given.end("addr")
        inside = [p for p in self.places if start <= p.span.start < end]
        if not inside:
            return None
        place = inside[-1]
        return place.value, place.span.start, place.span.end

    def _town_in(self, m: PersonMention, window: str) -> tuple[str, int, int] | None:
        for t in _TOWN.finditer(window):
            pos = m.end + t.end()
            place = next((p for p in self.places if p.span.start == pos), None)
            prefix = window[:t.start()]
            adjacent = re.fullmatch(r"[\s,]*(?:aged\s+)?(?:\d{1,2}\s*(?:yrs?|years?)?\s*,?\s*)?",
                                    prefix) is not None
            if place is None and adjacent:
                found = unknown_place(self.ctx, pos)
                if found:
                    place = Mention(found[0], Span(found[1], found[2], found[0],
                                                   "person_home_pattern"))
                    self.extra_places.append(place)
            if place is None or (t.group("lead").endswith("of") and not adjacent):
                continue
            if t.group("lead").endswith("from") and _MOVED.search(prefix):
                continue  # "driving the boy to Wales from London": a journey, not a home
            if adjacent:
                self.tail[id(m)] = self._after_places(place.span.end)
            return place.value, place.span.start, place.span.end
        return None

    def _after_places(self, end: int) -> int:
        """The end of "Wallasey, Merseyside": a town followed by its county or region."""
        while True:
            gap = re.match(r",\s*", self.ctx.text[end:end + 4])
            nxt = next((p for p in self.places if gap and p.span.start == end + gap.end()), None)
            if nxt is None:
                return end
            end = nxt.span.end

    # -- 3. groups, offences, arrests -----------------------------------------------------
    def groups(self, mentions: list[PersonMention]) -> list[Group]:
        out: list[Group] = []
        connector = re.compile(r"[\s,]*(?:(?:and|&|plus|as\s+well\s+as)\b)?[\s,]*(?:(?:his|her|"
                               r"their)\s+)?(?:[a-z-]+\s*,?\s*)?")
        for m in mentions:
            persons = self.of.get(id(m), [])
            if not persons:
                continue
            prev = out[-1] if out else None
            if prev and self.ctx.sentence_index(prev.start) == self.ctx.sentence_index(m.start) \
                    and connector.fullmatch(self.ctx.text[prev.end:m.start]):
                prev.mentions.append(m)
                prev.persons.extend(p for p in persons if p not in prev.persons)
                prev.end = self.tail.get(id(m), m.end)
                continue
            out.append(Group([m], m.start, self.tail.get(id(m), m.end), list(persons)))
        for g in out:  # a town given after the last of a list is everyone's
            town = None
            for p in reversed(g.persons):
                town = p.town or town
                if p.town is None and town and len(g.persons) > 1:
                    p.town = town
        # "two men" describes people only with a home town ("two men from Thornton"); else
        # it is a count, and what is said of them is said of the group (see _inherit)
        counted = {id(p) for m in mentions if m.kind == "counted" for p in self.of.get(id(m), [])}
        listed = {id(p) for g in out if any(id(q) in counted for q in g.persons)
                  for m in g.mentions if m.kind in {"counted", "indefinite"}
                  for p in self.of.get(id(m), [])}  # "five men and a woman"
        weak = {id(p) for p in self.persons if id(p) in listed and p.town is None and
                p.age is None and len(p.spans) == 1}
        self.persons = [p for p in self.persons if id(p) not in weak]
        for g in out:
            g.persons = [p for p in g.persons if id(p) not in weak]
        return [g for g in out if g.persons]

    def link(self, groups: list[Group]) -> None:
        pool: list[Offence] = []
        for s_start, s_end in self.ctx.sentences:
            in_sentence = [g for g in groups if s_start <= g.start < s_end]
            anaphor = self._anaphor(s_start, s_end)
            if anaphor:
                in_sentence.insert(0, anaphor)
            for o in self.offences:
                if not s_start <= o.span.start < s_end:
                    continue
                target = self._before(in_sentence, o.span.start)
                if target is None:
                    pool.append(o)
                    continue
                for p in target.persons:
                    if o.offence not in p.offences:
                        p.offences.append(o.offence)
            sentence = self.ctx.text[s_start:s_end]
            for role, rx in STORY:
                for w in rx.finditer(sentence):
                    if self.ctx.in_speech(s_start + w.start(), s_start + w.end()):
                        continue
                    target = self._after(in_sentence, s_start + w.end()) or self._before(
                        in_sentence, s_start + w.start())
                    lead = TERM_LEAD.match(sentence, w.end())
                    term = SENTENCE.match(sentence, lead.end()) if lead else None
                    for p in target.persons if target else []:
                        add_role(p, role)
                        if role == "sentenced" and term and p.sentence is None:
                            p.sentence = " ".join(term.group().split())
            for w in _AMONG.finditer(sentence):
                for g in in_sentence:
                    if g.start >= s_start + w.end():
                        for p in g.persons:
                            add_role(p, "arrested")
                            if "among_arrested" not in p.roles:
                                p.roles.append("among_arrested")
        self._inherit(pool)

    def _before(self, groups: list[Group], pos: int) -> Group | None:
        before = [g for g in groups if g.end <= pos]
        return max(before, key=lambda g: g.end) if before else None

    def _after(self, groups: list[Group], pos: int) -> Group | None:
        return next((g for g in groups if pos <= g.start <= pos + 3 and g.mentions), None)

    def _anaphor(self, s_start: int, s_end: int) -> Group | None:
        m = ANAPHOR.match(self.ctx.text[s_start:s_end])
        if not m:
            return None
        if m.group("group"):
            return self._plural_anaphor(s_start, s_start + m.end(), m.group("gnoun").lower())
        n = 1 if m.group("one") else 2 if m.group("two") or m.group("both") else _NUMBERS.get(
            (m.group("n") or "three").lower(), 3)
        pronoun_sex = {"He": "M", "She": "F"}.get(m.group("one") or "")
        noun_sex = _GROUP_SEX.get((m.group("bnoun") or m.group("anoun") or "").lower())
        wanted = pronoun_sex or noun_sex
        seen = {id(p): _seen_before(p, s_start) for p in self.persons}
        recent = sorted((p for p in self.persons if seen[id(p)] >= 0 and (
            wanted is None or p.sex in (None, wanted))),
                        key=lambda p: -seen[id(p)])[:n]
        if len(recent) < n:
            return None
        if noun_sex:  # "Both men were remanded": the two people before are men
            for p in recent:
                p.sex = p.sex or noun_sex
        if pronoun_sex and any(seen[id(recent[0])] < o < s_start for o in self.officials):
            return None  # "Prosecutor Jo Hart said ... She added": the official
        if pronoun_sex and recent[0].sex is None and not self._shares_sentence(recent[0],
                                                                               seen):
            recent[0].sex = pronoun_sex  # "Watts ... He was jailed": a man
        group = Group([], s_start, s_start + m.end(), recent)
        town = re.match(r"\s*(?:are|were|is)\s+(?:both\s+|all\s+)?from\s+(?:the\s+)?",
                        self.ctx.text[s_start + m.end():s_end])
        if town:
            pos = s_start + m.end() + town.end()
            place = next((p for p in self.places if p.span.start == pos), None)
            for p in recent:
                if place and p.town is None:
                    p.town = place.value
        return group

    def _plural_anaphor(self, s_start: int, end: int, noun: str) -> Group | None:
        """"The men ...": the people of the last sentence before this one that mentions two or
        more; the noun gives those without one their sex ("The women were both bailed")."""
        seen = {id(p): _seen_before(p, s_start) for p in self.persons}
        mentioned = [p for p in self.persons if seen[id(p)] >= 0]
        if not mentioned:
            return None
        by_sentence: dict[int, list[Person]] = {}
        for p in mentioned:
            by_sentence.setdefault(self.ctx.sentence_index(seen[id(p)]), []).append(p)
        group = next((by_sentence[i] for i in sorted(by_sentence, reverse=True)
                      if len(by_sentence[i]) >= 2), None)
        sex = _GROUP_SEX.get(noun)
        if group is None or (sex and any(p.sex not in (None, sex) for p in group)):
            return None
        for p in group:
            p.sex = p.sex or sex
        return Group([], s_start, end, group)

    def _shares_sentence(self, person: Person, seen: dict[int, int]) -> bool:
        """Whether someone else was last mentioned in the same sentence as ``person`` (then
        "She" could be either of them)."""
        sentence = self.ctx.sentence_index(seen[id(person)])
        return any(q is not person and seen[id(q)] >= 0 and
                   self.ctx.sentence_index(seen[id(q)]) == sentence for q in self.persons)

    def _inherit(self, pool: list[Offence]) -> None:
        legal = [o for o in pool if _LEGAL.search(self.ctx.text[slice(*self.ctx.sentence_of(
            o.span.start))])]
        if not legal:
            return
        among = [p for p in self.persons if "among_arrested" in p.roles and not p.offences]
        kept = [p for p in self.persons if _has_attributes(p)]
        targets = among or (kept if len(kept) == 1 else [])
        for p in targets:
            for o in legal:
                if o.offence not in p.offences:
                    p.offences.append(o.offence)
            if any(ARREST.search(self.ctx.text[slice(*self.ctx.sentence_of(o.span.start))])
                   for o in legal):
                p.arrested = True

    # -- 4. the unnamed person in the opening lines ----------------------------------------
    def result(self) -> list[Person]:
        out = [p for p in self.persons if _has_attributes(p)]
        for p in out:
            if "victim" in p.roles:
                add_role(p, "victim")
            if "among_arrested" in p.roles:
                p.roles.remove("among_arrested")
        return out


def _seen_before(p: Person, pos: int) -> int:
    """Where ``p`` was last mentioned before ``pos`` (-1 if not yet)."""
    return max((s.start for s in p.spans if s.start < pos), default=-1)


def _has_attributes(p: Person) -> bool:
    """Whether ``p`` is somebody: age, sex, town, a name with a part in the story, or an
    anonymous "one person was arrested"."""
    if p.age is not None or p.sex is not None or p.town is not None:
        return True
    anonymous = any(s.rule == "person_anonymous" for s in p.spans)
    if p.name or anonymous:
        return bool(p.offences or p.arrested or p.story_roles)
    # a role alone ("The driver was arrested") is somebody once arrested, charged or convicted;
    # "the victim", "a runner" on their own are nobody in particular
    return bool(p.roles) and bool(p.arrested or set(p.story_roles) & _PROSECUTED)
