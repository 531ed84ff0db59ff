"""Offences, drugs and weapons.

Offences come first because they decide what the other two mean: "supply of Class A drugs" in
"arrested on suspicion of being concerned in the supply of Class A drugs" is an offence, not a
drug that was found, and "possession of an offensive weapon" names no weapon. A drug or weapon
inside an offence, or inside quoted speech, is kept with its context but not listed as found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linewatch.text.model import DrugMention, Mention, Offence, Quantity, Span
from linewatch.text.pipeline import Context, Pipeline
from linewatch.text.vocab import Vocab, alternation

_SEP = r"(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*&\s*|\s*/\s*|\s*,\s*and\s+)"
# between "Class" and its letter: "Class A", "class-A", "a Class- A drug"
_CLASS_GAP = r"(?:\s*[-–]\s*|\s+)"


@dataclass
class OffenceRules:
    patterns: list[tuple[str, bool, re.Pattern[str]]]  # (canonical, strong, regex)
    keywords: list[frozenset[str]]  # per pattern: a match always contains one of these
    cue: re.Pattern[str]
    victim: re.Pattern[str]
    drug_alias: dict[str, str]  # alias (lower case) -> canonical drug name
    class_rx: re.Pattern[str]


def build_offence_rules(vocab: Vocab) -> OffenceRules:
    drug_alias = {a.lower(): d.name for d in vocab.drugs for a in d.aliases}
    names = alternation(list(drug_alias))
    classes = r"Class" + _CLASS_GAP + r"[ABC](?:" + _SEP + r"(?:Class" + _CLASS_GAP + \
              r")?[ABC]\b)*(?:\s+(?:controlled\s+)?" \
              r"(?:drugs?|substances?))?"
    of_class = r"(?:an?\s+)?controlled\s+drugs?\s+of\s+" + classes  # "a controlled drug of class A"
    obj = (rf"(?:{of_class}|(?:an?\s+)?{classes}|(?:a\s+)?controlled\s+drugs?|(?:{names})"
           rf"(?:{_SEP}(?:{names}))*|(?:illegal\s+|illicit\s+)?drugs)\b")
    patterns = []
    keywords = []
    for p in vocab.offences:
        literal = re.sub(r"\\[a-zA-Z]|\(\?[:!=<]*|\{obj\}", " ", p.pattern.lower())
        keywords.append(frozenset(re.findall(r"[a-z]{3,}", literal)))
        body = p.pattern
        if "{obj}" in body:
            rx = body.replace("{obj}", f"(?P<obj>{obj})")
        elif p.takes_object and "supply" in p.canonical:  # "intent to supply at the address"
            rx = rf"(?:{body})(?:\s+(?:suspected\s+)?(?P<obj>{obj}))?(?![\w-])"
        elif p.takes_object:
            rx = rf"(?:{body})\s+(?:suspected\s+)?(?P<obj>{obj})"
        else:
            rx = rf"(?:{body})"
        patterns.append((p.canonical, p.strong, re.compile(rf"\b{rx}", re.IGNORECASE)))
    cues = "|".join(vocab.offence_cues)
    cue = re.compile(rf"\b(?:{cues})\s*(?:(?:\w+\s+)?counts?\s+of\s+)?$", re.IGNORECASE)
    victim = re.compile(rf"\b(?:{alternation(vocab.victim_before)})\s*$", re.IGNORECASE)
    q, uq = r"[‘'\"“]?", r"[’'\"”]?"  # "Class ‘A’ and ‘B’ drugs"
    class_rx = re.compile(rf"\b[Cc]lass{_CLASS_GAP}{q}(?P<first>[ABC]){uq}(?![\w-])(?P<rest>(?:"
                          + _SEP + rf"(?:[Cc]lass{_CLASS_GAP})?{q}[ABC]{uq}(?![\w-]))*)")
    return OffenceRules(patterns, keywords, cue, victim, drug_alias, class_rx)


def _objects(rules: OffenceRules, obj: str) -> list[str]:
    obj = re.sub(r"^an?\s+(?=[Cc]lass)", "", " ".join(obj.split()))
    if re.fullmatch(r"(?:illegal\s+|illicit\s+)?drugs", obj, re.IGNORECASE):
        return ["drugs"]
    of_class = re.match(r"(?:an?\s+)?controlled\s+drugs?\s+of\s+", obj, re.IGNORECASE)
    if of_class:
        obj = obj[of_class.end():]
    cm = rules.class_rx.match(obj)
    if cm:
        letters = [cm.group("first"), *re.findall(r"\b([ABC])\b", cm.group("rest"))]
        return [f"Class {c} drugs" for c in dict.fromkeys(letters)]
    if re.match(r"(?:a\s+)?controlled\s+drug", obj, re.IGNORECASE):
        return ["controlled drugs"]
    parts = re.split(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+or\s+|\s*&\s*|\s*/\s*", obj)
    return list(dict.fromkeys(rules.drug_alias.get(p.lower(), p.lower()) for p in parts if p))


def find_offences(ctx: Context, rules: OffenceRules) -> list[Offence]:
    candidates: list[tuple[int, int, str, bool, re.Match[str]]] = []
    lowered = ctx.text.lower()
    for (canonical, strong, rx), words in zip(rules.patterns, rules.keywords, strict=True):
        if not any(w in lowered for w in words):
            continue  # cheap test: none of the pattern's words is in the text
        for m in rx.finditer(ctx.text):
            candidates.append((m.start(), m.end(), canonical, strong, m))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), not c[3]))
    kept: list[tuple[int, int, str, bool, re.Match[str]]] = []
    for c in candidates:
        if kept and c[0] < kept[-1][1]:
            continue
        kept.append(c)
    out: list[Offence] = []
    for i, (start, end, canonical, strong, m) in enumerate(kept):
        s_start, _ = ctx.sentence_of(start)
        if rules.victim.search(ctx.text[max(s_start, start - 30):start]):
            continue
        if not strong and not _after_cue(ctx, rules, kept[:i], start, s_start):
            continue
        rule = "offence_strong" if strong else "offence_after_cue"
        objects = _objects(rules, m.group("obj")) if "obj" in m.groupdict() and m.group(
            "obj") else ["drugs" if "{obj}" in canonical else ""]
        for obj in objects:
            text = canonical.replace("{obj}", obj).strip()
            out.append(Offence(text, Span(start, end, m.group(0), rule)))
    return out


def _after_cue(ctx: Context, rules: OffenceRules, before: list[tuple[int, int, str, bool,
               re.Match[str]]], pos: int, s_start: int) -> bool:
    """True when ``pos`` is in a list of offences that follows a legal cue."""
    previous = [c for c in before if c[1] <= pos and c[0] >= s_start]
    while True:
        prefix = ctx.text[s_start:pos]
        if rules.cue.search(prefix):
            return True
        sep = re.search(r"(?:,|\band|\bor|,\s*and)\s*$", prefix)
        if not sep or not previous or previous[-1][1] < s_start:
            return False
        last = previous.pop()
        if ctx.text[last[1]:pos].strip(" ,") not in {"", "and", "or"}:
            return False
        pos = last[0]


def _inside(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


# "Class A drug dealing", "Class B drugs offences": the drug names an offence
_OFFENCE_AFTER = re.compile(r"\s+drugs?\s+(?:dealing|supply|supplying|offences?|charges?|"
                            r"trafficking|conspiracy)\b", re.IGNORECASE)
# "conspiracy to supply Class A drugs – crack cocaine and heroin": the drugs of that offence
_OFFENCE_LIST_BEFORE = re.compile(r"\b(?:supply|supplying|possession\s+of|possessing)\s+"
                                  r"(?:class\s+[abc]\s+)?drugs?\s*[–—:-]\s*(?:[\w-]+\s+(?:and|or|,)"
                                  r"\s+)?$", re.IGNORECASE)


def find_drugs(ctx: Context, pipe: Pipeline, rules: OffenceRules, offences: list[Offence],
               quantities: list[Quantity]) -> list[DrugMention]:
    vocab = pipe.vocab
    offence_spans = [o.span for o in offences]
    found: list[tuple[int, int, str | None, str | None, str]] = []
    matches = pipe.phrase_matches(pipe.drugs, ctx)
    for i, (label, start, end) in enumerate(matches):
        kind, drug_name = label.split("|", 1)
        after = ctx.text[end:end + 12].lower()
        if ctx.text[start:end].lower() == "crack" and re.match(
                r"\s*(?:down|on\b|-?house|-?den|pipes?\b)", after):
            continue  # "crack down", "crack pipes": no drug
        if kind == "SLANG" and not _slang_ok(ctx, vocab, matches, i, quantities):
            continue
        found.append((start, end, drug_name, vocab.drug(drug_name).drug_class, "alias"))
    for m in rules.class_rx.finditer(ctx.text):
        letters = [m.group("first"), *re.findall(r"\b([ABC])\b", m.group("rest"))]
        for letter in dict.fromkeys(letters):
            found.append((m.start(), m.end(), None, letter, "drug_class"))
    out = []
    for start, end, name, cls, rule in sorted(found, key=lambda f: f[0]):
        if _inside(offence_spans, start, end) or _OFFENCE_AFTER.match(ctx.text, end) or (
                _OFFENCE_LIST_BEFORE.search(ctx.text[max(0, start - 60):start])
                and any(o.span.end <= start for o in offences)):
            context = "offence"
        elif ctx.in_speech(start, end):
            context = "speech"
        else:
            context = "mention"
        qty = _quantity_for(ctx, start, end, quantities) if name else None
        out.append(DrugMention(name, cls, qty, Span(start, end, ctx.text[start:end], rule),
                               context))
    return out


def _slang_ok(ctx: Context, vocab: Vocab, matches: list[tuple[str, int, int]], i: int,
              quantities: list[Quantity]) -> bool:
    _, start, end = matches[i]
    prev_word = re.search(r"(\w+)\W*$", ctx.text[max(0, start - 20):start])
    if prev_word and prev_word.group(1).lower() in vocab.dealing_verbs:
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(matches):
            _, s2, e2 = matches[j]
            gap = ctx.text[e2:start] if j < i else ctx.text[end:s2]
            if re.fullmatch(r"\s*(?:,|and|&|n|an'|'n')?\s*", gap):
                return True
    return any(q.span.end <= start and re.fullmatch(r"\s*(?:of\s+)?", ctx.text[q.span.end:start])
               for q in quantities)


def _quantity_for(ctx: Context, start: int, end: int, quantities: list[Quantity]) -> str | None:
    for q in quantities:
        gap = ctx.text[q.span.end:start]
        if q.span.end <= start and re.fullmatch(
                r"\s*(?:of\s+)?(?:(?:suspected|high-purity|pure|street|herbal|loose|what\s+is\s+"
                r"believed\s+to\s+be)\s+)*(?:of\s+)?", gap, re.IGNORECASE):
            return q.normalised
        if q.span.start >= end and re.fullmatch(r"\s*(?:weighing|totalling|of|,)?\s*",
                                                ctx.text[end:q.span.start], re.IGNORECASE):
            return q.normalised
    number = re.search(r"\b(\d[\d,]*)\s+$", ctx.text[max(0, start - 12):start])
    unit = re.match(r"\s+(tablets|pills|wraps|plants|bags|deals|capsules|bottles|vials)\b",
                    ctx.text[end:end + 14], re.IGNORECASE)
    if number and unit:
        return f"{number.group(1).replace(',', '')} {unit.group(1).lower()}"
    return None


_NAMELY = re.compile(r",?\s*(?:namely|specifically|in\s+this\s+case)\s+(?:an?\s+|the\s+)?"
                     r"|\s+for\s+(?:an?\s+)?", re.IGNORECASE)


# a weapon named as the subject of policing, not an item: "a police crackdown on drugs and
# firearms", "an investigation into the criminal use of firearms"
_TOPIC_BEFORE = re.compile(r"\b(?:crack\s*down|clamp\s*down|crack-down|clamp-down)\s+on\s+"
                           r"(?:[\w-]+\s+(?:and|&)\s+)?$|\b(?:criminal|illegal|unlawful)\s+use\s+of\s+$",
                           re.IGNORECASE)


def find_weapons(ctx: Context, pipe: Pipeline, offences: list[Offence]) -> list[Mention]:
    vocab = pipe.vocab
    offence_spans = [o.span for o in offences]
    out = []
    for name, start, end in pipe.phrase_matches(pipe.weapons, ctx):
        after = re.match(r"\s*-?\s*([\w-]+)", ctx.text[end:end + 20])
        if after and after.group(1).lower().lstrip("-") in vocab.not_weapon_after:
            continue
        if re.match(r"\s+and\s+(?:gang|knife|gun|violent)\s+crimes?\b", ctx.text[end:end + 30],
                    re.IGNORECASE):
            continue  # "gun and gang crime"
        before = ctx.text[max(0, start - 20):start].lower()
        if any(before.rstrip().endswith(p) for p in vocab.police_use_before):
            continue
        if _TOPIC_BEFORE.search(ctx.text[max(0, start - 40):start]):
            continue  # "a crackdown on drugs and firearms", "the criminal use of firearms"
        if re.match(r"(?:ed|ing)\b", ctx.text[end:end + 4]):
            continue  # "tasered", "gunned"
        if _inside(offence_spans, start, end) or ctx.in_speech(start, end) or any(
                _NAMELY.fullmatch(ctx.text[s.end:start]) for s in offence_spans if s.end <= start):
            continue  # "possession of an offensive weapon, namely a knuckleduster"
        out.append(Mention(name, Span(start, end, ctx.text[start:end], "weapon_vocabulary")))
    return out
