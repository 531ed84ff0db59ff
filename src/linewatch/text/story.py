"""What happens to each person in the story, and the term of a sentence as written.

Roles, in the order they are listed: ``arrested``, ``charged``, ``convicted``, ``sentenced``,
``victim``, ``safeguarded``. ``SENTENCE`` reads a term right after "jailed for", "given",
"sentenced to", ...: "six years and nine months", "five and a half years", "eight years'
detention in a young offenders' institution", "a suspended sentence", "a referral order".
"""

from __future__ import annotations

import re

from linewatch.text.model import Person

# "detained for 12 months" and "detained after pleading guilty" are a youth's sentence
# other words for an arrest: "were apprehended by law enforcement", "was led away in handcuffs",
# "was taken into custody", "as he was being escorted to custody", "remain in police custody",
# "the suspects were held at addresses in ..."
ARRESTED_OTHERWISE = (r"apprehended|taken\s+into\s+(?:police\s+)?custody|led\s+away\s+in\s+"
                      r"handcuffs|escorted\s+(?:in)?to\s+(?:police\s+)?custody|(?:remain(?:s|ed)?|(?:are|is|"
                      r"were|was)(?:\s+(?:also|now|still))?)\s+in\s+police\s+custody|held\s+at\s+(?:an?\s+|their\s+|his\s+|her\s+)?(?:address(?:es)?|"
                      r"propert(?:y|ies)|homes?)")
ARREST = re.compile(r"\b(?:arrested|detained(?!\s+(?:for\s+(?!questioning)|after\s+(?:pleading|"
                    r"admitting|being\s+(?:convicted|found\s+guilty))))|held\s+on\s+suspicion|"
                    rf"{ARRESTED_OTHERWISE})\b", re.IGNORECASE)
SAFEGUARD = re.compile(r"\bsafeguarded\b", re.IGNORECASE)
_NUM_WORD = (r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
             r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
             r"twenty-\w+|thirty|forty|fifty)")
_TERM = (rf"{_NUM_WORD}(?:\s+and\s+a\s+half)?\s+(?:years?|months?|weeks?)(?:['’]|['’]s)?"
         rf"(?:,?\s+(?:and\s+)?{_NUM_WORD}\s+(?:months?|weeks?))?")
SENTENCE = re.compile(
    rf"(?:(?:a\s+total\s+of|more\s+than|over|almost|nearly)\s+)?{_TERM}(?:\s+(?:in\s+(?:prison|"
    rf"jail|custody|a\s+young\s+offenders['’]?\s+institution)|imprisonment|detention|custody|"
    rf"suspended(?:\s+for\s+{_TERM})?))?|life(?:\s+imprisonment)?(?:\s+with\s+a\s+minimum\s+"
    rf"(?:term\s+)?of\s+{_TERM})?|an?\s+(?:suspended\s+(?:prison\s+|jail\s+)?sentence|"
    rf"community\s+order|(?:youth\s+)?(?:rehabilitation|referral)\s+order|conditional\s+discharge|"
    rf"detention\s+and\s+training\s+order(?:\s+of\s+{_TERM})?)", re.IGNORECASE)
TERM_LEAD = re.compile(r"\s*(?:(?:to|for|with)\s+)?")
STORY = [
    ("arrested", ARREST),
    ("charged", re.compile(r"\bcharged\b|\bfaces?\s+charges\b", re.IGNORECASE)),
    ("convicted", re.compile(r"\b(?:convicted|found\s+guilty|pleaded\s+guilty|pled\s+guilty|"
                             r"admitted|admitting|guilty\s+of)\b", re.IGNORECASE)),
    ("sentenced", re.compile(r"\b(?:jailed|sentenced|imprisoned|locked\s+up|detained\s+for|"
                             r"(?:given|handed|received|serve)(?=\s+(?:a\s+|an\s+)?(?:total\s+of"
                             r"\s+)?(?:\w+[\s-]+){0,6}?(?:years?|months?|sentence|order|life)\b))",
                             re.IGNORECASE)),
    ("victim", re.compile(r"\b(?:victims?\s+of|(?:was|were|had\s+been|has\s+been)\s+(?:stabbed|"
                          r"assaulted|attacked|exploited|groomed|kidnapped|robbed|threatened|"
                          r"trafficked))\b", re.IGNORECASE)),
    ("safeguarded", SAFEGUARD),
]
STORY_ORDER = [name for name, _ in STORY]


def add_role(p: Person, role: str) -> None:
    if role in p.story_roles:
        return
    p.story_roles.append(role)
    p.story_roles.sort(key=STORY_ORDER.index)
    if role == "arrested":
        p.arrested = True
    elif role == "safeguarded":
        p.safeguarded = True
