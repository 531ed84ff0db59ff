"""Intelligence-log cues that the extractor, written for prose and press releases, leaves out.

Intelligence reports and tips name people by street names and write surnames in capitals;
these rules add those mentions for the intake (:mod:`linewatch.text.mentions`) without changing
what :func:`linewatch.text.extract` returns. Every rule is a plain pattern with a name:

* ``nickname_cue``: a name after "known as", "called", "aka", "nicknamed", "goes by", "street
  name", "calls himself" ("a boy called 'Diesel'", "known as TINY"), unless the cue is about a
  line or a number ("a deal line called Monty", "the number known as ...").
* ``quoted_name``: one capitalised word in quotation marks ("'Chops', who lives in Croydon"),
  unless it names a line ("the 'Rocket' line") or is saved as a contact (below).
* ``saved_as``: the name customers save a deal line under ("which they save as 'Monty'",
  "saved in their phones as Tony"), and ``advertised_as``, the quoted name a line's texts
  advertise ("mass texts advertising 'Rambo'"): line names.
* ``caps_surname`` / ``surname_comma``: "Kyle BROWN" and "BROWN, Kyle", the log style, when the
  forename is a known forename (the name-variant table plus the forenames on nominal records),
  so that "Kent POLICE" or "MAIDSTONE, Kent" are not names.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

_Q_OPEN = "[\"“‘']"
_Q_CLOSE = "[\"”’']"
_WORD = r"[A-Za-z][\w-]{0,19}"
_LINE_WORDS = r"(?:line|number|phone|mobile|handset|sim|brand|contact)"


@dataclass(frozen=True)
class Cue:
    """A name found by one of the rules above, with its span (the name itself)."""

    value: str
    text: str
    start: int
    end: int
    rule: str


_NICK_CUE = re.compile(
    rf"\b(?P<cue>(?:(?:is\s+|are\s+)?known\s+(?:locally\s+|only\s+)?as|called|aka|a\.k\.a\.?|"
    rf"nicknamed|goes\s+by(?:\s+the\s+name(?:\s+of)?)?|street\s+name(?:\s+is|\s+of)?|"
    rf"calls\s+(?:himself|herself|themselves)|uses\s+the\s+name|going\s+by)\s+(?:the\s+)?)"
    rf"(?:{_Q_OPEN}(?P<q>[A-Za-z][\w-]{{0,19}}(?:\s[A-Z][\w-]{{0,19}})?){_Q_CLOSE}"
    rf"|(?P<b>(?-i:[A-Z][\w-]{{0,19}})))",
    re.IGNORECASE)
_QUOTED = re.compile(rf"(?<![\w]){_Q_OPEN}(?P<n>[A-Z][\w-]{{1,19}}){_Q_CLOSE}(?![\w])")
_SAVED = re.compile(
    rf"\bsav(?:e|es|ed|ing)\s+(?:(?:it|this|that|them|the\s+(?:number|line)|this\s+number)\s+)?"
    rf"(?:(?:in|into|on)\s+(?:their|his|her|the)\s+(?:phones?|contacts)\s+)?(?:as|under)\s+"
    rf"(?:{_Q_OPEN}(?P<q>{_WORD}(?:\s[A-Z][\w-]{{0,19}})?){_Q_CLOSE}"
    rf"|(?P<b>(?-i:[A-Z][\w-]{{0,19}})))",
    re.IGNORECASE)
_ADVERTISED = re.compile(
    rf"\badverti[sz](?:e|es|ed|ing)\s+(?:as\s+|the\s+)?{_Q_OPEN}(?P<q>{_WORD}"
    rf"(?:\s[A-Z][\w-]{{0,19}})?){_Q_CLOSE}", re.IGNORECASE)
_AFTER_LINE = re.compile(r"^\s*(?:deal\s+|drugs?\s+|county\s+|phone\s+)?line\b", re.IGNORECASE)
_CAPS = re.compile(
    r"\b(?P<f>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+(?P<m>[A-Z][a-z]+))?\s+"
    r"(?P<s>(?:MC|MAC|O['’])?[A-Z]{2,}(?:-[A-Z]{2,})?)\b(?![a-z])")
_SURNAME_COMMA = re.compile(
    r"\b(?P<s>(?:MC|MAC|O['’])?[A-Z]{2,}(?:-[A-Z]{2,})?)\s*,\s*(?P<f>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
    r"\b")


def nickname_cues(text: str) -> list[Cue]:
    """Street names after a naming cue, and single quoted capitalised words."""
    out: list[Cue] = []
    for m in _NICK_CUE.finditer(text):
        group = "q" if m.group("q") else "b"
        before = text[max(0, m.start() - 30):m.start()]
        if re.search(rf"\b{_LINE_WORDS}s?\s*(?:,\s*)?(?:which\s+is\s+|that\s+is\s+)?$", before,
                     re.IGNORECASE):
            continue
        if _AFTER_LINE.match(text[m.end():m.end() + 25]):
            continue
        if group == "b" and m.group("b").lower() in _NOT_NICKNAMES:
            continue
        out.append(Cue(m.group(group), m.group(group), m.start(group), m.end(group),
                       "nickname_cue"))
    saved = [(c.start, c.end) for c in line_cues(text)]
    for m in _QUOTED.finditer(text):
        start, end = m.start("n"), m.end("n")
        if any(c.start <= start < c.end for c in out) or any(s <= start < e for s, e in saved):
            continue
        if _AFTER_LINE.match(text[m.end():m.end() + 25]):
            continue
        out.append(Cue(m.group("n"), m.group("n"), start, end, "quoted_name"))
    return out


def line_cues(text: str) -> list[Cue]:
    """The contact name customers save a deal line under."""
    out = []
    for m in _SAVED.finditer(text):
        group = "q" if m.group("q") else "b"
        if group == "b" and m.group("b").lower() in _NOT_NICKNAMES:
            continue
        out.append(Cue(m.group(group), m.group(group), m.start(group), m.end(group), "saved_as"))
    for m in _ADVERTISED.finditer(text):
        out.append(Cue(m.group("q"), m.group("q"), m.start("q"), m.end("q"), "advertised_as"))
    return sorted(out, key=lambda c: c.start)


def caps_names(text: str, forenames: Collection[str]) -> list[Cue]:
    """"Kyle BROWN", "Kyle James BROWN" and "BROWN, Kyle" when Kyle is a known forename.

    The value is written "Kyle Brown" (forename, surname; a middle name is dropped).
    """
    if not forenames:
        return []
    out = []
    for m in _CAPS.finditer(text):
        if m.group("f").upper() in forenames and m.group("s") not in _NOT_SURNAMES:
            value = f"{m.group('f')} {_title(m.group('s'))}"
            out.append(Cue(value, m.group(0), m.start(), m.end(), "caps_surname"))
    for m in _SURNAME_COMMA.finditer(text):
        if m.group("f").upper() in forenames and m.group("s") not in _NOT_SURNAMES:
            if any(c.start < m.end() and m.start() < c.end for c in out):
                continue
            value = f"{m.group('f')} {_title(m.group('s'))}"
            out.append(Cue(value, m.group(0), m.start(), m.end(), "surname_comma"))
    return out


def _title(surname: str) -> str:
    return "-".join(part.capitalize() for part in surname.split("-"))


#: words that follow "called" or "known as" without being anyone's name
_NOT_NICKNAMES = frozenset({
    "a", "an", "the", "him", "her", "them", "it", "this", "that", "police", "officers",
    "back", "out", "in", "on", "off", "up", "for", "to", "by", "and", "or", "his", "their",
})
#: capitalised abbreviations that follow a capitalised word in police writing
_NOT_SURNAMES = frozenset({
    "CCTV", "ANPR", "PNC", "VRM", "DOB", "NFA", "RUI", "CID", "PCSO", "SIO", "OIC", "IMEI",
    "IMSI", "SIM", "PAYG", "NCA", "BTP", "GMP", "NCLCC", "ASB", "MISPER", "TBC", "UK", "GB",
    "OT", "AKA", "NOT", "AND", "THE", "WITH", "POLICE",
})
