"""Places named in a text, from the offline gazetteer (see ``gazetteer.py``).

A gazetteer name counts when it is written with its capitals (or anywhere in a text written all
in lower case, for large towns and regions), is not part of a force name ("Kent Police"), a
person's name ("Claire Moss") or a street ("Melbourne Road"), and, if it is one word that is
also an ordinary word or first name ("Reading", "Shirley") or a small village, follows a
locative word ("in", "from", "of", ...) or continues a list of places. "The <Name> area" is a
place even when the gazetteer does not know it.
"""

from __future__ import annotations

import re

from linewatch.text.gazetteer import UNAMBIGUOUS_POPULATION
from linewatch.text.model import Mention, Span
from linewatch.text.pipeline import Context, Pipeline

_AREA = re.compile(r"\bthe\s+(?P<p>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s+area\b")
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_ITEM = r"[A-Z][a-z]+(?:[ -](?:of[ -]|on[ -]|upon[ -])?[A-Z][a-z]+){0,2}"
_LIST = rf"{_ITEM}(?:,[ \t]+{_ITEM}){{0,10}},?[ \t]+and[ \t]+{_ITEM}"
# "the Hathershaw, Westwood and Oxley areas", "areas including Garthdee, Rosemount and Dyce"
_AREA_LISTS = [re.compile(rf"\b(?P<list>{_LIST})[ \t]+areas\b"),
               re.compile(rf"\bareas?[ \t]+(?:including|such[ \t]+as|like|of)[ \t]+(?P<list>{_LIST})")]
_UNIT_AFTER = re.compile(r"(?:[ \t]+(?:and|&|[A-Z][\w'’]*)){0,6}?[ \t]+(?:Task[ \t]+Force|"
                         r"Taskforce|Policing[ \t]+Team|County[ \t]+Council|Borough[ \t]+Council|"
                         r"Safer[ \t]+Neighbourhood[ \t]+Team|Neighbourhood[ \t]+Policing[ \t]+Team)\b")
_PREV_WORD = re.compile(r"([\w'’]+)[^\w\n]*$")
# a compass word written just before a county ("East Lancashire", "north Devon")
# (capitalised: "north Cumbria" is a direction inside the county, not a part with a name)
_COMPASS_BEFORE = re.compile(r"\b(?P<dir>(?:North|South)(?:[- ]?(?:East|West))?|East|West|Mid|"
                             r"Central)[ \t]+$")
_BODY_AFTER = re.compile(r"[ \t]+(?:Justice|Magistrates|Crown|Police|Constabulary|Council|"
                         r"Court|Prison|Hospital)\b")


def find_places(ctx: Context, pipe: Pipeline, excluded: list[Span]) -> list[Mention]:
    vocab, gaz = pipe.vocab, pipe.gazetteer
    matches = pipe.phrase_matches(pipe.places_exact, ctx)
    matches += [m for m in pipe.phrase_matches(pipe.places_any_case, ctx)
                if not ctx.text[m[1]:m[2]][:1].isupper()]
    matches.sort(key=lambda m: (m[1], -(m[2] - m[1])))
    kept: list[tuple[int, int]] = []
    out: list[Mention] = []
    for _, start, end in matches:
        if kept and start < kept[-1][1]:
            continue
        written = ctx.text[start:end]
        place = gaz.lookup(written)
        if place is None or written in vocab.never_places or place.name in vocab.never_places:
            continue
        if any(s.start <= start < s.end or s.start < end <= s.end for s in excluded):
            continue
        if not written[:1].isupper() and place.kind == "gazetteer" and not ctx.lowercase:
            continue
        after = re.match(r"[ \t]+(?:(?:New|Old|Upper|Lower|High|Great|Little)[ \t]+)?"
                         r"([A-Z][\w'’]*)", ctx.text[end:end + 30])
        if _UNIT_AFTER.match(ctx.text[end:end + 80]):
            continue  # "Fylde Rural Task Force", "Suffolk County Council": a body, not a place
        if after and re.match(r"\s+[Ss]tation\b", ctx.text[end + after.end():end + after.end() + 12]):
            after = None  # "Birmingham New Street station": the town of a station counts
        if (after and after.group(1) in vocab.street_suffixes) or (
                place.kind == "gazetteer" and written.split()[-1] in vocab.street_suffixes):
            continue
        if _joined_to_name(ctx.text, start, end) or _after_title(ctx.text, start, pipe):
            continue
        single = " " not in written and "-" not in written
        needs_context = single and (written in vocab.ambiguous_places or (
            place.kind == "gazetteer" and place.population < UNAMBIGUOUS_POPULATION))
        if needs_context and not _locative(ctx, vocab.locative, start, kept):
            continue
        name = place.name
        part = _COMPASS_BEFORE.search(ctx.text[max(0, start - 16):start]) \
            if place.kind == "region" and " " not in place.name and not _BODY_AFTER.match(
                ctx.text, end) else None
        if part and not any(s.start <= start - len(part.group(0)) < s.end for s in excluded) \
                and not (kept and kept[-1][1] > start - len(part.group(0))):
            # "East Lancashire", "West Cumbria": a part of the county, named as the text does
            name = f"{part.group('dir')} {place.name}"
            start -= len(part.group(0))
            written = ctx.text[start:end]
        kept.append((start, end))
        out.append(Mention(name, Span(start, end, written, f"gazetteer_{place.kind}")))
    for m in _AREA.finditer(ctx.text):
        name = m.group("p")
        if name.split()[-1] in vocab.street_suffixes:
            continue  # "the Owen Avenue area": a street
        if any(s <= m.start("p") < e for s, e in kept) or name in vocab.never_places or \
                name in {"Local", "Surrounding", "Same", "Wider", "Greater", "Whole"}:
            continue
        if any(s.start <= m.start("p") < s.end for s in excluded):
            continue
        kept.append((m.start("p"), m.end("p")))
        out.append(Mention(name, Span(m.start("p"), m.end("p"), name, "the_x_area")))
    for rx in _AREA_LISTS:
        for m in rx.finditer(ctx.text):
            for item in re.finditer(_ITEM, m.group("list")):
                start = m.start("list") + item.start()
                end = start + len(item.group())
                name = item.group()
                if name in vocab.never_places or name in _WEEKDAYS or any(
                        s <= start < e for s, e in kept) or any(
                        s.start <= start < s.end for s in excluded):
                    continue
                place = gaz.lookup(name)
                kept.append((start, end))
                out.append(Mention(place.name if place else name,
                                   Span(start, end, name, "area_list")))
    out += _districts(ctx, vocab.never_places, kept, excluded)
    out.sort(key=lambda p: p.span.start)
    return out


_PLACE_NAME = (r"[A-Z][a-z]+(?:[ -](?:(?:le|la|in|on|upon|under|by|the|de|of)[ -])?"
               r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
               r"[A-Z][a-z]+){0,2}")
_STREET = (r"(?:Road|Street|Lane|Avenue|Close|Way|Drive|Crescent|Gardens|Place|Terrace|Grove|"
           r"Court|Rise|Walk|Mews|Row|Square|Parade|Vale|Wharf|Boulevard|View|Rd|St|Ave)")
# "in Bayton Road, Exhall", "at Mays Avenue, Bakersfield, Nottingham": the district of an address
_ADDRESS_DISTRICT = re.compile(
    rf"\b(?:[A-Z][\w'’]*[ \t]+){{1,3}}{_STREET}\.?,[ \t]+(?P<p>{_PLACE_NAME})"
    r"(?=[ \t]*[,.;:)\n]|[ \t]+[-–—]|[ \t]+(?:on|in|at|was|were|and|during|where|after|led|by|"
    r"while|when|with|is|has|had)\b|$)")
_BODY_WORDS = {"Council", "Police", "Court", "Station", "Unit", "Team", "Force", "Taskforce",
               "Constabulary", "Service", "Agency", "Crown", "Prison", "School", "College",
               "Hospital", "Centre", "Club", "Trust", "Office"}
_PLACE_LIST = re.compile(
    rf"\b(?:in|at|across|around|from|including)[ \t]+(?P<list>{_PLACE_NAME}(?:,[ \t]+{_PLACE_NAME})"
    rf"{{0,10}},?[ \t]+and[ \t]+{_PLACE_NAME})(?P<tail>[ \t]+in[ \t]+(?=[A-Z]))?")


def _districts(ctx: Context, never: frozenset[str], kept: list[tuple[int, int]],
               excluded: list[Span]) -> list[Mention]:
    """Places the gazetteer lacks where the writing shows they are places: the district after
    a street ("Plumtree Road, Harworth"), and the other names of a list of places that has a
    known one in it or is placed inside one ("in Dingle, Garston and Tuebrook", "in Tingley and
    Rodley in Leeds")."""
    out: list[Mention] = []

    def add(name: str, start: int, rule: str) -> None:
        end = start + len(name)
        if name in never or name.split()[0] in _WEEKDAYS or re.fullmatch(
                _STREET, name.split()[-1]) or set(name.split()) & _BODY_WORDS or any(
                s <= start < e or start <= s < end for s, e in kept) or any(
                s.start <= start < s.end for s in excluded):
            return
        kept.append((start, end))
        out.append(Mention(name, Span(start, end, name, rule)))

    for m in _ADDRESS_DISTRICT.finditer(ctx.text):
        add(m.group("p"), m.start("p"), "address_district")
    for m in _PLACE_LIST.finditer(ctx.text):
        items = [(i.group(), m.start("list") + i.start())
                 for i in re.finditer(_PLACE_NAME, m.group("list"))]
        inside = m.group("tail") is not None and any(s == m.end() for s, _ in kept)
        if items and " in " in items[-1][0]:  # "Lowbeck and Harrowfield in Leeds"
            head, _, rest = items[-1][0].partition(" in ")
            rest_at = items[-1][1] + len(head) + 4
            if any(s == rest_at and e == rest_at + len(rest) for s, e in kept):
                items[-1], inside = (head, items[-1][1]), True
        known = [pos for _, pos in items if any(s <= pos < e for s, e in kept)]
        if known or inside:
            for name, pos in items:
                add(name, pos, "place_list")
    return out


_HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Mx")


def _joined_to_name(text: str, start: int, end: int) -> bool:
    """"Dyfed-Powys": a place hyphened to another capitalised word that is not, together with
    it, a gazetteer name (the gazetteer matched the longest form first) names a force area."""
    return bool((start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()) or
                re.match(r"-[A-Z]", text[end:end + 2]))


def _after_title(text: str, start: int, pipe: Pipeline) -> bool:
    """"Mr Burton", "PC Stockton": a title before the name makes it a surname."""
    word = _PREV_WORD.search(text[max(0, start - 30):start])
    if not word or not text[word.end(1) + max(0, start - 30):start].isspace():
        return False
    titles = pipe.vocab.lexicon.get("official_titles", [])
    return word.group(1).rstrip(".") in (*_HONORIFICS, *titles)


def _locative(ctx: Context, locative: frozenset[str], start: int,
              kept: list[tuple[int, int]]) -> bool:
    before = ctx.text[max(0, start - 30):start]
    word = _PREV_WORD.search(before)
    if word and word.group(1).lower() in locative:
        return True
    if kept and re.fullmatch(r"\s*(?:,|and|or|,\s*and|&)\s*", ctx.text[kept[-1][1]:start]):
        return True
    return False


def unknown_place(ctx: Context, start: int) -> tuple[str, int, int] | None:
    """A capitalised name at ``start`` that the gazetteer lacks ("of Anfield,"), for the
    person rules where the position makes it a place: (name, start, end)."""
    m = re.match(r"([A-Z][a-z]+(?:[ -](?:upon[ -]|on[ -]|in[ -])?[A-Z][a-z]+){0,2})(?=\s*[,.;)]|[ \t]*\n"
                 r"|\s+(?:was|who|and|is|has|were|had|appeared|admitted|pleaded|received))",
                 ctx.text[start:start + 40])
    if not m:
        return None
    return m.group(1), start, start + m.end(1)
