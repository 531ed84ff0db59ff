"""Pronouns inside sentences: whose "he", "his", "her" it is, and "his flat in X" as a home.

The linker already reads a sentence that opens with "He"/"She" (``linking.Linker._anaphor``).
This covers the others: "a 27-year-old was arrested after he ran off", "Cole, 23, was given a
suspended sentence after he admitted ...", "His co-defendant ...", "the court heard she
...", and a home given through the pronoun ("a tenant was exploited in his flat in Ashby").

A pronoun refers to a person only when that can be nobody else:

- the one person mentioned earlier in the same sentence (two or more: nothing is decided);
- with nobody earlier in the sentence, the last person mentioned before it, when nobody else
  was mentioned in that person's sentence;
- never across an official (officer, judge, prosecutor) named in between, never as the speaker
  ("he said", "she added"); in quoted speech only "him", "his", "her" after the one person
  named earlier in the same sentence ("When we searched Daley's home ... despite him being
  unemployed").

It gives the person a sex when none is known (a pronoun never overrides a noun) and a home town
from "his/her flat|home|house|address in X" when none is known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from linewatch.text.model import Mention, Person
from linewatch.text.pipeline import Context

_PRONOUN = re.compile(r"\b(?P<word>he|she|him|his|her|himself|herself)\b", re.IGNORECASE)
_SEX = {"he": "M", "him": "M", "his": "M", "himself": "M",
        "she": "F", "her": "F", "herself": "F"}
_SPEAKER = re.compile(r"\s+(?:said|says|added|told|explained|commented|continued|stated|"
                      r"described|urged|warned|praised)\b")
# someone the rules do not list as a person ("a drug addict, who Cole made ... her flat"); a
# plural noun ("officers") is never the one a "he" or "her" means
_OTHER = re.compile(r"\b(?:addict|user|neighbou?r|tenant|landlord|friend|partner|mother|father|"
                    r"brother|sister|son|daughter|girlfriend|boyfriend|wife|husband|officer|"
                    r"constable|spokes(?:man|woman|person)|victim|man|woman|boy|girl|person|resident|occupant|driver|"
                    r"passenger|child|teenager|youth|customer|worker|member|witness|owner)\b",
                    re.IGNORECASE)  # singular only: "Officers piled in ... his home" is no rival
_SAID_BEFORE = re.compile(r"\b(?:said|says|added|told\s+\w+|explained|stated|confirmed)\s+"
                          r"(?:that\s+)?$")
_HOME = re.compile(r"\s+(?:own\s+)?(?:flat|home|house|address|bedsit|apartment|property)\s+in\s+"
                   r"(?:the\s+)?")


def _last_mention_before(p: Person, pos: int) -> int:
    return max((s.start for s in p.spans if s.start < pos), default=-1)


def _antecedent(ctx: Context, persons: Sequence[Person], officials: Sequence[int],
                pos: int) -> Person | None:
    s_start, _ = ctx.sentence_of(pos)
    if any(s_start <= o < pos for o in officials):
        return None  # "DC Ray Holt said he ...": the officer, or unclear
    in_sentence = [p for p in persons if s_start <= _last_mention_before(p, pos)]
    if len(in_sentence) > 1 or _someone_else(ctx, persons, s_start, pos):
        return None
    if in_sentence:
        return in_sentence[0]
    before = [(p, _last_mention_before(p, pos)) for p in persons]
    before = [(p, at) for p, at in before if at >= 0]
    if not before:
        return None
    last, at = max(before, key=lambda item: item[1])
    sentence = ctx.sentence_index(at)
    if any(q is not last and ctx.sentence_index(a) == sentence for q, a in before):
        return None  # two people in that sentence: either could be meant
    if any(at < o < pos for o in officials):
        return None
    return last


def _someone_else(ctx: Context, persons: Sequence[Person], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names a person-like noun outside the people's mentions."""
    chars = list(ctx.text[start:end])
    for p in persons:
        for s in p.spans:
            for i in range(max(s.start, start), min(s.end, end)):
                chars[i - start] = " "
    return _OTHER.search("".join(chars)) is not None


_RELATION_BEFORE = re.compile(
    r"\b(?:his|her|their|a|the)\s+(?:(?:older|younger|elder|twin|teenage|estranged)\s+)?"
    r"(?P<rel>[a-z]+)\s*,?\s*$|\b(?P<parent>mother|father)-of-(?:\w+)\s+$", re.IGNORECASE)


def apply_relations(ctx: Context, persons: Sequence[Person],
                    relations: dict[str, str | None]) -> None:
    """"his brother Sam Reed", "her son, Tom Reed", "Mother-of-two Ada Pike": the relation
    noun (or "mother-of-", "father-of-") before a name gives that person's sex."""
    for p in persons:
        if p.sex is not None or not p.name or not p.spans:
            continue
        first = min(s.start for s in p.spans)
        m = _RELATION_BEFORE.search(ctx.text[max(0, first - 40):first])
        if m is None:
            continue
        if m.group("parent"):
            p.sex = "F" if m.group("parent").lower() == "mother" else "M"
        else:
            p.sex = relations.get(m.group("rel").lower())


def apply_pronouns(ctx: Context, persons: Sequence[Person], officials: Sequence[int],
                   places: Sequence[Mention]) -> None:
    """Give each person the sex and home town their unambiguous pronouns say."""
    for m in _PRONOUN.finditer(ctx.text):
        word = m.group("word")
        s_start, _ = ctx.sentence_of(m.start())
        if word in {"He", "She"} and not ctx.text[s_start:m.start()].strip():
            continue  # a sentence opening "He"/"She" is the linker's (it may mean several)
        speech = ctx.in_speech(m.start(), m.end())
        if (speech and word.lower() in {"he", "she"}) or _SPEAKER.match(ctx.text, m.end()) or \
                _SAID_BEFORE.search(ctx.text[max(0, m.start() - 30):m.start()]):
            continue
        person = _antecedent(ctx, persons, officials, m.start())
        last = _last_mention_before(person, m.start()) if person is not None else -1
        if person is None or (speech and (last < s_start or not ctx.in_speech(last, last + 1))):
            continue  # in quoted speech only the one person named before it inside the quotation
        sex = _SEX[word.lower()]
        if person.sex not in (None, sex):
            continue
        person.sex = sex
        home = _HOME.match(ctx.text, m.end()) if word.lower() in {"his", "her"} else None
        if home is not None and person.town is None:
            place = next((p for p in places if p.span.start == home.end()), None)
            if place is not None:
                person.town = place.value
