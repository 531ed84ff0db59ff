"""The number of people arrested, read as events rather than as the largest number in the text.

``measures.count_rules`` keeps the largest arrest count, which is right when the counts are a
total and its parts. Three shapes of writing break that, and each is read here from the
sentence a count stands in, not from particular words of one story:

- a count told as *background*, an earlier operation ("a separate investigation last month in
  which 40 people were arrested", "earlier this year ..."), is not part of the story's arrests
  (unless every count is background);
- a count told as a *separate event* ("In a separate operation on Thursday, three men were
  arrested", "In addition to the warrants, ... arresting four people") is added to the rest;
- counts told for *different days* ("A total of eight were arrested today", "Following on
  from yesterday's warrants, a total of 11 people were arrested") are added, day by day, when
  no count without a day is larger;
- a running total ("take the total arrests this week to 33", "bringing the number of arrests
  to 33") is the story's total and wins over the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linewatch.text.numbers import NUM, parse_int
from linewatch.text.pipeline import Context

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december)")
BACKGROUND = re.compile(
    rf"(?<!the\s)(?<!past\s)\b(?:last|previous)\s+(?:month|year|summer|spring|autumn|winter|{_MONTH})\b|"
    r"\bearlier\s+(?:this|that|in\s+the)\s+(?:year|month)\b|"
    r"\b(?:months|years)\s+(?:ago|earlier|before)\b|\bon\s+the\s+heels\s+of\b|"
    r"\bprevious(?:ly)?\b|\ba\s+previous\b", re.IGNORECASE)
SEPARATE = re.compile(
    r"^\W*(?:(?:in|during|as\s+part\s+of)\s+a\s+separate\s+(?:operation|incident|raid|stop|"
    r"warrant|investigation|enquiry|inquiry|search)\b|separately\b)|\bin\s+addition\s+to\b",
    re.IGNORECASE)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY = re.compile(rf"\b(?P<day>today|yesterday|tonight|this\s+morning|on\s+{_WEEKDAY})\b",
                 re.IGNORECASE)
TOTAL_TO = re.compile(
    rf"\b(?:takes?|taking|took|brings?|bringing|brought)\s+(?:the\s+)?(?:total|number|tally)"
    rf"(?:\s+(?:number\s+)?of)?(?:\s+(?:arrests|people\s+arrested))?(?:\s+[a-z]+){{0,3}}?\s+to\s+"
    rf"(?P<n>{NUM})\b|\b(?:total|number)\s+of\s+arrests\s+(?:now\s+)?(?:stands|rises|rose)\s+"
    rf"(?:at|to)\s+(?P<n2>{NUM})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ArrestCount:
    """One arrest count found by a rule, with the sentence it stands in."""

    value: int
    sentence: int
    start: int


def _day(sentence: str) -> str | None:
    m = DAY.search(sentence)
    return " ".join(m.group("day").lower().split()) if m else None


def _told_apart(ctx: Context, c: ArrestCount) -> bool:
    """The count is told as a separate event, and is not itself what "in addition to" refers
    back to ("In addition to the 12 arrests, 30 phones were seized")."""
    start, end = ctx.sentences[c.sentence]
    sentence = ctx.text[start:end]
    m = SEPARATE.search(sentence)
    if m is None:
        return False
    if "addition" in m.group(0).lower():
        comma = sentence.find(",", m.end())
        # what follows "in addition to" up to a comma, at most a few words
        clause_end = min(comma if comma >= 0 else len(sentence), m.end() + 30)
        if m.start() <= c.start - start < clause_end:
            return False
    return True


def running_total(ctx: Context) -> int | None:
    """A running total of arrests ("take the total arrests this week to 33"), outside speech."""
    best: int | None = None
    for m in TOTAL_TO.finditer(ctx.text):
        raw = m.group("n") or m.group("n2")
        value = parse_int(raw) if raw else None
        if value is None or ctx.in_speech(m.start(), m.end()):
            continue
        if "arrest" not in ctx.text[ctx.sentence_of(m.start())[0]:m.end()].lower():
            continue
        best = value if best is None else max(best, value)
    return best


def event_arrests(ctx: Context, counts: list[ArrestCount]) -> int | None:
    """The story's arrests from the arrest counts found (see the module's docstring)."""
    total = running_total(ctx)
    if not counts:
        return total

    def text_of(c: ArrestCount) -> str:
        start, end = ctx.sentences[c.sentence]
        return ctx.text[start:end]

    current = [c for c in counts if not BACKGROUND.search(text_of(c))] or counts
    separate = [c for c in current if _told_apart(ctx, c)]
    main = [c for c in current if c not in separate] or separate
    if main is separate:
        separate = []
    undated = [c.value for c in main if _day(text_of(c)) is None]
    by_day: dict[str, int] = {}
    for c in main:
        day = _day(text_of(c))
        if day is not None:
            by_day[day] = max(by_day.get(day, 0), c.value)
    if len(by_day) >= 2:
        base = max(max(undated, default=0), sum(by_day.values()))
    else:
        base = max(c.value for c in main)
    per_sentence: dict[int, int] = {}
    for c in separate:
        per_sentence[c.sentence] = max(per_sentence.get(c.sentence, 0), c.value)
    base += sum(per_sentence.values())
    return max(base, total or 0)


# an earlier event told as background, without "previous(ly)" (which also tells a person's past)
EARLIER_EVENT = re.compile(
    rf"(?<!the\s)(?<!past\s)\b(?:last|previous)\s+(?:month|year|summer|spring|autumn|winter|"
    rf"{_MONTH})\b|\bearlier\s+(?:this|that|in\s+the)\s+(?:year|month)\b|"
    r"\b(?:months|years)\s+(?:ago|earlier|before)\b|\bon\s+the\s+heels\s+of\b", re.IGNORECASE)


def only_in_earlier_events(ctx: Context, starts: list[int]) -> bool:
    """Every place (``starts``) is in a sentence telling of an earlier event ("Earlier this year
    a 17-year-old was convicted ..."): somebody of the background, not of the story."""
    if not starts:
        return False
    for pos in starts:
        s_start, s_end = ctx.sentence_of(pos)
        if not EARLIER_EVENT.search(ctx.text[s_start:s_end]):
            return False
    return True


# words that make a count a total or a part of one, not an event of its own
_TOTAL_WORDS = re.compile(r"\b(?:total|in\s+all|altogether|overall|including|of\s+which|of\s+"
                          r"(?:them|those|whom)|among|across|during\s+the\s+(?:week|month|"
                          r"operation)|this\s+week|the\s+week)\b", re.IGNORECASE)


_INDEFINITE = re.compile(r"(?:an?|one|another)\b", re.IGNORECASE)


def separate_events_sum(ctx: Context, counts: list[ArrestCount], arrested: list[list[int]],
                        places: list[tuple[int, str]]) -> int:
    """A round-up of separate arrests, each told in its own sentence at its own place ("Two men
    were arrested in A ... A man has been arrested ... In B, a man and a woman were arrested
    ... Officers arrested two men in C"): the sum of the sentences' arrests, or 0 when the
    writing is not that shape. Each sentence counts its largest count, else the arrested people
    brought into it with "a", "an", "one", "another" (``arrested``: where each arrested person
    is mentioned; "the man" again is no new arrest). The shape needs
    three or more such sentences after the opening line, a place in all of them but one at most
    (``places``: start and name) and no place in two of them, no total or part wording, and no
    count as large as the others together (that is a total)."""
    opening_end = ctx.text.find("\n")
    events: dict[int, int] = {}
    for c in counts:
        events[c.sentence] = max(events.get(c.sentence, 0), c.value)
    counted = set(events)
    for person in arrested:  # people brought in ("a man", "A 24-year-old") where no count is
        brought_in = {ctx.sentence_index(pos) for pos in person
                      if _INDEFINITE.match(ctx.text, pos)}
        for s in brought_in - counted:
            events[s] = events.get(s, 0) + 1
    events = {s: v for s, v in events.items() if 0 <= opening_end < ctx.sentences[s][0]}
    if len(events) < 3:
        return 0
    named: dict[int, set[str]] = {}
    for pos, name in places:
        s = ctx.sentence_index(pos)
        if s in events:
            named.setdefault(s, set()).add(name)
    if len(set(events) - set(named)) > 1:
        return 0
    seen: set[str] = set()
    for s in events:
        start, end = ctx.sentences[s]
        here = named.get(s, set())
        if _TOTAL_WORDS.search(ctx.text[start:end]) or here & seen:
            return 0
        seen |= here
    total = sum(events.values())
    return 0 if max(events.values()) * 2 >= total else total
