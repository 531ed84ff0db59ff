"""The spaCy side: a blank English pipeline, sentence rules and phrase matchers.

No statistical model is used (none can be downloaded here): ``spacy.blank("en")`` gives the
tokenizer, a small rule component sets sentence starts (full stops, line breaks, common
abbreviations), and ``PhraseMatcher`` objects find gazetteer places, drug names and weapons.
The pipeline is built once per process on first use (``get_pipeline``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from linewatch.text.gazetteer import UNAMBIGUOUS_POPULATION, Gazetteer, load_gazetteer
from linewatch.text.vocab import Vocab, load_vocab

_ABBREVIATIONS = {"approx", "det", "insp", "supt", "sgt", "mr", "mrs", "ms", "dr", "st", "no",
                  "co", "ltd", "vs", "v", "nr", "ref", "tel", "mob", "c", "e.g", "i.e", "etc",
                  "ch", "supt", "con", "dep"}
_QUOTES = "\"“”'‘’"


@Language.component("linewatch_sentences")
def _sentences(doc: Doc) -> Doc:
    """Sentence starts after . ! ? (not after an abbreviation) and after line breaks."""
    letters = [c for c in doc.text if c.isalpha()]
    lowercase = bool(letters) and sum(c.isupper() for c in letters) < 0.03 * len(letters)
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            continue
        prev = doc[i - 1]
        start = False
        if tok.is_space:
            start = False
        elif prev.is_space and "\n" in prev.text:
            start = True
        else:
            j = i - 1
            while j > 0 and doc[j].text in _QUOTES and doc[j - 1].text in {".", "!", "?"}:
                j -= 1
            end = doc[j]
            if end.text in {".", "!", "?"}:
                before = doc[j - 1].text if j > 0 else ""
                initial = end.text == "." and len(before) == 1 and before.isupper()
                first = tok.text[0]
                start = before.lower() not in _ABBREVIATIONS and not initial and (
                    first.isupper() or first.isdigit() or first in _QUOTES or lowercase)
        tok.is_sent_start = start
    return doc


@dataclass
class Context:
    """One text ready for the rules: the spaCy doc, sentences and speech spans."""

    text: str
    doc: Doc
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
    """The spaCy objects, built once."""

    def __init__(self, vocab: Vocab, gazetteer: Gazetteer) -> None:
        self.vocab = vocab
        self.gazetteer = gazetteer
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("linewatch_sentences")
        strings = self.nlp.vocab
        self.places_exact = PhraseMatcher(strings, attr="ORTH")
        self.places_any_case = PhraseMatcher(strings, attr="LOWER")
        exact, any_case = [], []
        for name in gazetteer.names():
            place = gazetteer.lookup(name)
            if place is None:
                continue
            exact.append(name)
            if place.kind != "gazetteer" or (place.population >= 10 * UNAMBIGUOUS_POPULATION
                                              and name not in vocab.ambiguous_places):
                any_case.append(name)
        self.places_exact.add("PLACE", list(self.nlp.tokenizer.pipe(exact)))
        self.places_any_case.add("PLACE", list(self.nlp.tokenizer.pipe(any_case)))
        self.drugs = PhraseMatcher(strings, attr="LOWER")
        for drug in vocab.drugs:
            self.drugs.add(f"DRUG|{drug.name}", list(self.nlp.tokenizer.pipe(drug.aliases)))
            if drug.context_aliases:
                self.drugs.add(f"SLANG|{drug.name}",
                               list(self.nlp.tokenizer.pipe(drug.context_aliases)))
        self.weapons = PhraseMatcher(strings, attr="LOWER")
        for weapon in vocab.weapons:
            self.weapons.add(weapon.name, list(self.nlp.tokenizer.pipe(weapon.aliases)))

    def analyse(self, text: str) -> Context:
        doc = self.nlp(text)
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        letters = [c for c in text if c.isalpha()]
        lowercase = bool(letters) and sum(c.isupper() for c in letters) < 0.03 * len(letters)
        return Context(text, doc, sentences or [(0, len(text))], find_speech(text), lowercase)

    def phrase_matches(self, matcher: PhraseMatcher, ctx: Context) -> list[tuple[str, int, int]]:
        """(label, start_char, end_char) for each match, longest first at each position."""
        strings = self.nlp.vocab.strings
        found = []
        for match_id, start, end in matcher(ctx.doc):
            span = ctx.doc[start:end]
            found.append((strings[match_id], span.start_char, span.end_char))
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
