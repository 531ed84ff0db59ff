"""Finding the people a text describes (``linking.py`` then resolves who is who).

A person mention is one of:
- an age phrase: "a 21-year-old woman", "his 43-year-old wife", "a 16-year-old";
- a noun with ages: "a man aged 30", "two men aged 19 and 27", "The men, aged 21, 24 and 30";
- a register entry: "male, 19yrs", "female, approx 17yrs";
- a name with an age or home: "Marcus Hale, 27, of Peckham" (officers and judges, recognised by
  their titles, are kept apart as officials);
- an indefinite or definite noun: "a man", "an older male", "A Liverpool man", "the boy";
- an informal age: "one looks about 15 and the other maybe 20".
Sex comes only from nouns (man, woman, boy, wife, ...), never from pronouns. Plural mentions
without individual ages ("Nine men aged between 19 and 46") describe no one in particular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linewatch.text.model import Span
from linewatch.text.numbers import NUM_WORDS, parse_int
from linewatch.text.pipeline import Context
from linewatch.text.vocab import Vocab, alternation

_T = r"(?:[A-Z]['’])?(?:Ma?c)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NICK = r"\s+[\"“‘'](?P<nick>[^\"”’'\n]{1,20})[\"”’']"
CAPS_RUN = re.compile(rf"{_T}(?:(?:{_NICK})?[ \t]+{_T})*")  # never across a line break
_Q = "[\"“”‘’']"
NICKNAME = re.compile(
    rf"^[\s,]*(?:who\s+(?:is\s+)?)?(?:(?:is\s+)?(?:known|referred\s+to)\s+(?:locally\s+)?"
    rf"(?:to\s+\w+\s+)?(?:only\s+)?as|street\s+name|goes\s+by|called|aka|a\.k\.a\.?|nicknamed|"
    rf"calls\s+himself|calls\s+herself)\s+(?:the\s+)?{_Q}?(?P<nick>[\w-]+){_Q}?"
    rf"(?:\s+or\s+{_Q}?(?P<nick2>[\w-]+){_Q}?)?", re.IGNORECASE)
_INSTITUTION = {"Court", "Crown", "Police", "Council", "Station", "Constabulary", "Agency",
                "Service", "Services", "Unit", "Centre", "Team", "Taskforce", "Group", "Airport",
                "Magistrates", "Street", "Road", "Lane", "Act", "Order", "Office", "Trust",
                "Partnership", "Board"}
_AGE_WORD = rf"(?:\d{{1,2}}|{NUM_WORDS})"
# months that are also surnames, kept at the end of a name ("39-year-old Paul May")
_MONTH_SURNAMES = {"May", "June", "April", "August"}
# a lawyer: "Ann Vale, prosecuting, said", "Tom Reed, defending Hale, told the court"
_COUNSEL_AFTER = re.compile(r"\s*[,(]\s*(?:for\s+the\s+(?:prosecution|defence)|prosecuting|"
                            r"defending|mitigating|in\s+mitigation)\b")
# a street name follows these words ("on Selside Walk"); a person's name hardly ever does
_STREET_BEFORE = re.compile(r"\b(?:on|in|at|off|along|near|onto|into)[ \t]+$")


@dataclass
class PersonMention:
    """One place in the text that describes one or more people."""

    start: int
    end: int
    kind: str  # named, aged, register, noun_aged, indefinite, definite, informal, counted,
    # anonymous
    count: int = 1
    ages: list[int | None] = field(default_factory=lambda: [None])
    sex: str | None = None
    noun: str | None = None
    role: str | None = None
    name: str | None = None
    nickname: str | None = None
    pre_town: tuple[str, int, int] | None = None  # "A Liverpool man"
    definite: bool = False
    official: bool = False
    adjectives: frozenset[str] = frozenset()

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, "", f"person_{self.kind}")


class PersonRules:
    def __init__(self, vocab: Vocab) -> None:
        lex = vocab.lexicon
        self.sing: dict[str, str | None] = dict(lex["person_nouns"])
        self.plural: dict[str, str | None] = dict(lex["plural_person_nouns"])
        self.relations: dict[str, str | None] = dict(lex["relation_nouns"])
        self.roles: list[str] = list(lex["role_nouns"])
        self.generic = set(lex["generic_nouns"])
        self.titles = tuple(lex["official_titles"])
        self.not_name = set(lex["not_name_words"])
        self.street_suffixes = vocab.street_suffixes
        nouns = alternation([*self.sing, *self.relations, *self.roles])
        plural = alternation(list(self.plural))
        self.age_phrase = re.compile(
            rf"\b(?P<age>{_AGE_WORD})(?:-\s?|\s)(?:years?|yrs?)[- ]old\b(?:'s)?"
            rf"(?:\s+(?P<pre>(?-i:(?:[A-Z][a-z]+\s+){{1,2}}|[a-z]+\s+))"
            rf"(?=(?:{nouns}|{plural})\b))?"
            rf"(?:(?:\s*|-)(?P<noun>{nouns}|{plural})\b)?", re.IGNORECASE)
        self.det_before = re.compile(
            r"\b(?P<det>a|an|the|his|her|their|one|another|two|three|four|five|both)\s+"
            r"(?:(?:[a-z]+|\d+)\s+){0,1}$", re.IGNORECASE)
        self.noun_aged = re.compile(
            rf"\b(?P<det>a|an|another|the|The|A|An|Another|{NUM_WORDS}|\d+)\s+(?:[a-z-]+\s+){{0,2}}?"
            rf"(?P<noun>{nouns}|{plural})(?:,?\s+|\s*[–—(-]\s*)(?:now,?\s+)?(?:both\s+|all\s+)?(?:aged\s+(?:about\s+|around\s+"
            rf"|approx\.?\s+)?|(?:about|around|approx\.?|roughly|maybe|probably)\s+)"
            rf"(?P<ages>\d{{1,2}}(?:\s*(?:,\s*(?:and|&)?|and|&)\s*\d{{1,2}}"
            rf"(?![-\s]*(?:years?|yrs?)[-\s]*old[-\s]+(?:{nouns})\b))*)\b"
            rf"(?!\s*(?:-|to)\s*\d)",
            re.IGNORECASE)
        sing_sexed = alternation([n for n, sex in self.sing.items() if sex])
        self.noun_comma_age = re.compile(  # "a man, 20, from Bradford", "a woman (35) was"
            rf"\b(?P<det>a|an|another|the|A|An|Another|The)\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>{sing_sexed})"
            rf"\s*(?:,\s*(?P<age>\d{{1,2}})\s*,|\(\s*(?P<age2>\d{{1,2}})\s*\))", re.IGNORECASE)
        self.noun_of_age = re.compile(  # "a girl of 14", "a man of 72"
            rf"\b(?P<det>a|an|another|the|A|An|Another|The)\s+(?:[a-z-]+\s+){{0,1}}?(?P<noun>{sing_sexed})"
            r"\s+of\s+(?P<age>\d{1,2})\b(?!\s*(?:%|per\s*cent|[-/]\d|years\s+(?:experience|service)|"
            r"(?:[A-Za-z]+\s+)?(?:Road|Street|Lane|Avenue|Close|Way|Drive|Court)\b))", re.IGNORECASE)
        self.headline_age = re.compile(  # "Woman, 57, arrested", "Man (24) jailed"
            r"(?:^|(?<=\n))(?P<noun>Man|Woman|Boy|Girl|Teenager|Teen|Pensioner)\s*(?:,\s*|\(\s*)"
            r"(?P<age>\d{1,2})\s*(?:,|\))")
        self.register = re.compile(
            r"\b(?P<noun>male|female|man|woman|boy|girl)\b(?:\s+(?:[A-Z]|\d{1,2})\b)?\s*[,:]?\s+"
            r"(?:approx\.?\s+|aged\s+|about\s+"
            r"|c\.?\s*)?(?P<age>\d{1,2})\s*(?:yrs?|years?(?:\s+old)?|y/?o|yo)\b", re.IGNORECASE)
        specific = alternation([n for n in [*self.sing, *self.roles] if n not in self.generic])
        self.indefinite = re.compile(
            rf"\b(?P<det>a|an|another|a\s+further|one)\s+(?P<adj>(?:(?!(?:and|or|with|who|"
            rf"from|of|in|at|to|was|is|the|for|by|on|that)\b)[\w'’-]+\s+){{0,3}}?)"
            rf"(?P<noun>{specific})\b(?![-'’]s?\w)",
            re.IGNORECASE)
        sing_or_role = alternation([*self.sing, *self.roles])
        self.definite = re.compile(
            rf"\b(?P<det>the|The)\s+(?P<adj>(?:(?:old|older|young|younger|other|same|first|"
            rf"second|elderly|vulnerable)\s+){{0,2}})(?P<noun>{sing_or_role})\b(?!-\w)")
        self.informal = re.compile(
            r"\b(?P<lead>one(?:\s+of\s+(?:the\s+|them\b)?(?P<pl>\w+)?)?|the\s+other(?:\s+one)?)"
            r"[^.;\d]{0,25}?\b(?:looks?|looking|is|was|aged|age|seems?)?\s*(?:about|around|"
            r"roughly|approx\.?|maybe|like|prob(?:ably)?)\s+(?P<age>\d{1,2})\b(?:ish)?",
            re.IGNORECASE)
        counted_nouns = alternation([n for n, sex in [*self.plural.items(), *self.sing.items()]
                                     if sex and n not in self.generic])
        self.counted = re.compile(
            rf"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[2-9]|1[0-2])\s+(?P<adj>(?:(?!(?:and|or|were|was|of|"
            rf"from|in|aged)\b)[a-z-]+\s+){{0,2}}?)(?P<noun>{counted_nouns})\b(?![-'’]\w)"
            rf"(?!,?\s+aged\s+between)", re.IGNORECASE)
        age_item = r"an?\s+(\d{1,2})[- ](?:years?|yrs?)[- ]old"
        self.counted_ages = re.compile(  # "Two women, a 29 year-old and a 35 year-old,"
            rf"\b(?P<n>two|three|four|five|[2-5])\s+(?P<noun>{counted_nouns})\s*[,:–—-]\s*"
            rf"(?P<ages>{age_item}(?:\s*,\s*{age_item})*,?\s+and\s+{age_item})\b",
            re.IGNORECASE)
        self.called = re.compile(rf"\b(?:called|named)\s+{_Q}?(?P<n>[A-Z][a-z]+){_Q}?\s*,?\s+"
                                 rf"(?:looks|who|is|aged)", re.IGNORECASE)


def find_names(ctx: Context, rules: PersonRules) -> list[PersonMention]:
    """Two- or three-word capitalised names, with a title marking officials."""
    out = []
    for m in CAPS_RUN.finditer(ctx.text):
        tokens = list(re.finditer(_T, m.group(0)))
        nick = re.search(_NICK, m.group(0))
        i = 0
        while i < len(tokens) and tokens[i].group(0) in rules.not_name:
            i += 1
        j = len(tokens)
        while j > i and tokens[j - 1].group(0) in rules.not_name and not (
                j == len(tokens) and j - 2 >= i and tokens[j - 1].group(0) in _MONTH_SURNAMES
                and tokens[j - 2].group(0) not in rules.not_name
                and not re.match(r"\s*\d", ctx.text[m.end():m.end() + 4])):
            j -= 1  # (but "Paul May" is a name where "3 May" and "May 3" are dates)
        inner = [k for k in range(i, j) if tokens[k].group(0) in rules.not_name and not (
            k == j - 1 and tokens[k].group(0) in _MONTH_SURNAMES)]
        if inner:  # "St Albans Det Insp Alex Warwick": the name after the last such word
            i = inner[-1] + 1
        if j - i < 2:
            continue
        if j < len(tokens) and tokens[j].group(0) in _INSTITUTION:
            continue  # "Criminal Appeal Court", "Thames Valley Police"
        start, end = m.start() + tokens[i].start(), m.start() + tokens[j - 1].end()
        if tokens[j - 1].group(0) in rules.street_suffixes and _STREET_BEFORE.search(
                ctx.text[max(0, start - 12):start]):
            continue  # "raids at properties on Selside Walk in ...": a street, not a person
        before = ctx.text[max(0, start - 40):start]
        dropped = " ".join(t.group(0) for t in tokens[:i])
        official = bool(re.search(r"\b" + alternation(rules.titles) + r"\.?\s*$",
                                  before + dropped + (" " if dropped else ""))) or bool(
            _COUNSEL_AFTER.match(ctx.text, end))  # "Lee Hart, defending, said ..."
        name = " ".join(t.group(0) for t in tokens[i:j])
        mention = PersonMention(start, end, "named", name=name, official=official,
                                nickname=nick.group("nick") if nick and nick.start() >= tokens[
                                    i].start() else None)
        attach_age(ctx, mention)
        out.append(mention)
    return out


_NAME_AGE = re.compile(r"\s*(?:,\s*(?:aged\s+)?|\(\s*)(\d{1,2})\s*(\))?(?:,|\.|\s|$)")


def attach_age(ctx: Context, mention: PersonMention) -> None:
    """The age written just after a name: "Marcus Hale, 27," or "Hale (27)"."""
    end = mention.end
    age = _NAME_AGE.match(ctx.text[end:end + 12])
    if age:
        mention.ages = [int(age.group(1))]
        mention.end = end + (age.end(2) if age.group(2) else age.end(1))


_GROUP_NOUN_SEX = {"men": "M", "boys": "M", "brothers": "M", "males": "M", "women": "F",
                   "girls": "F", "sisters": "F", "females": "F"}
_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:and\s+|&\s+)?")
_ALL_AGED = re.compile(r",\s+(?:all|both)\s+(?:aged\s+)?(?P<age>\d{1,2})\b(?!\s*(?:%|per\b|of\b))")
_GROUP_BEFORE_NAMES = re.compile(
    r"\b(?P<n>two|three|four|five|six|seven|eight|[2-8])\s+(?:[a-z-]+\s+){0,2}?"
    r"(?P<noun>men|women|boys|girls|brothers|sisters|males|females)\s*[,:–—-]\s*",
    re.IGNORECASE)


def _chain(ctx: Context, named: list[PersonMention], first: PersonMention
           ) -> list[PersonMention]:
    """``first`` and the names listed right after it ("A, 18, B, 19, and C")."""
    ordered = sorted(named, key=lambda n: n.start)
    out = [first]
    for n in ordered[ordered.index(first) + 1:]:
        if not _LIST_GAP.fullmatch(ctx.text[out[-1].end:n.start]):
            break
        out.append(n)
    return out


def share_list_attributes(ctx: Context, named: list[PersonMention], rules: PersonRules
                          ) -> None:
    """What a list of names shares: "Two young men, Ann Bell, 18, and Roy Hart, 19," are men;
    "Ann Bell, Roy Hart and Ed Lowe, all 25," are each 25."""
    for m in _GROUP_BEFORE_NAMES.finditer(ctx.text):
        first = next((n for n in named if n.start == m.end()), None)
        count = parse_int(m.group("n")) or 0
        if first is None:
            continue
        listed = _chain(ctx, named, first)
        if len(listed) == count:
            for n in listed:
                n.sex = n.sex or _GROUP_NOUN_SEX.get(m.group("noun").lower())
    for m in _ALL_AGED.finditer(ctx.text):
        before = [n for n in named if n.end <= m.start()]
        if not before or not _LIST_GAP.fullmatch(ctx.text[before[-1].end:m.start()] + ","):
            continue
        listed = [before[-1]]
        for n in reversed(before[:-1]):
            if not _LIST_GAP.fullmatch(ctx.text[n.end:listed[0].start]):
                break
            listed.insert(0, n)
        if len(listed) >= 2:
            for n in listed:
                if n.ages[0] is None:
                    n.ages = [int(m.group("age"))]


def find_mentions(ctx: Context, rules: PersonRules) -> list[PersonMention]:
    found: list[PersonMention] = []
    text = ctx.text
    for m in rules.age_phrase.finditer(text):
        age = parse_int(m.group("age"))
        if age is None or age > 110 or (m.group("noun") is None and _RANGE_BEFORE.search(
                text[max(0, m.start() - 24):m.start()])):
            continue  # "aged between 24 and 48-years-old": a range, nobody in particular
        det = rules.det_before.search(text[max(0, m.start() - 20):m.start()])
        start = m.start() - (len(text[max(0, m.start() - 20):m.start()]) - det.start()) \
            if det else m.start()
        noun = (m.group("noun") or "").lower() or None
        mention = PersonMention(start, m.end(), "aged", ages=[age], noun=noun,
                                definite=bool(det and det.group("det").lower() == "the"))
        both = bool(det and det.group("det").lower() == "both") and not re.match(
            r"[ \t]+[A-Z][a-z]", text[m.end():])  # "both 36-year-old Moss and ...": one each
        if both and (noun is None or noun in rules.plural):  # "two dealers, both 25-years-old"
            mention.count, mention.ages = 2, [age, age]
            mention.sex = rules.plural.get(noun or "") or _plural_sex_before(ctx, rules, m.start())
        elif noun in rules.plural:
            count = parse_int(det.group("det")) if det else None
            if not count or count < 2:
                continue
            mention.count, mention.ages, mention.sex = count, [age] * count, rules.plural[noun]
        elif noun:
            mention.sex = rules.sing.get(noun, rules.relations.get(noun))
            if noun in rules.roles and noun not in rules.sing:
                mention.role = noun
        pre = (m.group("pre") or "").strip()
        if noun and mention.sex is None and pre.islower():
            # "two 16-year-old male youths": the word between the age and the noun gives the sex
            mention.sex = rules.sing.get(pre.lower())
        if m.group("pre") and m.group("noun") and m.group("pre")[0].isupper():
            mention.pre_town = (m.group("pre").strip(), m.start("pre"),
                                m.start("pre") + len(m.group("pre").strip()))
        found.append(mention)
    for m in rules.noun_aged.finditer(text):
        ages = [int(a) for a in re.findall(r"\d{1,2}", m.group("ages"))]
        noun = m.group("noun").lower()
        sex = rules.plural.get(noun, rules.sing.get(noun, rules.relations.get(noun)))
        count = parse_int(m.group("det")) if noun in rules.plural else None
        if count and 2 <= count <= 12 and len(ages) == 1:
            ages = ages * count  # "two men aged 29": both are 29
        found.append(PersonMention(m.start(), m.end(), "noun_aged", count=len(ages),
                                   ages=list(ages), sex=sex, noun=noun,
                                   definite=m.group("det").lower() == "the"))
    for m in _ANOTHER_AGED.finditer(text):  # "two men aged 29 and another aged 36"
        found.append(PersonMention(m.start(), m.end(), "noun_aged", ages=[int(m.group("age"))],
                                   sex=_plural_sex_before(ctx, rules, m.start())))
    for m in rules.counted_ages.finditer(text):
        noun = m.group("noun").lower()
        ages = [int(a) for a in re.findall(r"(\d{1,2})[- ](?:years?|yrs?)", m.group("ages"))]
        if noun in rules.plural and len(ages) == parse_int(m.group("n")):
            found.append(PersonMention(m.start(), m.end(), "noun_aged", count=len(ages),
                                       ages=list(ages), sex=rules.plural[noun], noun=noun))
    for m in rules.noun_comma_age.finditer(text):
        noun = m.group("noun").lower()
        found.append(PersonMention(m.start(), m.end(), "noun_aged",
                                   ages=[int(m.group("age") or m.group("age2"))],
                                   sex=rules.sing.get(noun), noun=noun,
                                   definite=m.group("det").lower() == "the"))
    for m in rules.noun_of_age.finditer(text):
        noun = m.group("noun").lower()
        found.append(PersonMention(m.start(), m.end(), "aged", ages=[int(m.group("age"))],
                                   sex=rules.sing.get(noun), noun=noun,
                                   definite=m.group("det").lower() == "the"))
    for m in rules.headline_age.finditer(text):
        noun = m.group("noun").lower()
        found.append(PersonMention(m.start(), m.end(), "register", ages=[int(m.group("age"))],
                                   sex=rules.sing.get(noun), noun=noun))
    for m in rules.register.finditer(text):
        noun = m.group("noun").lower()
        found.append(PersonMention(m.start(), m.end(), "register", ages=[int(m.group("age"))],
                                   sex=rules.sing.get(noun), noun=noun))
    for m in rules.informal.finditer(text):
        plural = (m.group("pl") or "").lower()
        sex = rules.plural.get(plural)
        if sex is None:
            s_start, _ = ctx.sentence_of(m.start())
            words = re.findall(r"\w+", text[s_start:m.start()].lower())
            nouns = [w for i, w in enumerate(words) if w in rules.plural and any(
                d in {"two", "both", "the", "three", "these", "those"} for d in words[max(0, i - 2):i])]
            sex = rules.plural[nouns[-1]] if nouns else None
        found.append(PersonMention(m.start(), m.end(), "informal", ages=[int(m.group("age"))],
                                   sex=sex))
    for m in rules.counted.finditer(text):
        noun = m.group("noun").lower()
        count = parse_int(m.group("n")) or 0
        if noun not in rules.plural:
            continue  # "two man"
        mention = PersonMention(m.start(), m.end(), "counted", count=count,
                                ages=[None] * count, noun=noun, sex=rules.plural.get(noun))
        pre = re.search(r"(?-i:([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))\s*$", m.group("adj"))
        if pre:  # "Five Oldham men": the town they are from
            mention.pre_town = (pre.group(1), m.start("adj") + pre.start(1),
                                m.start("adj") + pre.end(1))
        found.append(mention)
    for m in _GROUP_WORD.finditer(text):  # "a trio from the Liverpool area": with a town only
        count = _GROUP_SIZE[m.group("noun").lower()]
        found.append(PersonMention(m.start(), m.end(), "counted", count=count,
                                   ages=[None] * count, noun=m.group("noun").lower()))
    for m in _PEOPLE_FROM.finditer(text):  # "ELEVEN people from Wirral were arrested"
        count = parse_int(m.group("n")) or 0
        if 2 <= count <= 12:
            found.append(PersonMention(m.start(), m.end(), "counted", count=count,
                                       ages=[None] * count, noun="people"))
    for m in _ANONYMOUS.finditer(text):
        found.append(PersonMention(m.start(), m.end("noun"), "anonymous",
                                   noun=m.group("noun").lower()))
    for m in rules.indefinite.finditer(text):
        noun = m.group("noun").lower()
        if _ATTRIBUTIVE_AFTER.match(text, m.end()):
            continue  # "a youth detention centre", "a drug user support service": no person
        if m.group("noun")[:1].isupper() and re.match(r"[ \t]+[A-Z][a-z]", text[m.end():]):
            continue  # "supported by a Victim Navigator": a job title, not a victim
        if noun in rules.generic or (_COUNT_LIST_BEFORE.search(
                text[max(0, m.start() - 40):m.start()]) and re.match(
                r"\s+(?:aged\s+between|were|have|had|are)\b", text[m.end():])):
            continue  # "Eighteen men and one woman were detained": a count, not a person
        mention = PersonMention(m.start(), m.end(), "indefinite", noun=noun,
                                sex=rules.sing.get(noun))
        if noun not in rules.sing:
            mention.role = noun
        pre = re.search(r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*$", m.group("adj"))
        if pre:
            mention.pre_town = (pre.group(1), m.start("adj") + pre.start(1),
                                m.start("adj") + pre.end(1))
        found.append(mention)
    for m in rules.definite.finditer(text):
        noun = m.group("noun").lower()
        if noun in rules.generic:
            continue
        found.append(PersonMention(m.start(), m.end(), "definite", noun=noun,
                                   sex=rules.sing.get(noun), definite=True,
                                   role=None if noun in rules.sing else noun,
                                   adjectives=frozenset(m.group("adj").lower().split())))
    return _without_overlaps(found)


_ATTRIBUTIVE_AFTER = re.compile(
    r"\s+(?:detention|offending|offender|justice|court|centre|center|club|worker|workers|"
    r"service|services|team|support|group|charity|project|hostel|unit|zone|institution|"
    r"institutions)\b", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\b(?:between\s+\d{1,2}\s+and|\d{1,2}\s+(?:to|and))\s+$",
                           re.IGNORECASE)
_COUNT_LIST_BEFORE = re.compile(
    rf"\b(?:{NUM_WORDS}|\d+)\s+(?:[a-z-]+\s+)?(?:men|women|boys|girls|people|adults|males|"
    r"females|teenagers|children)\s*,?\s+and\s+$", re.IGNORECASE)
_GROUP_SIZE = {"pair": 2, "duo": 2, "trio": 3, "quartet": 4}
_GROUP_WORD = re.compile(r"\b(?:a|another)\s+(?P<noun>pair|duo|trio|quartet)\b(?!\s+of\b)",
                         re.IGNORECASE)
# a count of people with a shared home town and nothing else: each of them is described
_PEOPLE_FROM = re.compile(rf"\b(?P<n>{NUM_WORDS}|\d{{1,2}})\s+(?:people|persons|individuals)"
                          r"(?=\s+(?:all\s+)?from\s+(?:the\s+)?[A-Z])", re.IGNORECASE)
_ANOTHER_AGED = re.compile(r"\banother\s+(?:one\s+)?aged\s+(?P<age>\d{1,2})\b", re.IGNORECASE)
# Somebody the story is about though nothing describes them: "One person was arrested",
# "another individual was charged", "a third person was arrested", "a missing child safeguarded"
_ANONYMOUS = re.compile(
    r"\b(?:one|another|a\s+(?:second|third|fourth|fifth|further|sixth)|a|an)\s+(?:(?:missing|"
    r"vulnerable|young|other|local)\s+)?(?P<noun>person|individual|suspect|child|youngster|"
    r"teenager|juvenile|adult)\s+(?:(?:who\s+)?(?:was|has\s+been|had\s+been|is)\s+)?(?:also\s+|"
    r"later\s+|then\s+|subsequently\s+)?(?:arrested|charged|safeguarded|detained|convicted|"
    r"jailed|sentenced|stabbed|injured|found\s+guilty)\b", re.IGNORECASE)
_PRIORITY = {"named": 0, "surname": 0, "aged": 1, "noun_aged": 1, "register": 2, "informal": 3,
             "indefinite": 4, "counted": 4, "anonymous": 4, "definite": 5}


def _plural_sex_before(ctx: Context, rules: PersonRules, pos: int) -> str | None:
    """The sex of the last plural noun before ``pos`` in its sentence ("two men, both ...")."""
    s_start, _ = ctx.sentence_of(pos)
    words = [w for w in re.findall(r"\w+", ctx.text[s_start:pos].lower()) if w in rules.plural]
    return rules.plural[words[-1]] if words else None


def _without_overlaps(found: list[PersonMention]) -> list[PersonMention]:
    found.sort(key=lambda p: (_PRIORITY[p.kind], p.start))
    kept: list[PersonMention] = []
    for p in found:
        if any(k.start < p.end and p.start < k.end for k in kept):
            continue
        kept.append(p)
    kept.sort(key=lambda p: p.start)
    return kept


def attach_nicknames(ctx: Context, mentions: list[PersonMention]) -> None:
    for p in mentions:
        m = NICKNAME.match(ctx.text[p.end:p.end + 60])
        if m and not p.nickname:
            p.nickname = m.group("nick")
