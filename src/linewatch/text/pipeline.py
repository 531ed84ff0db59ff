"""The shared pipeline: word-sequence tables for places, drugs and weapons, and sentence rules.

Phrase tables (``phrases.py``) find gazetteer places, drug names and weapons over the tokens of
a text. Sentences are split by a rule on the text itself (full stops, line breaks, common
abbreviations). The pipeline is built once per process on first use (``get_pipeline``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from linewatch.text.gazetteer import UNAMBIGUOUS_POPULATION, Gazetteer, load_gazetteer
from linewatch.text.phrases import PhraseTable, Tokens, tokenize
from linewatch.text.vocab import Vocab, load_vocab

_ABBREVIATIONS = {"approx", "det", "insp", "supt", "sgt", "mr", "mrs", "ms", "dr", "st", "no",
                  "co", "ltd", "vs", "v", "nr", "ref", "tel", "mob", "c", "e.g", "i.e", "etc",
                  "ch", "con", "dep"}
_QUOTES = "\"“”'‘’"


_SENTENCE_END = re.compile(
    r"(?P<end>[.!?][\"”’')\]]*)(?P<gap>[ \t]*\n\s*|[ \t]+)(?=[\w\"“‘'(£])|\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a new sentence after . ! ? and a space (not after an abbreviation or
    an initial such as "J."), and after every line break (intelligence logs and lists are
    written one statement a line)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group("end"):
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12):m.start()])
            before = word.group(1).lower() if word else ""
            if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
                continue
        if text[start:m.start()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip() or not spans:
        spans.append((start, len(text)))
    return spans


@dataclass
class Context:
    """One text ready for the rules: its tokens, sentences and speech spans."""

    text: str
    tokens: Tokens
    sentences: list[tuple[int, int]]
    speech: list[tuple[int, int]]
    lowercase: bool

    def sentence_index(self, pos: int) -> int:
        starts = [s for s, _ in self.sentences]
        return max(0, bisect.bisect_right(starts, pos) - 1)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(pos)]

    def in_speech(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.speech)


def find_speech(text: str) -> list[tuple[int, int]]:
    """Quoted speech: a double-quoted stretch of four or more words (a quotation left open runs
    to the end of its line). Short quoted strings are names ("Tiny") and are not speech."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        s, body = line.start(), line.group()
        i = 0
        while i < len(body):
            c = body[i]
            opening = c in "“\"" and (i == 0 or body[i - 1] in " \t([:—-") and \
                i + 1 < len(body) and not body[i + 1].isspace()
            if not opening:
                i += 1
                continue
            close = next((k for k in range(i + 1, len(body)) if body[k] in "”\"" and (
                k + 1 == len(body) or not body[k + 1].isalnum())), len(body))
            if len(body[i + 1:close].split()) >= 4:
                spans.append((s + i, s + min(close + 1, len(body))))
            i = close + 1
    return spans


class Pipeline:
    """The phrase tables, built once."""

    def __init__(self, vocab: Vocab, gazetteer: Gazetteer) -> None:
        self.vocab = vocab
        self.gazetteer = gazetteer
        self.places_exact = PhraseTable(lower=False)
        self.places_any_case = PhraseTable(lower=True)
        exact: list[str] = []
        any_case: list[str] = []
        for name in gazetteer.names():
            place = gazetteer.lookup(name)
            if place is None:
                continue
            exact.append(name)
            if place.kind != "gazetteer" or (place.population >= 10 * UNAMBIGUOUS_POPULATION
                                              and name not in vocab.ambiguous_places):
                any_case.append(name)
        self.places_exact.add("PLACE", exact)
        self.places_any_case.add("PLACE", any_case)
        self.drugs = PhraseTable(lower=True)
        for drug in vocab.drugs:
            self.drugs.add(f"DRUG|{drug.name}", drug.aliases)
            if drug.context_aliases:
                self.drugs.add(f"SLANG|{drug.name}", drug.context_aliases)
        self.weapons = PhraseTable(lower=True)
        for weapon in vocab.weapons:
            self.weapons.add(weapon.name, weapon.aliases)

    def analyse(self, text: str) -> Context:
        tokens = tokenize(text)
        sentences = split_sentences(text)
        letters = [c for c in text if c.isalpha()]
        lowercase = bool(letters) and sum(c.isupper() for c in letters) < 0.03 * len(letters)
        return Context(text, tokens, sentences or [(0, len(text))], find_speech(text), lowercase)

    def phrase_matches(self, table: PhraseTable, ctx: Context) -> list[tuple[str, int, int]]:
        """(label, start_char, end_char) for each match, longest first at each position."""
        found = table.matches(ctx.tokens)
        found.sort(key=lambda m: (m[1], -(m[2] - m[1])))
        kept: list[tuple[str, int, int]] = []
        for label, s, e in found:
            if kept and s < kept[-1][2]:
                continue
            kept.append((label, s, e))
        return kept


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    """The process-wide pipeline (built on first call, about two seconds)."""
    return Pipeline(load_vocab(), load_gazetteer())
