"""Word-sequence look-up for place names, drug names and weapons.

A text is cut into tokens (runs of letters and digits, and single punctuation marks), and every
run of up to ``longest`` tokens starting at a token is looked up in a dictionary of the
patterns, cut the same way; quotation marks are left out of both ("a ‘zombie’ knife").
This is what the rules used spaCy's tokenizer and ``PhraseMatcher`` for; it gave the same
matches on the test set and costs nothing to import, where importing spaCy took most of the
start-up time of ``linewatch extract`` (about 3 of 4.5 seconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Tokens:
    """A text cut into tokens: their strings and character offsets."""

    words: tuple[str, ...]
    lower: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


_QUOTES = frozenset("'\"‘’“”")


def tokenize(text: str) -> Tokens:
    """Words and punctuation marks; quotation marks are left out, so "a ‘zombie’ knife" reads
    as "a zombie knife"."""
    found = [m for m in _TOKEN.finditer(text) if m.group() not in _QUOTES]
    words = tuple(m.group() for m in found)
    return Tokens(words, tuple(w.lower() for w in words), tuple(m.start() for m in found),
                  tuple(m.end() for m in found))


def phrase_key(phrase: str, lower: bool) -> tuple[str, ...]:
    words = [w for w in _TOKEN.findall(phrase) if w not in _QUOTES]
    return tuple(w.lower() for w in words) if lower else tuple(words)


class PhraseTable:
    """Patterns by label; ``lower`` compares in lower case (else exactly as written)."""

    def __init__(self, lower: bool) -> None:
        self.lower = lower
        self._labels: dict[tuple[str, ...], list[str]] = {}
        self._first: set[str] = set()
        self._longest = 0

    def add(self, label: str, phrases: list[str] | tuple[str, ...]) -> None:
        for phrase in phrases:
            key = phrase_key(phrase, self.lower)
            if not key:
                continue
            labels = self._labels.setdefault(key, [])
            if label not in labels:
                labels.append(label)
            self._first.add(key[0])
            self._longest = max(self._longest, len(key))

    def __len__(self) -> int:
        return len(self._labels)

    def matches(self, tokens: Tokens) -> list[tuple[str, int, int]]:
        """Every (label, start_char, end_char) where a pattern occurs, overlaps included."""
        words = tokens.lower if self.lower else tokens.words
        n = len(words)
        out: list[tuple[str, int, int]] = []
        for i, word in enumerate(words):
            if word not in self._first:
                continue
            for length in range(1, min(self._longest, n - i) + 1):
                labels = self._labels.get(words[i:i + length])
                if labels:
                    out.extend((label, tokens.starts[i], tokens.ends[i + length - 1])
                               for label in labels)
        return out
