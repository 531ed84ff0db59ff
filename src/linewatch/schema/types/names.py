"""Name keys for record linkage and text matching: normalised spellings, a phonetic code and
nickname groups.

Names are compared on keys computed once per distinct spelling (there are far fewer distinct
names than records), so the Python code here runs over thousands of values, never over every
record. Three keys are used:

* the normalised spelling (upper case, accents and punctuation removed);
* a phonetic code (Lawrence Philips' Metaphone from ``jellyfish``, so that ``SMITH`` and
  ``SMYTH`` agree);
* the name-variant groups a forename belongs to, from the shipped table
  ``data/name_variants.csv`` (``JAY`` and ``JAYDEN`` share a group, so do ``TOM`` and
  ``THOMAS``). A force can replace the table with its own through the ``name_variants``
  parameter of :func:`linewatch.resolve.run`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jellyfish

_NON_ALPHA = re.compile(r"[^A-Z ]+")
_SPACES = re.compile(r"\s+")
_DOUBLED_START = re.compile(r"^([A-Z])\1+")


def normalise(value: str | None) -> str | None:
    """Upper-case ``value`` with accents and punctuation removed; ``None`` when nothing is left."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    text = text.replace("'", "").replace("\u2019", "")
    text = _SPACES.sub(" ", _NON_ALPHA.sub(" ", text)).strip()
    return text or None


def metaphone(word: str | None) -> str | None:
    """The Metaphone code of one word (letters A-Z); ``None`` for an empty word.

    The code is ``jellyfish.metaphone``. One thing is done first: a doubled first letter is
    written once (``AARON`` as ``ARON``), because jellyfish drops a word's first vowel when the
    next letter repeats it (``AARON`` would code as ``RN``, apart from ``ARON``'s ``ARN``). A
    word whose code is empty (``EE``) keeps its first letter, so no name codes to nothing.
    """
    if not word:
        return None
    w = "".join(c for c in word.upper() if "A" <= c <= "Z")
    if not w:
        return None
    w = _DOUBLED_START.sub(r"\1", w)
    return jellyfish.metaphone(w) or w[0]


def phonetic(name: str | None) -> str | None:
    """Metaphone of a normalised name, spaces removed (``MC DONALD`` = ``MCDONALD``)."""
    norm = normalise(name)
    return metaphone(norm.replace(" ", "")) if norm else None


def load_variants(path: str | Path | None = None) -> dict[str, list[str]]:
    """Map each forename spelling to the sorted names of the variant groups it belongs to.

    The file has a header ``canonical,variants`` and one group a line, variants separated by
    ``;``. A spelling may be in several groups (``ALEX`` is in ``ALEXANDER`` and
    ``ALEXANDRA``).
    """
    if path is None:
        text = resources.files("linewatch.schema.types").joinpath(
            "data/name_variants.csv").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return _parse_variants(text)


@lru_cache(maxsize=4)
def default_variants() -> dict[str, list[str]]:
    """The shipped name-variant table (cached)."""
    return load_variants()


def _parse_variants(text: str) -> dict[str, list[str]]:
    groups: dict[str, set[str]] = {}
    reader = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    for row in reader:
        canonical = normalise(row.get("canonical"))
        if not canonical:
            continue
        names = {canonical}
        for variant in (row.get("variants") or "").split(";"):
            norm = normalise(variant)
            if norm:
                names.add(norm.replace(" ", ""))
        for name in names:
            groups.setdefault(name, set()).add(canonical)
    return {name: sorted(group) for name, group in groups.items()}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class VariantIndex:
    """Looks up a forename's variant groups, forgiving one typo in names of 5+ letters.

    ``PSTRICIA`` finds the groups of ``PATRICIA`` and ``REBRCCA`` those of ``REBECCA``: a
    spelling not in the table is matched to table names one deletion away on either side
    (a symmetric-delete index), when exactly one group set is reached.
    """

    def __init__(self, variants: dict[str, list[str]]) -> None:
        self.variants = variants
        self._near: dict[str, set[str]] = {}
        for name in variants:
            if len(name) >= 5:
                for key in _deletions(name) | {name}:
                    self._near.setdefault(key, set()).add(name)

    def groups(self, token: str | None) -> list[str] | None:
        if not token:
            return None
        if token in self.variants:
            return self.variants[token]
        if len(token) >= 5:
            found: set[str] = set()
            for key in _deletions(token) | {token}:
                found |= self._near.get(key, set())
            options = {tuple(self.variants[name]) for name in found}
            if len(options) == 1:
                return sorted(set(options.pop()) | {token})
        return [token]


def name_groups(token: str | None, variants: dict[str, list[str]] | VariantIndex
                ) -> list[str] | None:
    """The variant groups of one forename token; a name in no group is its own group."""
    if isinstance(variants, VariantIndex):
        return variants.groups(token)
    if not token:
        return None
    return variants.get(token) or [token]
