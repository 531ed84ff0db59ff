"""Scoring arithmetic and the normalisation used to compare predicted and true values."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any

from linewatch.schema.types import phone as phone_type
from linewatch.schema.types import postcode as postcode_type

_ABBREVIATIONS = {"rd": "road", "st": "street", "ave": "avenue", "av": "avenue", "cl": "close",
                  "gdns": "gardens", "cres": "crescent", "dr": "drive", "ln": "lane",
                  "ct": "court", "ter": "terrace", "pl": "place", "sq": "square"}
_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})\b")


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` when there is nothing to divide by."""
    return None if denominator == 0 else round(numerator / denominator, 6)


def f1_of(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; ``None`` when either side is undefined, 0 when both are 0."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return round(2 * precision * recall / (precision + recall), 6)


def prf(tp: int, predicted: int, actual: int) -> dict[str, Any]:
    """Precision, recall and F1 with the counts they come from.

    Precision is ``None`` when nothing was predicted, recall when nothing was true; F1 is
    ``None`` only when both are empty and 0 whenever there is no true positive.
    """
    precision, recall = ratio(tp, predicted), ratio(tp, actual)
    f1 = None if predicted == 0 and actual == 0 else (0.0 if tp == 0 else f1_of(precision, recall))
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp,
            "predicted": predicted, "actual": actual}


def set_prf(predicted: Iterable[Hashable], actual: Iterable[Hashable]) -> dict[str, Any]:
    p, a = set(predicted), set(actual)
    return prf(len(p & a), len(p), len(a))


def multiset_prf(predicted: Iterable[Hashable], actual: Iterable[Hashable]) -> dict[str, Any]:
    """P/R/F1 counting repeated values (two 17-year-old boys are two persons)."""
    p, a = Counter(predicted), Counter(actual)
    return prf(sum((p & a).values()), sum(p.values()), sum(a.values()))


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_counts(assignment: dict[Hashable, Hashable], truth: dict[Hashable, Hashable]
                    ) -> tuple[int, int, int]:
    """(same in both, same in prediction, same in truth) pair counts over truth's items.

    Counted from cluster sizes, never by listing pairs, so it scales to many records.
    """
    joint: Counter[tuple[Hashable, Hashable]] = Counter()
    predicted: Counter[Hashable] = Counter()
    actual: Counter[Hashable] = Counter()
    for item, true_cluster in truth.items():
        cluster = assignment.get(item, ("__alone__", item))
        joint[(cluster, true_cluster)] += 1
        predicted[cluster] += 1
        actual[true_cluster] += 1
    return (sum(pairs(c) for c in joint.values()), sum(pairs(c) for c in predicted.values()),
            sum(pairs(c) for c in actual.values()))


def number(value: object) -> str | None:
    """A phone number in E.164, or ``None`` when it is not one."""
    return phone_type.try_clean(value)


_PLATE = re.compile(r"\b([A-Z]{2}[0-9]{2}\s?[A-Z]{3})\b")


def plate(value: object) -> str:
    """A number plate without spaces; from a longer text (``white Audi AB12 CDE``), its plate."""
    text = str(value).upper()
    found = _PLATE.search(text)
    return re.sub(r"[^A-Z0-9]", "", found.group(1) if found else text)


def text_key(value: object) -> str:
    """Lower case letters and digits only: ``Knuckle-duster`` and ``knuckleduster`` agree."""
    return "".join(re.findall(r"[a-z0-9]+", str(value).lower()))


def postcode(value: object) -> str:
    cleaned = postcode_type.try_clean(value) if value else None
    return cleaned or ""


def address_key(address: str, postcode_value: str = "") -> tuple[str, str]:
    """(normalised postcode, normalised first line) of an address.

    The first line is the address without its postcode and its town (a last comma-separated
    part without digits); abbreviations are expanded, the word "flat" dropped, and the
    numbers put first, so ``Flat 3, 21 Oak Rd`` and ``3/21 Oak Road`` match.
    """
    text = str(address)
    found = _POSTCODE.search(text)
    code = postcode(postcode_value) or (postcode(found.group(0)) if found else "")
    if found:
        text = text[:found.start()] + text[found.end():]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2 and not re.search(r"\d", parts[-1]):
        parts = parts[:-1]
    tokens = re.findall(r"[a-z0-9]+", " ".join(parts).lower())
    tokens = [_ABBREVIATIONS.get(t, t) for t in tokens if t != "flat"]
    digits = sorted((t for t in tokens if t.isdigit()), key=int)
    words = [t for t in tokens if not t.isdigit()]
    return code, " ".join(digits + words)
