"""Police forces and agencies, operation names and named deal lines.

Agencies: the names and abbreviations in ``data/agencies.yaml`` (case-sensitive), the
Metropolitan Police written as "the Met" or "Met officers", and any "<Place> Police",
"<Place> Constabulary" or "<Place> Police Service" whose place is in the gazetteer. A unit of a
force ("Violent Crime Taskforce", "Territorial Support Group") is not an agency, and neither is
Crimestoppers: it is how the public reports, not a body that took part.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from linewatch.text.gazetteer import Gazetteer
from linewatch.text.model import Mention, Span
from linewatch.text.pipeline import Context
from linewatch.text.vocab import Vocab, alternation

_Q = "['\"‘’“”]"
_NQ = "[^'\"‘’“”\\n]"
_NOT_LINE_NAMES = {"Northern", "Victoria", "Central", "Jubilee", "Piccadilly", "District",
                   "Circle", "Metropolitan", "Bakerloo", "Elizabeth", "Overground", "County",
                   "Deal", "Phone", "The", "This", "That", "Same", "New", "Old", "Main", "Front",
                   "Bottom", "Top", "Finish", "Start", "Drugs", "Drug", "Hammersmith",
                   "Waterloo", "Mainline", "Branch", "Coast", "Tube", "Party", "Picket"}
_OPERATION_STOP = {"Officers", "Officer", "Team", "Teams", "Detectives", "Police", "Unit",
                   "Lead", "Manager", "Worker", "Co-ordinator", "Coordinator", "Board", "Week",
                   "Has", "Was", "Is", "Will", "Which", "In", "On", "At", "And", "The", "Of",
                   "Saw", "Led", "Resulted", "Grading", "Day", "Days", "Activity", "Results"}

DEAL_LINE_RULES = [
    ("quoted_line", re.compile(rf"\b[Tt]he\s+(?:so-called\s+)?{_Q}(?P<n>{_NQ}{{1,25}}?){_Q}"
                               r"\s+(?:deal\s+|drugs?\s+|county\s+|phone\s+)?line\b")),
    ("named_line", re.compile(r"\b[Tt]he\s+(?P<n>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
                              r"(?:deal\s+|drugs?\s+)?line\b")),
    ("line_called", re.compile(rf"\b(?:line|number)\s+(?:called|known\s+as|named|branded"
                               rf"(?:\s+as)?)\s+(?:the\s+)?{_Q}?(?P<n>[A-Za-z][\w-]*"
                               rf"(?:\s+[A-Z][\w-]*)?){_Q}?")),
    ("line_is", re.compile(rf"\bthe\s+line\s+is\s+(?:called\s+)?{_Q}(?P<n>{_NQ}{{1,25}}?){_Q}",
                           re.IGNORECASE)),
]


class OrgRules:
    def __init__(self, vocab: Vocab, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.alias_to_name = {a: ag.name for ag in vocab.agencies for a in ag.aliases}
        self.aliases = re.compile(r"(?<![\w-])" + alternation(list(self.alias_to_name)) +
                                  r"(?![\w-])")
        not_met = alternation(vocab.not_met_after)
        self.met = re.compile(rf"(?:\b[Tt]he\s+Met\b(?!\s+{not_met})|\bMet\b(?=(?:'s|’s)?\s*"
                              r"(?:Police|officers?|detectives?|investigat|team|Violent|Gangs|"
                              r"Taskforce|operation|Operation|said|has|was|is|and)))")
        suffixes = alternation(vocab.force_suffixes)
        self.not_force_after = re.compile(r"^\s*" + alternation(vocab.not_force_after))
        self.abbreviations = vocab.force_abbreviations
        word = r"(?:[A-Z][a-z]+|[A-Z]{3,}(?![a-z]))"  # "Cumbria" or "CUMBRIA"
        self.force = re.compile(
            rf"\b(?P<place>(?!(?:{suffixes})\b){word}(?:(?:\s+|-)(?:and\s+|of\s+|&\s+)?"
            rf"(?!(?:{suffixes})\b){word}){{0,4}})[ \t]+(?P<suffix>{suffixes}|police)\b")
        op = r"(?:Operation|Op\.?|Project)"
        self.operation = re.compile(
            rf"\b(?P<kind>{op})[ \t]+(?P<name>[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)")


def find_agencies(ctx: Context, rules: OrgRules) -> list[Mention]:
    out: list[Mention] = []
    for m in rules.aliases.finditer(ctx.text):
        if rules.not_force_after.match(ctx.text[m.end():m.end() + 30]):
            continue
        name = rules.alias_to_name.get(" ".join(m.group(0).split()))
        if name is None:
            continue
        start = m.start()
        region = _REGION_BEFORE.search(ctx.text[max(0, start - 40):start])
        if name == "Regional Organised Crime Unit" and region and rules.gazetteer.lookup(
                region.group(1)):  # "South West Regional Organised Crime Unit"
            name = f"{region.group(1).strip()} {name}"
            start -= len(region.group(0))
        if any(a.span.start <= start < a.span.end for a in out):
            continue
        out.append(Mention(name, Span(start, m.end(), ctx.text[start:m.end()], "agency_name")))
    for m in rules.met.finditer(ctx.text):
        out.append(Mention("Metropolitan Police", Span(m.start(), m.end(), m.group(0), "the_met")))
    taken = [(a.span.start, a.span.end) for a in out]
    for m in rules.force.finditer(ctx.text):
        if rules.not_force_after.match(ctx.text[m.end():m.end() + 30]):
            continue
        written_words = m.group("place").split()
        words = [_title(w, rules.abbreviations) for w in written_words]
        suffix = m.group("suffix")
        suffix = "Police" if suffix == "police" else suffix  # "Kent police said"
        unit = _unit_force(rules, words)
        if unit is not None and suffix == "Police":  # "North West Motorway Police"
            start = m.start("place") + m.group("place").index(
                written_words[words.index(unit[0].split()[0])])
            if not any(s <= start < e or s < m.end() <= e for s, e in taken):
                name = f"{unit[0]} {unit[1]} Police"
                out.append(Mention(name, Span(start, m.end(), ctx.text[start:m.end()],
                                              "place_unit_force")))
            continue
        for i in range(len(words)):
            place_text = " ".join(words[i:])
            known = rules.alias_to_name.get(f"{place_text} {suffix}")
            place = rules.gazetteer.lookup(place_text)
            if (place is None and known is None) or place_text in {"Met", "Transport"}:
                continue
            if m.group("suffix") == "police" and known is None and place is not None and \
                    place.kind == "gazetteer":
                break  # "Gosport police have ...": a town's police is no force name
            start = m.start("place") + m.group("place").index(written_words[i])
            if any(s <= start < e or s < m.end() <= e for s, e in taken):
                break
            name = known or f"{place_text} {suffix}"
            out.append(Mention(name, Span(start, m.end(), ctx.text[start:m.end()], "place_force")))
            break
    out += _force_lists(ctx, rules, out)
    out.sort(key=lambda a: a.span.start)
    return _one_name_per_force(ctx, out)


def _title(word: str, abbreviations: dict[str, str]) -> str:
    """"CUMBRIA" -> "Cumbria", "Herts" -> "Hertfordshire"; other words as written."""
    word = word.title() if word.isupper() and len(word) > 2 else word
    return abbreviations.get(word, word)


_FORCE_SUFFIX = re.compile(r"\s+(?:Police\s+Service|Police|Constabulary)$")


def _one_name_per_force(ctx: Context, found: list[Mention]) -> list[Mention]:
    """A bare "Regional Organised Crime Unit" in apposition ("Tarian, the Regional Organised
    Crime Unit for southern Wales") is the body just named, not another one."""
    return [a for a in found if not (
        a.value == "Regional Organised Crime Unit"
        and re.search(r"[\w)],\s+the\s+$", ctx.text[max(0, a.span.start - 12):a.span.start])
        and any(b.span.end < a.span.start and not ctx.text[b.span.end:a.span.start].strip(" ,the")
                for b in found))]


def agency_names(found: list[Mention]) -> list[str]:
    """One name per force, in first-mention order: "Cheshire Police" then "Cheshire
    Constabulary" is one force; "Devon Police" beside "Devon and Cornwall Police" is the joint
    force."""
    names = list(dict.fromkeys(a.value for a in found))
    joint = [n for n in names if " and " in n and _FORCE_SUFFIX.search(n)]
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        place = _FORCE_SUFFIX.sub("", name)
        if place != name and " and " not in place and any(
                re.search(rf"(?:^|\band\s+){re.escape(place)}\b", j) for j in joint):
            continue
        if place in seen:
            continue
        seen.add(place)
        out.append(name)
    return out


_UNIT_WORDS = {"Motorway", "Roads", "Road", "Traffic", "Marine", "Mounted", "Harbour", "Port",
               "Airport", "Docks"}


def _unit_force(rules: OrgRules, words: list[str]) -> tuple[str, str] | None:
    """("North West", "Motorway") for the words "North West Motorway" before "Police"."""
    for k in range(len(words) - 1, 0, -1):
        if not set(words[k:]) <= _UNIT_WORDS:
            continue
        for j in range(k):
            if rules.gazetteer.lookup(" ".join(words[j:k])):
                return " ".join(words[j:k]), " ".join(words[k:])
    return None


_REGION_BEFORE = re.compile(r"((?:[A-Z][a-z]+[ \t]+){1,3}?)$")
_PLACE = r"[A-Z][a-z]+(?:[ -](?:and[ -])?[A-Z][a-z]+){0,3}"
_FORCE_AREA = r"[A-Z][a-z]+(?:[ -](?:(?:and|&)[ -])?[A-Z][a-z]+){0,3}"  # "Devon & Cornwall" too
_FORCE_LIST = re.compile(rf"\b(?P<list>{_PLACE}(?:,[ \t]+{_PLACE}){{0,12}},?[ \t]+and[ \t]+{_PLACE})"
                         r"[ \t]+"
                         r"(?:[Pp]olice|[Cc]onstabular(?:y|ies))\b(?:\s+forces)?")

# "The forces were Bedfordshire, Essex and Kent.", "forces including Surrey, Sussex and Kent",
# "police forces in Dorset, Devon & Cornwall and Wiltshire"
_FORCES_WERE = re.compile(rf"\b(?:forces|constabularies)[ \t]+(?:involved[ \t]+|taking[ \t]+part[ \t]+)?"
                          rf"(?:were|are|included|including|from|in|of|across)[ \t]*:?[ \t]+"
                          rf"(?P<list>{_FORCE_AREA}(?:,[ \t]+{_FORCE_AREA}){{0,12}},?[ \t]+and[ \t]+"
                          rf"{_FORCE_AREA})(?=[ \t]*[.;,\n]|[ \t]+(?:took|were|have|had|all|joined)\b|$)")

# "officers from Dyfed Powys, South Wales,West Midlands and British Transport Police": the areas
# listed before a force named in full are forces too
_FORCES_FROM = re.compile(rf"\b(?:officers|forces|police|colleagues|teams)[ \t]+from[ \t]+"
                          rf"(?P<list>{_FORCE_AREA}(?:,[ \t]*{_FORCE_AREA}){{0,12}}),?[ \t]+and[ \t]+"
                          r"(?=(?:[A-Z][a-z]+[ \t]+){1,3}Police\b)")


def _list_items(text: str, offset: int, known: Callable[[str], bool]
                ) -> list[tuple[str, int]]:
    """The names of "A, B and C" with their positions, every one ``known`` ("Devon and
    Cornwall" stays one name when it is known and its parts are not both known); else []."""
    parts = [(p.group(), offset + p.start()) for p in re.finditer(r"[^,]+?(?=,|\s+and\s+|$)|"
                                                                  r"(?<=and\s)[^,]+$", text)]
    parts = [(name, pos + w.index(name)) for w, pos in parts
             if (name := w.strip().removeprefix("and ").strip()) and name != "and"]
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(parts):
        word, pos = parts[i]
        if i + 1 < len(parts) and known(f"{word} and {parts[i + 1][0]}"):
            out.append((f"{word} and {parts[i + 1][0]}", pos))
            i += 2
            continue
        if not known(word):
            return []
        out.append((word, pos))
        i += 1
    return out


def _force_lists(ctx: Context, rules: OrgRules, found: list[Mention]) -> list[Mention]:
    """"Cambridgeshire, Suffolk and Kent police": each named force ("Suffolk Police"), when
    every name in the list is a place."""
    out: list[Mention] = []
    for m in [*_FORCE_LIST.finditer(ctx.text), *_FORCES_WERE.finditer(ctx.text),
              *_FORCES_FROM.finditer(ctx.text)]:
        after = ctx.text[m.end():m.end() + 30]
        if rules.not_force_after.match(after) or re.match(r"\s*(?:stations?|houses?)\b", after,
                                                          re.IGNORECASE):
            continue
        items = _list_items(m.group("list"), m.start("list"),
                            lambda w: bool(rules.gazetteer.lookup(w)) or
                            f"{w} Police" in rules.alias_to_name)
        if len(items) < 2:
            continue
        for written, pos in items:
            name = rules.alias_to_name.get(f"{written} Police", f"{written} Police")
            if any(a.value == name or a.span.start <= pos < a.span.end for a in found + out):
                continue
            out.append(Mention(name, Span(pos, pos + len(written), written, "force_list")))
    return out


# "#OpFortress", "#OperationSceptre": a campaign hashtag names the operation
_OPERATION_TAG = re.compile(r"(?<![\w#])#(?:Op|Operation)(?P<name>[A-Z][a-z]{2,})\b")
# "the launch of Sceptre, the national week of action targeting knife crime"
_OPERATION_WEEK = re.compile(r"\b(?:launch\s+of|part\s+of|during)\s+(?P<name>[A-Z][a-z]{2,})\s*,\s+"
                             r"(?:the|a|our)\s+(?:(?:national|regional|force-wide|county-wide)\s+)?"
                             r"(?:week|weeks|day|month|period)\s+of\s+(?:action|activity|"
                             r"intensification)\b")


def find_operations(ctx: Context, rules: OrgRules) -> list[Mention]:
    out = []
    for rx, rule in ((_OPERATION_TAG, "operation_hashtag"), (_OPERATION_WEEK, "operation_week")):
        for m in rx.finditer(ctx.text):
            if m.group("name") not in _OPERATION_STOP:
                out.append(Mention(f"Operation {m.group('name')}", Span(
                    m.start("name"), m.end("name"), m.group("name"), rule)))
    for m in rules.operation.finditer(ctx.text):
        words = m.group("name").split()
        words = words[:1] if len(words) > 1 and words[1] in _OPERATION_STOP else words
        if words[0] in _OPERATION_STOP:
            continue
        name = " ".join(words).rstrip("'’").removesuffix("'s").removesuffix("’s")
        kind = "Project" if m.group("kind") == "Project" else "Operation"
        end = m.start("name") + len(" ".join(words))
        out.append(Mention(f"{kind} {name}", Span(m.start(), end, ctx.text[m.start():end],
                                                 "operation_name")))
    out.sort(key=lambda o: o.span.start)
    return out


def find_deal_lines(ctx: Context) -> list[Mention]:
    out: list[Mention] = []
    for rule, rx in DEAL_LINE_RULES:
        for m in rx.finditer(ctx.text):
            name = m.group("n").strip(" '\"‘’“”")
            if not name or name.split()[0] in _NOT_LINE_NAMES or name.lower() in {"deal",
                                                                                  "county"}:
                continue
            if any(o.span.start <= m.start("n") < o.span.end for o in out):
                continue
            out.append(Mention(name, Span(m.start(), m.end(), m.group(0), rule)))
    out.sort(key=lambda d: d.span.start)
    return out
