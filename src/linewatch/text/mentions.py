"""One row per thing a text mentions, from an extraction: the rows ``text_mentions`` is built of.

:func:`mention_rows` reads the everything-form of an extraction (``Extraction.to_dict()``, also
what ``text_extractions`` stores, so a stored extraction can be turned into rows again without
re-reading the text) and adds the intelligence-log cues of :mod:`linewatch.text.cues`. Each row
keeps the span it came from and the rule that found it; ``normalised`` is the form used for
matching (E.164 phones, compact plates, ``ME4 4QU`` postcodes, canonical drug and weapon names,
amounts in pounds, "Forename Surname" for people).

Mention types: ``phone``, ``plate``, ``nickname``, ``person_name``, ``address``, ``postcode``,
``place``, ``drug``, ``weapon``, ``money``, ``line_name``, ``operation``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from linewatch.schema.types import plate as plate_type
from linewatch.schema.types import postcode as postcode_type
from linewatch.text.cues import Cue, caps_names, line_cues, nickname_cues

MENTION_TYPES: tuple[str, ...] = (
    "phone", "plate", "nickname", "person_name", "address", "postcode", "place", "drug",
    "weapon", "money", "line_name", "operation",
)
_NAME_RULES = {"person_named", "person_surname"}
_NOT_AFTER_CUE = {"drug", "weapon", "place"}


@dataclass(frozen=True)
class MentionRow:
    """One mention: its type, the text as written, the matching form, the span and the rule."""

    mention_type: str
    value: str
    normalised: str
    start: int
    end: int
    rule: str
    # For a person's name: what the text says about that person, and the text's date.
    age: int | None = None
    town: str | None = None
    text_date: str | None = None


def mention_rows(text: str, extraction: dict[str, Any], *,
                 forenames: Collection[str] = ()) -> list[MentionRow]:
    """Every mention of the types above in one text, in text order, without duplicates.

    ``forenames`` (upper case) lets the "Forename SURNAME" log style count as a name; see
    :func:`linewatch.text.cues.caps_names`.
    """
    found = extraction.get("mentions", {})
    rows: list[MentionRow] = []
    rows += _simple(found)
    lines = [r for r in rows if r.mention_type in {"line_name", "operation"}]
    taken = [(r.start, r.end) for r in lines]
    for cue in line_cues(text):
        if not _overlaps_any(cue, taken):
            rows.append(MentionRow("line_name", cue.text, cue.value, cue.start, cue.end, cue.rule))
            taken.append((cue.start, cue.end))
    addresses = [(r.start, r.end) for r in rows if r.mention_type == "address"]
    names = _names(extraction, addresses)
    rows += names
    name_spans = [(r.start, r.end) for r in names]
    for cue in caps_names(text, forenames):
        if not _overlaps_any(cue, name_spans + addresses + taken):
            rows.append(MentionRow("person_name", cue.text, cue.value, cue.start, cue.end,
                                   cue.rule))
    cues = [c for c in nickname_cues(text) if not _overlaps_any(c, taken)]
    named = {c.value for c in cues if c.rule == "nickname_cue"}
    strong = [(m.start(), m.end()) for name in named for m in _whole_word(text, name)]
    rows = [r for r in rows if r.mention_type not in _NOT_AFTER_CUE
            or not _overlaps_any(r, strong)]  # "a male called 'Blade'" is no weapon
    blocked = taken + [(r.start, r.end) for r in rows if r.mention_type in {
        "drug", "weapon", "place", "address", "postcode", "plate", "phone"}]
    blocked += _spans(found, "vehicle") + _spans(found, "agency")
    rows += _nicknames(text, extraction, cues, blocked)
    unique = {(r.mention_type, r.start, r.end, r.normalised): r for r in rows}
    return sorted(unique.values(), key=lambda r: (r.start, r.end, r.mention_type))


def _span_row(kind: str, mention: dict[str, Any], normalised: Any,
              rule: str | None = None) -> MentionRow | None:
    span = mention.get("span") or {}
    if normalised is None or "start" not in span:
        return None
    return MentionRow(kind, str(span.get("text", "")), str(normalised), int(span["start"]),
                      int(span["end"]), rule or str(span.get("rule", "")))


def _simple(found: dict[str, Any]) -> list[MentionRow]:
    out: list[MentionRow | None] = []
    out += [_span_row("phone", m, m.get("e164")) for m in found.get("phone", [])]
    out += [_span_row("plate", m, plate_type.try_clean(m.get("plate")))
            for m in found.get("plate", [])]
    out += [_span_row("postcode", m, postcode_type.try_clean(m.get("value")) or m.get("value"))
            for m in found.get("postcode", [])]
    out += [_span_row("place", m, m.get("value")) for m in found.get("place", [])]
    out += [_span_row("weapon", m, m.get("value")) for m in found.get("weapon", [])]
    out += [_span_row("line_name", m, m.get("value")) for m in found.get("deal_line", [])]
    out += [_span_row("operation", m, m.get("value")) for m in found.get("operation", [])]
    for m in found.get("drug", []):
        name = m.get("name") or (f"Class {m['drug_class']}" if m.get("drug_class") else None)
        context = m.get("context") or "mention"
        rule = (m.get("span") or {}).get("rule", "")
        out.append(_span_row("drug", m, name, rule if context == "mention"
                             else f"{rule}:{context}"))
    for m in found.get("money", []):
        amount = m.get("amount")
        out.append(_span_row("money", m, None if amount is None else f"{float(amount):.2f}"))
    postcodes = [m for m in found.get("postcode", []) if m.get("span")]
    for m in found.get("address", []):
        out.append(_span_row("address", m, _with_postcode(m, postcodes)))
    return [r for r in out if r is not None]


def _with_postcode(address: dict[str, Any], postcodes: list[dict[str, Any]]) -> str:
    """``14 Acacia Avenue, Chatham ME4 4QU`` when a postcode follows the address directly."""
    value = str(address.get("value", ""))
    end = int(address["span"]["end"])
    for p in postcodes:
        if 0 <= int(p["span"]["start"]) - end <= 2:
            return f"{value} {p['value']}"
    return value


def _spans(found: dict[str, Any], key: str) -> list[tuple[int, int]]:
    return [(int(m["span"]["start"]), int(m["span"]["end"])) for m in found.get(key, [])
            if m.get("span")]


def _overlaps_any(item: Cue | MentionRow, spans: Iterable[tuple[int, int]]) -> bool:
    return any(item.start < e and s < item.end for s, e in spans)


def _names(extraction: dict[str, Any], addresses: list[tuple[int, int]]) -> list[MentionRow]:
    """Named people, one row per mention (the full name, or the surname used later).

    A "name" inside a street address ("23 Milton Mews") is a street, not a person.
    """
    out = []
    dates = [d.get("iso") for d in extraction.get("mentions", {}).get("date", [])]
    text_date = max((d[:10] for d in dates if d and len(d) >= 10), default=None)
    for person in extraction.get("persons", []):
        name = person.get("name")
        if not name:
            continue
        nicks = {n.upper() for n in person.get("nicknames", [])}
        tokens = [t for t in name.split() if t.upper() not in nicks] or name.split()
        normalised = " ".join(tokens)
        for span in person.get("spans", []):
            if span.get("rule") not in _NAME_RULES:
                continue
            row = MentionRow("person_name", str(span.get("text", "")), normalised,
                             int(span["start"]), int(span["end"]), str(span["rule"]),
                             person.get("age"), person.get("town"), text_date)
            if not _overlaps_any(row, addresses):
                out.append(row)
    return out


def _nicknames(text: str, extraction: dict[str, Any], cues: list[Cue],
               blocked: list[tuple[int, int]]) -> list[MentionRow]:
    """Nicknames: the log cues, those the extractor gave a person, then every later use.

    A naming cue ("called 'Blade'") counts even where the extractor saw a drug, weapon or
    place. Once a text has called someone 'Chops', each other whole-word "Chops" in it is a
    mention of the same nickname (rule ``nickname_repeat``). Otherwise nothing inside a
    deal-line name, a drug, a place, an address or a vehicle counts.
    """
    out: dict[tuple[int, int], MentionRow] = {}
    known: list[str] = []
    for cue in cues:
        if cue.rule == "nickname_cue" or not _overlaps_any(cue, blocked):
            out.setdefault((cue.start, cue.end), MentionRow(
                "nickname", cue.text, cue.value, cue.start, cue.end, cue.rule))
            known.append(cue.value)
    for person in extraction.get("persons", []):
        for nick in person.get("nicknames", []):
            for m in _whole_word(text, nick):
                if not any(s < m.end() and m.start() < e for s, e in [*blocked, *out]):
                    out[(m.start(), m.end())] = MentionRow(
                        "nickname", m.group(0), nick, m.start(), m.end(), "person_nickname")
    for nick in dict.fromkeys(known):
        for m in _whole_word(text, nick):
            if any(s < m.end() and m.start() < e for s, e in blocked):
                continue
            if not any(s < m.end() and m.start() < e for s, e in out):
                out[(m.start(), m.end())] = MentionRow("nickname", m.group(0), nick, m.start(),
                                                       m.end(), "nickname_repeat")
    return list(out.values())


def _whole_word(text: str, word: str) -> Iterable[re.Match[str]]:
    if not word.strip():
        return []
    return re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
