"""Quantities, counts (arrests, warrants, people safeguarded) and dates; money is in
``money.py``."""

from __future__ import annotations

import re

from linewatch.text.model import Count, DateMention, Quantity, Span
from linewatch.text.numbers import (
    NUM,
    QUANTITY_RE,
    normalise_quantity,
    parse_int,
)
from linewatch.text.pipeline import Context
from linewatch.text.story import ARRESTED_OTHERWISE

_PLURAL = (r"(?:people|persons|men|women|boys|girls|males|females|teenagers|teens|youths|"
           r"suspects|individuals|adults|children|juveniles|others|defendants|offenders)")
_ADJ = r"(?:(?!(?:were|was|have|had|are|and|in|of|from)\b)[a-z-]+\s+)"
COUNT_NOUNS = (r"(?:people|persons|men|women|boys|girls|children|teenagers|young people|adults|"
               r"vulnerable people|vulnerable adults|arrests|warrants|addresses|properties|"
               r"premises|homes|houses|lines|deal lines|county lines|weapons|knives|firearms|"
               r"phones|mobile phones|handsets|vehicles|cars|suspects|individuals|defendants|"
               r"charges|visits|checks|welfare checks|referrals|stop searches|searches|"
               r"officers|customers|users|numbers|raids|operations)")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("(?P<n>NUM)", r"(?P<n>NUM)(?![-\s]*(?:years?|yrs?)[-\s]"
                                                        r"*old)").replace("NUM", NUM).replace("PLURAL", _PLURAL)
                      .replace("ADJ", _ADJ), re.IGNORECASE)


def _table(label: str) -> tuple[str, re.Pattern[str]]:
    """A table row or bulleted figure: "Arrests: 12", "- Arrests made - 12", "| Arrests | 12 |"."""
    return ("table_row", re.compile(
        rf"^[ \t]*(?:[-*•·|][ \t]*)?(?:total[ \t]+)?(?:number[ \t]+of[ \t]+)?(?:{label})[ \t]*"
        rf"(?::|\||–|—|-)[ \t]*(?P<n>{NUM})[ \t]*\|?[ \t]*$", re.IGNORECASE | re.MULTILINE))


ARREST_RULES = [
    ("total_arrests", _rx(r"\btotal\s+of\s+(?P<n>NUM)\s+arrests\b")),
    ("n_arrests", _rx(r"\b(?P<n>NUM)[ \t]+(?:[a-z]+-[a-z]+[ \t]+)?"
                      r"arrests\b")),  # "ten gang-related arrests"; "two further arrests" is added on
    ("among_n_arrested", _rx(r"\bamong\s+(?:the\s+)?(?P<n>NUM)\s+(?:PLURAL\s+)?arrested\b")),
    ("n_were_arrested", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL\b[^.;:\n]{0,50}?\s(?:were|have\s+"
                            r"been|had\s+been|are|being)\s+(?:also\s+|later\s+|subsequently\s+)?"
                            r"(?:arrested|apprehended)\b")),
    ("n_arrested", _rx(r"\b(?P<n>NUM)[ \t]+(?:PLURAL[ \t]+)?arrested\b")),
    # a headline in the present tense: "Police arrest 31 in organised crime operation"
    ("police_arrest_n", _rx(r"\b(?:police|officers|detectives|cops)\s+arrest\s+(?P<n>NUM)\b"
                            r"(?!\s*(?:%|per\s*cent|years?|months?|weeks?|days?|hours?)\b)")),
    ("arrested_n", _rx(r"\barrest(?:ed|ing)(?:\s+and\s+charg(?:ed|ing))?\s+(?P<n>NUM)\s+ADJ{0,2}"
                       r"PLURAL\b(?:,?\s+and\s+(?:(?P<m>NUM)\s+ADJ{0,2}PLURAL\b|(?P<one>an?|one)\s+"
                       r"(?:man|woman|boy|girl|teenager|youth|male|female|person)\b))?")),
    # "the arrests of ten men and four women", "the immediate arrest of the two suspects"
    ("arrests_of_n", _rx(r"\barrests?\s+of\s+(?:the\s+)?(?P<n>NUM)\s+ADJ{0,2}PLURAL\b(?:,?\s+and\s+"
                         r"(?P<m>NUM)\s+ADJ{0,2}PLURAL\b)?")),
    _table(r"arrests(?:[ \t]+made)?|people[ \t]+arrested|persons[ \t]+arrested|arrested"),
    # "officers detained five men", "two men were detained" (not "detained for 12 months",
    # "detained under the Mental Health Act", "detained in hospital")
    ("detained_n", _rx(r"\bdetain(?:ed|ing)\s+(?P<n>NUM)\s+ADJ{0,2}PLURAL\b")),
    ("n_were_detained", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL\b[^.;:\n]{0,50}?\s(?:were|have\s+"
                            r"been|had\s+been)\s+(?:also\s+|later\s+|subsequently\s+)?detained\b"
                            r"(?!\s+(?:for|under|in\s+hospital|until|at\s+(?:his|her|their|a)\b|"
                            r"after\s+(?:pleading|admitting|being\s+(?:convicted|found))))")),
    ("n_and_m_arrested", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL,?\s+and\s+(?P<m>NUM)\s+ADJ{0,2}"
                             r"PLURAL\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?"
                             r"arrested\b")),
]
SINGLE_ARREST = re.compile(r"\b(?:one|another|a\s+(?:second|third))\s+(?:person|individual|"
                           r"suspect)\s+(?:was|has\s+been|had\s+been)\s+(?:also\s+|later\s+)?"
                           r"arrested\b", re.IGNORECASE)
FURTHER_ARREST = _rx(r"\barrest(?:ed|ing)\s+a\s+further\s+(?:(?P<n>NUM)\s+PLURAL|"
                     r"(?:man|woman|boy|girl|male|female|teenager|person|suspect))\b"
                     r"|\ba\s+further\s+(?P<n2>NUM)\s+(?:PLURAL\s+)?(?:were\s+|have\s+(?:since\s+|"
                     r"also\s+|now\s+)?been\s+|had\s+(?:since\s+|also\s+)?been\s+)?(?:since\s+|also\s+|"
                     r"later\s+|subsequently\s+)?arrested\b"
                     r"|\b(?P<n3>NUM)\s+(?:more|further)\s+arrests\b")
WARRANT_RULES = [
    ("n_warrants", _rx(r"\b(?P<n>NUM)[ \t]+(?:[a-z-]+[ \t]+){0,3}?warrants\b")),
    ("warrants_at_n", _rx(r"\bwarrants?\s+(?:were\s+|was\s+)?(?:executed\s+|carried\s+out\s+|"
                          r"served\s+)?(?:at|on|across)\s+(?P<n>NUM)\s+(?:addresses|properties|"
                          r"premises|homes|houses|locations)\b")),
    ("one_warrant", _rx(r"\b(?:executed|carried\s+out|served|executing)\s+a\s+(?:search\s+|"
                        r"drugs?\s+|misuse\s+of\s+drugs\s+act\s+)?warrant\b|\ba\s+(?:search\s+|"
                        r"drugs?\s+)?warrant\s+(?:was|has\s+been|had\s+been)\s+(?:executed|"
                        r"carried\s+out|served)\b")),
    # "following the execution of a warrant", "seized during a warrant", "With a Section 23
    # Misuse of Drugs Act (MODA) warrant executed"
    ("one_warrant", _rx(r"\bexecution\s+of\s+a\s+(?:search\s+|drugs?\s+)?warrant\b|\bduring\s+a\s+"
                        r"(?:search\s+|drugs?\s+)?warrant\b|\ba\s+(?:[\w()]+\s+){0,8}?warrant\s+"
                        r"executed\b")),
    # "obtained a drugs warrant", "execute a successful warrant", "carrying out the warrant",
    # "conducted a warrant at a property"
    ("one_warrant", _rx(r"\b(?:execut(?:e|ed|ing)|carr(?:y|ied|ying)\s+out|serv(?:e|ed|ing)|"
                        r"conduct(?:ed|ing)?|obtain(?:ed|ing)?|secur(?:ed|ing))\s+(?:a|the)\s+"
                        r"(?:(?!arrest\b)[\w-]+\s+){0,3}?warrant\b")),
    # "arrested following a drugs warrant", "Officers, acting under warrant, found ..."
    ("one_warrant", _rx(r"\bfollowing\s+a\s+(?:search\s+|drugs?\s+|misuse\s+of\s+drugs\s+act\s+)"
                        r"warrant\b|\bacting\s+(?:up)?on\s+a\s+warrant\b|\bacting\s+under\s+(?:a\s+)?"
                        r"(?:search\s+|drugs?\s+)?warrant\b")),
    _table(r"(?:search[ \t]+|drugs?[ \t]+)?warrants(?:[ \t]+(?:executed|served|carried[ \t]+out))?"),
]
# a warrant told only in a quotation ("to execute a successful warrant", "during the warrant")
SPOKEN_WARRANT = re.compile(r"\b(?:execut(?:e|ed|ing)|carr(?:y|ied|ying)\s+out|conduct(?:ed|ing)?)\s+"
                            r"(?:a|the)\s+(?:(?!arrest\b)[\w-]+\s+){0,2}?warrant\b|\bduring\s+the\s+"
                            r"warrant\b", re.IGNORECASE)
_BULLET_LINE = re.compile(r"^[ \t]*[-*•·]", re.MULTILINE)
SAFEGUARD_RULES = [
    # "19 people – vulnerable adults and children – exploited by gangs were safeguarded",
    # "Three children and an adult, who ..., had been safeguarded", "were engaged with and
    # safeguarded"; "Fourteen people, ..., have been protected from county lines gangs"
    ("n_were_safeguarded", _rx(r"\b(?P<n>NUM)\b(?![,.]\d)(?:\s+PLURAL\s+and\s+(?P<one>an?|one)\s+"
                               r"(?:adult|child|man|woman|boy|girl|teenager|person)\b)?"
                               # not across another count's verb: "180 people were arrested and
                               # 90 vulnerable people were safeguarded"
                               r"(?:(?!\b(?:arrested|charged|detained)\b)[^.;:\n]){0,100}?"
                               r"\s(?:were|have\s+been|had\s+been|are|being|was|has\s+been)\s+(?:also\s+)?"
                               r"(?:(?:identified|engaged\s+with|visited|supported|found)\s+and\s+)?"
                               r"safeguarded\b")),
    # "1,551 vulnerable people were engaged for safeguarding purposes", "1,551 people were
    # identified for safeguarding", "More than 20 potentially vulnerable people were also
    # identified, with various safeguarding measures put in place"
    ("n_for_safeguarding", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL\s+(?:(?:were|have\s+been|had\s+been)\s+)?"
                               r"(?:also\s+)?(?:engaged|identified|referred|visited)\s+for\s+"
                               r"safeguarding\b")),
    ("n_with_safeguarding_measures", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL\s+(?:were|have\s+been|had\s+"
                                         r"been)\s+(?:also\s+)?identified,?\s+with\s+(?:various\s+|"
                                         r"appropriate\s+)?safeguarding\s+(?:measures|plans|support)\s+"
                                         r"(?:put\s+)?in\s+place\b")),
    ("n_protected", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL\b[^.;:\n]{0,60}?\s(?:were|have\s+been|had\s+"
                        r"been)\s+(?:also\s+)?protected\s+from\b")),
    ("safeguarded_n", _rx(r"\bsafeguard(?:ed|ing)['’\"”]?\s+(?:a\s+total\s+of\s+)?(?P<n>NUM)\b"
                          r"(?![ \t]*(?:years?|yrs?)\b)")),
    ("n_safeguarded", _rx(r"\b(?P<n>NUM)[ \t]+ADJ{0,3}PLURAL(?:[ \t]+(?:and|or)[ \t]+PLURAL)?[ \t]+"
                          r"safeguarded\b")),
    _table(r"(?:(?:vulnerable[ \t]+)?(?:people|persons|adults|children|young[ \t]+people)[ \t]+)?"
           r"safeguarded|safeguarding[ \t]+referrals"),
    ("n_and_m_safeguarded", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL,?\s+and\s+(?P<m>NUM)\s+ADJ{0,2}"
                                r"PLURAL\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?"
                                r"safeguarded\b")),
    ("safeguarding_for_n", _rx(r"\bsafeguarding\s+(?:action|measures|support|visits)\s+(?:for|to"
                               r"(?:\s+(?:support|help|protect))?)\s+(?P<n>NUM)\s+ADJ{0,2}"
                               r"PLURAL\b")),
    # "63 vulnerable adults and children identified and safeguarded", "identified 28 vulnerable
    # children and adults and safeguarded them"
    ("n_identified_and_safeguarded", _rx(r"\b(?P<n>NUM)[ \t]+ADJ{0,2}PLURAL(?:[ \t]+(?:and|or)"
                                         r"[ \t]+PLURAL)?[ \t]+(?:(?:were|have[ \t]+been)[ \t]+)?"
                                         r"(?:identified|found|located|visited)[ \t]+and[ \t]+"
                                         r"safeguarded\b")),
    ("identified_n_and_safeguarded", _rx(r"\bidentified[ \t]+(?P<n>NUM)[ \t]+ADJ{0,2}PLURAL(?:[ \t]+"
                                         r"(?:and|or)[ \t]+PLURAL)?[ \t]+and[ \t]+safeguarded[ \t]+"
                                         r"them\b")),
    # "The safeguarding of two men over the age of 18, and three women under 18"
    ("safeguarding_of_n", _rx(r"\bsafeguarding\s+of\s+(?P<n>NUM)\s+ADJ{0,2}PLURAL\b(?:[^.;\n]{0,40}?"
                              r",?\s+and\s+(?P<m>NUM)\s+ADJ{0,2}PLURAL\b)?")),
    # "10 people were referred for safeguarding", "ten people were referred for protection"
    ("n_referred_for_safeguarding", _rx(r"\b(?P<n>NUM)\s+ADJ{0,2}PLURAL\s+(?:were|have\s+been|"
                                        r"had\s+been)\s+(?:also\s+)?referred\s+(?:to\s+[^.;\n]{1,60}?\s+)?"
                                        r"for\s+(?:safeguarding|protection)\b")),
    ("one_safeguarded", _rx(r"\b(?:a|an|one)\s+ADJ{0,2}(?:child|person|adult|boy|girl|teenager|"
                            r"youth|woman|man|victim|youngster)\s+(?:was\s+|has\s+been\s+|"
                            r"had\s+been\s+)?(?:also\s+)?safeguarded\b")),
]
CHARGE_RULES = [
    ("n_were_charged", _rx(r"\b(?P<n>NUM)\s+(?:ADJ{0,2}PLURAL\s+|of\s+(?:them|those|the\s+\w+)\s+)?"
                           r"(?:were|have\s+been|had\s+been|are|being)\s+(?:also\s+|later\s+|"
                           r"subsequently\s+|since\s+|now\s+)?charged\b")),
    ("n_charged", _rx(r"\b(?P<n>NUM)[ \t]+(?:PLURAL[ \t]+)?charged\b")),
    ("charged_n", _rx(r"\bcharg(?:ed|ing)\s+(?P<n>NUM)\s+ADJ{0,2}PLURAL\b")),
    _table(r"(?:people[ \t]+|persons[ \t]+)?charged|charges"),
]
FURTHER_CHARGE = _rx(r"\ba\s+further\s+(?P<n>NUM)\s+(?:PLURAL\s+)?(?:were\s+|have\s+been\s+|"
                     r"had\s+been\s+)?(?:also\s+|later\s+|subsequently\s+)?charged\b")
COUNT_RE = _rx(rf"\b(?P<n>NUM)\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>{COUNT_NOUNS})\b")

APPROX_BEFORE = re.compile(
    r"(?:around|about|approximately|approx\.?|roughly|nearly|almost|over|more\s+than|"
    r"in\s+excess\s+of|up\s+to|an\s+estimated|estimated|some|just\s+over|just\s+under|"
    r"at\s+least|circa|close\s+to)\s*$", re.IGNORECASE)


_FURTHER_BEFORE = re.compile(r"\bfurther\s+$", re.IGNORECASE)


def _is_year(raw: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", raw.strip()))


def rule_matches(ctx: Context, rules: list[tuple[str, re.Pattern[str]]],
                 keyword: str | tuple[str, ...]) -> list[tuple[re.Match[str], str, int]]:
    """Every (match, rule, value) the rules find outside quoted speech; ``keyword`` (or one of
    them) must be in the text for any rule to match (a fast test first)."""
    lower = ctx.text.lower()
    if not any(k in lower for k in ((keyword,) if isinstance(keyword, str) else keyword)):
        return []
    out = []
    for name, rx in rules:
        for m in rx.finditer(ctx.text):
            raw = m.groupdict().get("n")
            value = 1 if raw is None else parse_int(raw)
            if value is None or (raw is not None and _is_year(raw)):
                continue
            if m.groupdict().get("m"):  # "43 children and 69 vulnerable adults were ..."
                value += parse_int(m.group("m")) or 0
            elif m.groupdict().get("one"):  # "arrested two teenagers and a man"
                value += 1
            if ctx.in_speech(m.start(), m.end()) or _FURTHER_BEFORE.search(
                    ctx.text[max(0, m.start() - 12):m.start()]):
                continue  # "a further three were charged" is added on, not a total
            out.append((m, name, value))
    return out


def count_rules(ctx: Context, rules: list[tuple[str, re.Pattern[str]]],
                evidence: list[Span], keyword: str | tuple[str, ...]) -> int | None:
    """The largest count any rule finds outside quoted speech (or None)."""
    best: int | None = None
    for m, name, value in rule_matches(ctx, rules, keyword):
        evidence.append(Span(m.start(), m.end(), m.group(0), name))
        best = value if best is None else max(best, value)
    return best


def warrant_count(ctx: Context, evidence: list[Span]) -> int | None:
    """Warrants: the largest count ("seven warrants", "warrants at 14 addresses"), or the counts
    of separate bullet points added ("- Four warrants executed in A", "- A warrant executed in
    B" = 5); with no count, each sentence telling of "a warrant" is one more warrant; a warrant
    executed only in a quotation ("to execute a successful warrant") is one."""
    found: list[Span] = []
    best = count_rules(ctx, WARRANT_RULES, found, "warrant")
    evidence += found
    if best is None:
        spoken = SPOKEN_WARRANT.search(ctx.text)
        if spoken is not None:  # only in speech: one warrant, no count
            evidence.append(Span(spoken.start(), spoken.end(), spoken.group(0), "spoken_warrant"))
            return 1
        return None
    counted = [s for s in found if s.rule != "one_warrant"]
    if not counted:
        sentences = {ctx.sentence_of(s.start)[0] for s in found
                     if re.search(r"\ba\b", s.text, re.IGNORECASE)}
        best = max(best, len(sentences))
    per_bullet: dict[int, int] = {}
    for span in found:
        line_start = ctx.text.rfind("\n", 0, span.start) + 1
        if _BULLET_LINE.match(ctx.text, line_start):
            value = 1 if span.rule == "one_warrant" else _count_value(span.text)
            per_bullet[line_start] = max(per_bullet.get(line_start, 0), value)
    if len(per_bullet) >= 2:
        best = max(best, sum(per_bullet.values()))
    return best


def _count_value(text: str) -> int:
    m = re.search(NUM, text, re.IGNORECASE)
    value = parse_int(m.group(0)) if m else None
    return value or 1


def further_arrests(ctx: Context, evidence: list[Span]) -> int:
    return _further(ctx, FURTHER_ARREST, evidence, "further_arrest")


def single_arrests(ctx: Context, evidence: list[Span], persons: list[Span]) -> int:
    """"One person was arrested ..., while another individual was arrested": people arrested
    one at a time who are not already among the people described (``persons``: their spans)."""
    found = [m for m in SINGLE_ARREST.finditer(ctx.text) if not ctx.in_speech(m.start(), m.end())
             and not any(m.start() <= p.start < m.end() for p in persons)]
    evidence.extend(Span(m.start(), m.end(), m.group(0), "single_arrest") for m in found)
    return len(found)


# "Upon arrival, both men were arrested", "the pair were arrested"
_PAIR_ARRESTED = re.compile(r"\b(?:both(?:\s+of\s+them|\s+(?:men|women|boys|girls|teenagers|"
                            r"suspects))?|the\s+(?:pair|two|duo))\s+(?:were|have\s+been|had\s+"
                            r"been)\s+(?:also\s+|later\s+|subsequently\s+)?arrested\b|"
                            r"\bthe\s+arrested\s+(?:pair|duo)\b", re.IGNORECASE)
# "which led to his arrest", "since his arrest", "after arresting him", "The defendant, who cannot be named, was arrested at ..."
_ONE_ARRESTED = re.compile(r"\b(?:his|her)\s+arrest\b|"
                           r"\b[Tt]he\s+(?:defendant|suspect|man|woman|boy|girl|teenager|youth|"
                           r"driver|passenger)\b[^.;\n]{0,80}?\s(?:was|had\s+been|has\s+been)\s+"
                           rf"(?:later\s+|subsequently\s+)?(?:arrested|{ARRESTED_OTHERWISE})\b|"
                           r"\barrest(?:ed|ing)\s+(?:him|her)\b|\b(?:he|she)\s+was\s+(?:being\s+|"
                           rf"later\s+)?(?:{ARRESTED_OTHERWISE})\b")


# "following their arrests", "when they were arrested"
# "they attempted to flee ... but were apprehended"
_THEY_ARRESTED = re.compile(r"\btheir\s+arrests?\b|\bthey\s+(?:were|had\s+been|have\s+been)\s+"
                            r"(?:later\s+|subsequently\s+|both\s+|all\s+)?arrested\b|\bthey\s+"
                            r"[^.;\n]{0,60}?\bbut\s+were\s+(?:later\s+|quickly\s+|soon\s+)?"
                            rf"(?:arrested|{ARRESTED_OTHERWISE})\b", re.IGNORECASE)


def group_arrested(ctx: Context, evidence: list[Span], prosecuted: int = 0) -> int:
    """"Their arrests", "they were arrested": at least two people (0 when the words are not
    there outside quoted speech). Who "they" are is not resolved; when the story charges or
    sentences ``prosecuted`` people (two or more) "they" are taken to be those people."""
    for m in _THEY_ARRESTED.finditer(ctx.text):
        if not ctx.in_speech(m.start(), m.end()):
            evidence.append(Span(m.start(), m.end(), m.group(0), "group_arrested"))
            return max(2, prosecuted)
    return 0


_ROUGH_BEFORE = re.compile(r"(?:around|about|approximately|approx\.?|roughly|nearly|almost|"
                           r"close\s+to|just\s+under|some)\s+$", re.IGNORECASE)


def without_rough_counts(ctx: Context, found: list[tuple[re.Match[str], str, int]]
                         ) -> list[tuple[re.Match[str], str, int]]:
    """Drop a rounded count ("almost 100 arrests") when an exact one just under it ("a total
    of 94 arrests") tells the same arrests more precisely."""
    def rough(m: re.Match[str]) -> bool:
        return bool(_ROUGH_BEFORE.search(ctx.text[max(0, m.start("n") - 20):m.start("n")])) \
            if m.groupdict().get("n") else False
    exact = [v for m, _, v in found if not rough(m)]
    return [(m, r, v) for m, r, v in found
            if not (rough(m) and any(0.9 * v <= e < v for e in exact))]


def least_arrests(ctx: Context, evidence: list[Span]) -> int:
    """The fewest people the wording says were arrested when it gives no count: 2 for "both men
    were arrested", 1 for "led to his arrest"; else 0."""
    out = 0
    for rx, value in ((_PAIR_ARRESTED, 2), (_ONE_ARRESTED, 1)):
        for m in rx.finditer(ctx.text):
            if not ctx.in_speech(m.start(), m.end()):
                evidence.append(Span(m.start(), m.end(), m.group(0), "least_arrests"))
                out = max(out, value)
    return out


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ORDINAL_ARREST = re.compile(r"\ba\s+(?P<ord>second|third|fourth|fifth|sixth)\s+(?:person|man|"
                             r"woman|boy|girl|teenager|suspect|individual|male|female)\s+(?:was|"
                             r"has\s+been|had\s+been)\s+(?:also\s+|later\s+|since\s+)?arrested\b",
                             re.IGNORECASE)


def ordinal_arrests(ctx: Context) -> int:
    """"A third person has been arrested": at least three people were (0 if no such words)."""
    return max((_ORDINALS[m.group("ord").lower()] for m in _ORDINAL_ARREST.finditer(ctx.text)
                if not ctx.in_speech(m.start(), m.end())), default=0)


def charged_count(ctx: Context, evidence: list[Span]) -> int | None:
    """People charged: the largest explicit count, plus "a further three were later charged"
    (a further count is never also the largest one)."""
    explicit = count_rules(ctx, CHARGE_RULES, evidence, "charge")
    further = _further(ctx, FURTHER_CHARGE, evidence, "further_charged")
    if explicit is None:
        return further or None
    return explicit + further


def _further(ctx: Context, rx: re.Pattern[str], evidence: list[Span], rule: str) -> int:
    total = 0
    if "further" not in ctx.text.lower() and "more" not in ctx.text.lower():
        return 0
    for m in rx.finditer(ctx.text):
        if ctx.in_speech(m.start(), m.end()):
            continue
        groups = m.groupdict()
        raw = groups.get("n") or groups.get("n2") or groups.get("n3")
        total += parse_int(raw) or 0 if raw else 1
        evidence.append(Span(m.start(), m.end(), m.group(0), rule))
    return total


def find_counts(ctx: Context) -> list[Count]:
    out = []
    for m in COUNT_RE.finditer(ctx.text):
        value = parse_int(m.group("n"))
        if value is None or _is_year(m.group("n")):
            continue
        noun = " ".join(m.group("noun").lower().split())
        out.append(Count(value, noun, Span(m.start(), m.end(), m.group(0), "count_noun")))
    return out


def find_quantities(ctx: Context) -> list[Quantity]:
    out = []
    for m in QUANTITY_RE.finditer(ctx.text):
        parsed = normalise_quantity(m)
        if parsed is None:
            continue
        value, unit, text = parsed
        if m.group("mass") and m.group("num").lower() in {"a", "an"} and unit == "g":
            continue
        out.append(Quantity(value, unit, text, Span(m.start(), m.end(), m.group(0), "quantity")))
    return out


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
            r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE_RULES = [
    ("iso_datetime", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?\b")),
    ("numeric_date", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b(?:\s+(\d{2}):(\d{2}))?")),
    ("day_month_year", re.compile(rf"\b(?:{_DAY},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+"
                                  rf"({_MONTH_RE})\b(?:,?\s+(\d{{4}}))?")),
    ("month_year", re.compile(rf"\b({_MONTH_RE})\s+(\d{{4}})\b")),
    ("weekday", re.compile(rf"\b{_DAY}\b")),
    ("time", re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm)\b|\b\d{4}\s?hrs\b|\b\d{1,2}:\d{2}\b",
                        re.IGNORECASE)),
]


def _month(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name.lower()[:3]))


def find_dates(ctx: Context) -> list[DateMention]:
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for rule, rx in DATE_RULES:
        for m in rx.finditer(ctx.text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            kind, iso = "date", None
            g = m.groups()
            if rule == "iso_datetime":
                iso = f"{g[0]}-{g[1]}-{g[2]}" + (f"T{g[3]}:{g[4]}" if g[3] else "")
                kind = "datetime" if g[3] else "date"
            elif rule == "numeric_date":
                year = g[2] if len(g[2]) == 4 else f"20{g[2]}"
                if 1 <= int(g[1]) <= 12 and 1 <= int(g[0]) <= 31:
                    iso = f"{year}-{int(g[1]):02d}-{int(g[0]):02d}"
                    if g[3]:
                        iso, kind = f"{iso}T{g[3]}:{g[4]}", "datetime"
            elif rule == "day_month_year" and g[2]:
                iso = f"{g[2]}-{_month(g[1]):02d}-{int(g[0]):02d}"
            elif rule == "time":
                kind = "time"
            taken.append((m.start(), m.end()))
            out.append(DateMention(kind, iso, Span(m.start(), m.end(), m.group(0), rule)))
    out.sort(key=lambda d: d.span.start)
    return out


_SEIZED_NOUNS = {"phones": {"phones", "mobile phones", "handsets"},
                 "vehicles": {"vehicles", "cars"},
                 "weapons": {"weapons", "knives", "firearms"}}


def seized_counts(counts: list[Count]) -> dict[str, int | None]:
    """Phones, vehicles and weapons counted in the text ("30 mobile phones", "four knives"):
    the largest count of each, so a total and its parts ("12 weapons, including five knives")
    are not added up."""
    out: dict[str, int | None] = {}
    for key, nouns in _SEIZED_NOUNS.items():
        values = [c.value for c in counts if c.noun in nouns]
        out[key] = max(values) if values else None
    return out
