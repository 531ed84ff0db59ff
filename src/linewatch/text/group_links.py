"""Groups of people, and what the text says of them (rule 3 of ``linking.py``).

People mentioned side by side in a sentence form a group. An offence goes to the nearest group
before it in its sentence ("both arrested on suspicion of ..."), or to the people "He", "Both",
"The pair" or "All three" refer back to. Offences said of a group ("Six people were arrested on
suspicion of money laundering") go to people introduced as "Among those detained"; in a text
about one person, to that person. What happens to each person (arrested, charged, sentenced
with the term, victim, safeguarded) comes from the same sentences (``story.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linewatch.text.merging import ANAPHOR
from linewatch.text.model import Mention, Offence, Person
from linewatch.text.persons import PersonMention
from linewatch.text.pipeline import Context
from linewatch.text.story import ARREST, SENTENCE, STORY, TERM_LEAD, add_role

_AMONG = re.compile(r"\b(?:among\s+(?:those|the\s+people)|those)\s+(?:arrested|detained|held)"
                    r"(?:\s+(?:were|was|include[ds]?|included))?\b", re.IGNORECASE)
_LEGAL = re.compile(r"\b(?:arrested|charged|convicted|admitted|pleaded|guilty|jailed|"
                    r"sentenced|suspicion|detained|cautioned|remanded)\b", re.IGNORECASE)
GROUP_SEX = {"men": "M", "boys": "M", "brothers": "M", "women": "F", "girls": "F",
             "sisters": "F"}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
PROSECUTED = {"arrested", "charged", "convicted", "sentenced"}


# "a man in his 30s", "Two men in their 40s": what joins people listed by decade of age
DECADE = (r"\s*,?\s*(?:aged\s+)?in\s+(?:his|her|their)\s+(?:early|mid|late)?[\s-]*(?:teens|"
          r"\d0s|\d0['’]s)")


@dataclass
class Group:
    mentions: list[PersonMention]
    start: int
    end: int
    persons: list[Person] = field(default_factory=list)


# "arrested the driver, a 34-year-old man": a definite noun and a comma before the description
_ROLE_THEN_COMMA = re.compile(r"\s+the\s+(?:[a-z-]+\s+){0,2}?[a-z-]+\s*,\s*")

class GroupLinks:
    """The group and offence rules of :class:`~linewatch.text.linking.Linker` (its state
    below)."""

    ctx: Context
    places: list[Mention]
    offences: list[Offence]
    officials: list[int]
    persons: list[Person]
    of: dict[int, list[Person]]
    tail: dict[int, int]

    def groups(self, mentions: list[PersonMention]) -> list[Group]:
        out: list[Group] = []
        connector = re.compile(rf"(?:{DECADE})?[\s,]*(?:(?:and|&|plus|as\s+well\s+as)\b)?[\s,]*"
                               r"(?:(?:his|her|their)\s+)?(?:[a-z-]+\s*,?\s*)?")
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
        """The people right after ``pos``, or after a noun they are described by ("arrested
        the driver, a 34-year-old man")."""
        return next((g for g in groups if pos <= g.start <= pos + 3 and g.mentions), None) or \
            next((g for g in groups if g.start > pos and g.mentions and _ROLE_THEN_COMMA.fullmatch(
                self.ctx.text, pos, g.start)), None)

    def _anaphor(self, s_start: int, s_end: int) -> Group | None:
        m = ANAPHOR.match(self.ctx.text[s_start:s_end])
        if not m:
            return None
        if m.group("group"):
            return self._plural_anaphor(s_start, s_start + m.end(), m.group("gnoun").lower())
        n = 1 if m.group("one") else 2 if m.group("two") or m.group("both") else _NUMBERS.get(
            (m.group("n") or "three").lower(), 3)
        pronoun_sex = {"He": "M", "She": "F"}.get(m.group("one") or "")
        noun_sex = GROUP_SEX.get((m.group("bnoun") or m.group("anoun") or "").lower())
        wanted = pronoun_sex or noun_sex
        seen = {id(p): seen_before(p, s_start) for p in self.persons}
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
        seen = {id(p): seen_before(p, s_start) for p in self.persons}
        mentioned = [p for p in self.persons if seen[id(p)] >= 0]
        if not mentioned:
            return None
        by_sentence: dict[int, list[Person]] = {}
        for p in mentioned:
            by_sentence.setdefault(self.ctx.sentence_index(seen[id(p)]), []).append(p)
        group = next((by_sentence[i] for i in sorted(by_sentence, reverse=True)
                      if len(by_sentence[i]) >= 2), None)
        sex = GROUP_SEX.get(noun)
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
        kept = [p for p in self.persons if has_attributes(p)]
        targets = among or (kept if len(kept) == 1 else [])
        for p in targets:
            for o in legal:
                if o.offence not in p.offences:
                    p.offences.append(o.offence)
            if any(ARREST.search(self.ctx.text[slice(*self.ctx.sentence_of(o.span.start))])
                   for o in legal):
                p.arrested = True


def seen_before(p: Person, pos: int) -> int:
    """Where ``p`` was last mentioned before ``pos`` (-1 if not yet)."""
    return max((s.start for s in p.spans if s.start < pos), default=-1)


def has_attributes(p: Person) -> bool:
    """Whether ``p`` is somebody: age, sex, town, a name with a part in the story, or an
    anonymous "one person was arrested"."""
    if p.age is not None or p.sex is not None or p.town is not None:
        return True
    anonymous = any(s.rule == "person_anonymous" for s in p.spans)
    if p.name or anonymous:
        return bool(p.offences or p.arrested or p.story_roles)
    # a role alone ("The driver was arrested") is somebody once arrested, charged or convicted;
    # "the victim", "a runner" on their own are nobody in particular
    return bool(p.roles) and bool(p.arrested or set(p.story_roles) & PROSECUTED)
