"""Joining descriptions of one person made in different places of a text.

- People described in a headline (a first line without a full stop) are the first compatible
  people described after it (``merge_headline``).
- The unnamed person of the opening lines ("A Bolton man has been jailed") is the first named
  person after them who does not contradict it and is described (``merge_lead``).
- An unnamed person described again ("A 57-year-old woman, from X" twice), or the opening
  line's person given a town later ("a Corby man charged with ..."), is one person unless the
  sentence says there is another (``merge_repeats``).
"""

from __future__ import annotations

import re

from linewatch.text.gazetteer import Gazetteer
from linewatch.text.model import Person
from linewatch.text.persons import PersonMention
from linewatch.text.pipeline import Context
from linewatch.text.story import add_role

# "other" only of people ("the other man", "other suspects"), not "and other drugs offences"
ANOTHER = re.compile(r"\b(?:also|another|second|third|further(?!\s+(?:inquiries|enquiries|"
                     r"investigations?|questioning|information|details|notice)\b)|other(?=\s+"
                     r"(?:(?:young|teenage|older|younger)\s+)?(?:man|men|woman|women|boys?|girls?|"
                     r"persons?|people|males?|females?|teenagers?|youths?|suspects?|ones?|"
                     r"individuals?|defendants?|occupants?|passengers?)\b)|more|"
                     r"separate|separately|younger|older)\b", re.IGNORECASE)
# "..., and she has also been released": "also" of what the person did next, not of a second one
_PRONOUN_ALSO = re.compile(r"\b(?:he|she|they)\s+(?:(?:has|have|had|was|were|is|are|will|would)"
                           r"\s+)?also\b", re.IGNORECASE)
# a sentence that refers back: "He ...", "Both ...", "The pair ...", "Police said both men ..."
ANAPHOR = re.compile(r"^\s*(?:(?:[A-Z][\w\s]{0,30}?\s(?:said|added|confirmed)\s+(?:that\s+)?)?"
                     r"(?P<both>[Bb]oth\s+(?P<bnoun>men|women|dealers|suspects|defendants|teenagers|"
                     r"boys|girls)\b)|(?P<one>He|She)|(?P<two>Both|The\s+pair|The\s+two|The\s+couple)"
                     r"|(?P<all>All|The)\s+(?P<n>two|three|four|five|six|seven|eight)\b"
                     r"(?:\s+(?P<anoun>men|women|boys|girls)\b)?"
                     r"|The\s+trio"
                     r"|(?P<group>The\s+(?P<gnoun>men|women|boys|girls|teenagers|youths|"
                     r"defendants|suspects|brothers|sisters)))\b")


class Merging:
    """The merging rules of :class:`~linewatch.text.linking.Linker` (its state below)."""

    ctx: Context
    gaz: Gazetteer
    persons: list[Person]
    of: dict[int, list[Person]]

    def merge_lead(self, mentions: list[PersonMention]) -> None:
        lead_end = self.ctx.sentences[min(2, len(self.ctx.sentences)) - 1][1]
        for m in mentions:
            if m.start >= lead_end or m.kind not in {"indefinite", "aged"} or m.count != 1:
                continue
            persons = self.of.get(id(m), [])
            if len(persons) != 1 or persons[0].name:
                continue
            lead = persons[0]
            if not any(q is lead for q in self.persons):
                continue  # already joined to someone else
            target = next((p for p in self.persons if p.name and p is not lead and
                           p.spans[0].start > m.start and self._compatible(lead, p) and (
                               p.age is not None or p.town or p.offences or p.story_roles)
                           and not _opposite_sides(lead, p)), None)
            if target is None:
                continue
            self._absorb(target, lead)

    def merge_repeats(self, mentions: list[PersonMention]) -> None:
        """An unnamed person described again ("A 57-year-old woman, from X" twice, or "a
        38-year-old man" in the opening lines and "a Kettering man" later) is one person,
        unless the sentence says there is another ("also", "another", "second", ...)."""
        lead_end = self.ctx.sentences[min(4, len(self.ctx.sentences)) - 1][1]
        for m in mentions:
            persons = self.of.get(id(m), [])
            if m.kind not in {"indefinite", "aged"} or m.count != 1 or len(persons) != 1:
                continue
            later = persons[0]
            if later.name or not any(q is later for q in self.persons) or any(
                    self._headline_end() <= sp.start < m.start for sp in later.spans):
                continue  # already merged, or described before this mention
            s_start, s_end = self.ctx.sentence_of(m.start)
            if ANOTHER.search(_PRONOUN_ALSO.sub(" ", self.ctx.text[s_start:s_end])):
                continue
            earlier = [q for q in self.persons if q is not later and not q.name and
                       any(self._headline_end() <= sp.start < m.start for sp in q.spans) and
                       self._compatible(q, later)]
            same = [q for q in earlier if q.age is not None and q.age == later.age and
                    q.sex == later.sex and q.sex is not None]
            lead = [q for q in earlier if q.spans[0].start < lead_end]
            adds = later.town is not None or later.age is not None
            other = bool(ANAPHOR.match(self.ctx.text[s_start:s_end])) or bool(
                later.roles)  # "He is supplied by a courier from X": someone else
            target = same[-1] if same else (lead[0] if len(lead) == 1 and len(earlier) == 1
                                            and adds and not other else None)
            if target is None and not adds and not other and later.sex is not None and \
                    m.kind == "indefinite":
                # "arrested a 27 year old man ... Minutes later a man was spotted nearby and
                # arrested": a bare "a man" after the one man already described is that man
                sexed = [q for q in earlier if q.sex == later.sex and q.age is not None]
                alone = sum(s_start <= o.start < s_end and o.kind in {"indefinite", "aged"}
                            for o in mentions) == 1
                target = sexed[0] if len(sexed) == 1 and len(earlier) == 1 and alone else None
            if target is not None and not self._separate_entries(target.spans[0].start, m.start):
                self._absorb(target, later)

    def merge_named_later(self) -> None:
        """"A 22-year-old man was charged ... Tyreece Lowe, 22, of X, was charged with ...":
        the one unnamed person of an age is the one named person of that age described later,
        when nothing about them disagrees."""
        for unnamed in [p for p in self.persons if not p.name and p.age is not None]:
            if not any(q is unnamed for q in self.persons):
                continue
            alike = [q for q in self.persons if not q.name and q.age == unnamed.age]
            named = [q for q in self.persons if q.name and q.age == unnamed.age]
            if len(alike) != 1 or len(named) != 1:
                continue
            target = named[0]
            if target.spans[0].start < unnamed.spans[0].start or not self._compatible(
                    unnamed, target) or _opposite_sides(unnamed, target):
                continue
            self._absorb(target, unnamed)

    def _separate_entries(self, a: int, b: int) -> bool:
        """Two places in different entries of a list, one person a line ("Mazurek Way – a
        16-year-old boy arrested" / "Kennedy Drive – a 16-year-old boy arrested"): a line
        after the first that starts with a bullet or does not end as a sentence does."""
        return _line_start(self.ctx.text, a) != _line_start(self.ctx.text, b) and all(
            _list_entry(self.ctx.text, pos) for pos in (a, b))

    def _headline_end(self) -> int:
        """End of the headline (a first line without a full stop), else 0."""
        first = self.ctx.text.split("\n", 1)[0]
        if len(self.ctx.text) == len(first) or first.rstrip().endswith((".", "!", "?", ":")):
            return 0
        return len(first)

    def merge_headline(self) -> None:
        """People described in a headline (a first line without a full stop) are the same
        people as the first compatible ones described after it."""
        first = self.ctx.text.split("\n", 1)[0]
        if len(self.ctx.text) == len(first) or first.rstrip().endswith((".", "!", "?", ":")):
            return
        end = len(first)
        for lead in [p for p in self.persons if p.spans and p.spans[-1].start < end]:
            target = next((p for p in self.persons if p is not lead and p.spans[0].start >= end
                           and self._compatible(lead, p) and (lead.age is None or
                                                              p.age == lead.age)), None)
            if target is None:
                continue
            self._absorb(target, lead)

    def _absorb(self, target: Person, lead: Person) -> None:
        target.age = target.age if target.age is not None else lead.age
        target.sex = target.sex or lead.sex
        target.town = target.town or lead.town
        target.offences.extend(o for o in lead.offences if o not in target.offences)
        target.arrested = target.arrested or lead.arrested
        target.safeguarded = target.safeguarded or lead.safeguarded
        for role in lead.story_roles:
            add_role(target, role)
        target.sentence = target.sentence or lead.sentence
        target.spans = sorted(lead.spans + target.spans, key=lambda s: s.start)
        self.persons.remove(lead)

    def _compatible(self, a: Person, b: Person) -> bool:
        if a.age is not None and b.age is not None and a.age != b.age:
            return False
        if a.sex and b.sex and a.sex != b.sex:
            return False
        if a.town and b.town and a.town != b.town:
            pa, pb = self.gaz.get(a.town), self.gaz.get(b.town)
            distance = pa.distance_km(pb) if pa and pb else None
            if pb is None and b.name or pb is not None and len(pb.coords) > 1:
                return True  # unknown district ("of Anfield") or a name several places share
            if distance is None or distance > 15:
                return False
        return True



def _opposite_sides(a: Person, b: Person) -> bool:
    """One arrested or accused, the other a victim: two people, whatever else agrees."""
    def accused(p: Person) -> bool:
        return p.arrested or bool(p.offences) or bool(
            {"arrested", "charged", "convicted", "sentenced"} & set(p.story_roles))
    return (accused(a) and "victim" in b.story_roles) or (accused(b) and "victim" in a.story_roles)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _list_entry(text: str, pos: int) -> bool:
    start = _line_start(text, pos)
    if start == 0:
        return False  # the first line is a headline, not an entry
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)].strip()
    if re.match(r"[-*•·]", line) or not line.endswith((".", "!", "?", ":", "\"", "”")):
        return True
    # "A 25-year-old man from X on suspicion of ...": a line that is only the description
    return text[start:pos].strip() == "" and not re.search(
        r"\b(?:was|were|has|have|had|is|are|will|would)\b", line, re.IGNORECASE)


_PROSECUTED = {"charged", "convicted", "sentenced"}
_SEXED_NOUNS = {"man", "woman", "boy", "girl", "male", "female", "teenager", "youth"}


def merge_bare_mentions(ctx: Context, persons: list[Person]) -> list[Person]:
    """"A man has been arrested ... with a man subsequently arrested", "An unnamed woman has
    been arrested ... A 54-year-old woman from Hull was arrested": a person given only by "a
    <noun>" once is the one other person of that noun and sex, when both are arrested and the
    other person is not in the same sentence."""
    out = list(persons)
    for p in list(out):
        if not _bare(p):
            continue
        sentence = ctx.sentence_index(p.spans[0].start)
        same = [q for q in out if q is not p and q.noun == p.noun and q.sex == p.sex and
                (q.arrested or bool(set(q.story_roles) & _PROSECUTED))]
        if len(same) != 1 or any(ctx.sentence_index(s.start) == sentence for s in same[0].spans):
            continue
        q = same[0]
        if any(_OTHER_PERSON.search(ctx.text[slice(*ctx.sentence_of(sp.start))])
               for sp in [*p.spans, *q.spans]):
            continue  # "A man was arrested. Another man was also arrested": two people
        for role in p.story_roles:
            add_role(q, role)
        q.offences.extend(o for o in p.offences if o not in q.offences)
        q.spans = sorted([*q.spans, *p.spans], key=lambda s: s.start)
        out.remove(p)
    return out


_OTHER_PERSON = re.compile(r"\banother\s+(?:man|woman|boy|girl|male|female|teenager|youth)\b|"
                           r"\ba\s+(?:second|third|fourth|further)\s+(?:man|woman|boy|girl|male|"
                           r"female|teenager|youth)\b", re.IGNORECASE)


def _bare(p: Person) -> bool:
    return (p.arrested and p.age is None and p.town is None and p.name is None and
            p.sex is not None and
            p.noun in _SEXED_NOUNS and len(p.spans) == 1 and
            p.spans[0].rule == "person_indefinite" and
            re.match(r"an?\s", p.spans[0].text, re.IGNORECASE) is not None)
