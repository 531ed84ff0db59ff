"""The sex a story gives its people as a counted group: "Six men have been arrested ...", then
"A 36-year-old and a 45-year-old were arrested ..." are two of the six men.

The rule reads the story as a whole, not a phrase next to a name: when every counted group of
people in the text ("six men", "Three men were arrested on suspicion of ...:", "Twelve men
are facing ...") is of one sex, no word in the text describes anybody of the other sex
("woman", "girls", "she", "her", ...) and no person described is of the other sex, then the
people described whose sex is not given (other than victims and people safeguarded) are of
that sex, provided there are no more of them, with those already of that sex, than the
largest group counted.
"""

from __future__ import annotations

import re

from linewatch.text.model import Person
from linewatch.text.numbers import NUM_WORDS, parse_int
from linewatch.text.pipeline import Context

_COUNTED = re.compile(rf"\b(?P<n>{NUM_WORDS}|\d{{1,3}})\s+(?:[a-z-]+\s+){{0,2}}?"
                      r"(?P<noun>men|boys|males|women|girls|females)\b", re.IGNORECASE)
_NOUN_SEX = {"men": "M", "boys": "M", "males": "M", "women": "F", "girls": "F", "females": "F"}
_WORDS_OF = {
    "F": re.compile(r"\b(?:woman|women|girls?|females?|she|her|hers|herself|mother|daughter|"
                    r"wife|sister|grandmother|mum|lady|ladies)\b", re.IGNORECASE),
    "M": re.compile(r"\b(?:man|men|boys?|males?|he|him|his|himself|father|son|husband|brother|"
                    r"grandfather|dad)\b", re.IGNORECASE),
}
_NOT_SUSPECT = {"victim", "safeguarded"}


# "Two boys have been arrested ... The suspects, aged 14 and 15, were held": the definite group
# told again with its ages is the counted group of the same size just before it
_DEFINITE_AGED = re.compile(r"[Tt]he\s+(?:suspects|defendants|teenagers|youths|pair|offenders|"
                            r"accused),?\s+(?:now,?\s+)?aged\s+(?P<ages>\d{1,2}(?:\s*(?:,|and|&)\s*"
                            r"\d{1,2})+)")


def _sex_of_definite_groups(ctx: Context, persons: list[Person]) -> None:
    spans: dict[int, list[Person]] = {}
    for p in persons:
        for sp in p.spans:
            if sp.rule == "person_noun_aged":
                spans.setdefault(sp.start, []).append(p)
    for start, members in spans.items():
        m = _DEFINITE_AGED.match(ctx.text, start)
        if m is None or any(p.sex for p in members):
            continue
        n = len(re.findall(r"\d{1,2}", m.group("ages")))
        before = [g for g in _COUNTED.finditer(ctx.text, max(0, start - 400), start)
                  if parse_int(g.group("n")) == n and not ctx.in_speech(g.start(), g.end())]
        if before and len(members) == n:
            for p in members:
                p.sex = _NOUN_SEX[before[-1].group("noun").lower()]


def sex_from_counted_groups(ctx: Context, persons: list[Person]) -> None:
    """Give the group's sex to the people described without one (see the module docstring)."""
    _sex_of_definite_groups(ctx, persons)
    groups: list[tuple[int, str, str]] = []
    for m in _COUNTED.finditer(ctx.text):
        count = parse_int(m.group("n"))
        if count is None or count < 2 or ctx.in_speech(m.start(), m.end()):
            continue
        noun = m.group("noun").lower()
        groups.append((count, _NOUN_SEX[noun], noun))
    sexes = {sex for _, sex, _ in groups}
    if len(sexes) != 1:
        return
    sex = sexes.pop()
    other = "F" if sex == "M" else "M"
    if _WORDS_OF[other].search(ctx.text) or any(p.sex == other for p in persons):
        return
    nouns = {noun for _, _, noun in groups}
    members = [p for p in persons if _could_be_member(p, nouns)]
    unsexed = [p for p in members if p.sex is None and not p.safeguarded
               and not set(p.story_roles) & _NOT_SUSPECT and not _beyond_group(p)]
    if not unsexed:
        return
    if len(unsexed) + sum(p.sex == sex for p in members) > max(n for n, _, _ in groups):
        return
    for p in unsexed:
        p.sex = sex


def _could_be_member(p: Person, nouns: set[str]) -> bool:
    """A 17-year-old is no member of "two men", a 30-year-old none of "three boys"."""
    if p.age is None or nouns & {"males", "females"}:
        return True
    adult = bool(nouns & {"men", "women"})
    child = bool(nouns & {"boys", "girls"})
    return (adult and p.age >= 18) or (child and p.age < 18)


_BEYOND = re.compile(r"\b(?:another|second|third|fourth|fifth|further|other)\b", re.IGNORECASE)


def _beyond_group(p: Person) -> bool:
    """"A third person has been arrested": told as one more than the group."""
    return bool(p.spans) and all(_BEYOND.search(s.text) for s in p.spans)
