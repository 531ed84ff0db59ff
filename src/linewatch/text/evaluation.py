"""Scoring an extraction against a hand-written expected answer (both in the contract shape).

``score_extraction(expected, got)`` counts, per field, true positives, false positives and false
negatives, then precision, recall and F1, and a micro total over all fields:

- scalar fields (arrests, warrants, cash_gbp, operation_name, safeguarded): an exact match is a
  true positive; a value where none was expected a false positive; a missing value a false
  negative; a wrong value both. Both null counts nothing (nothing to find, nothing claimed).
- list fields (weapons, locations, agencies, phones, vehicles, drugs): compared as sets; drugs
  by (class, name, quantity).
- persons: matched by (age, sex, town), as a multiset (two 19-year-old men are two people).
- person_offences: each (age, sex, town, offence) pair, as a multiset, so offences given to the
  wrong person count against both precision and recall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

SCALAR_FIELDS = ("arrests", "warrants", "cash_gbp", "operation_name", "safeguarded")
SET_FIELDS = ("weapons", "locations", "agencies", "phones", "vehicles")
FIELDS = (*SCALAR_FIELDS, *SET_FIELDS, "drugs", "persons", "person_offences")


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def _scalar(expected: Any, got: Any) -> tuple[int, int, int]:
    if expected is None and got is None:
        return 0, 0, 0
    if expected is None:
        return 0, 1, 0
    if got is None:
        return 0, 0, 1
    same = expected == got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        same = abs(float(expected) - float(got)) < 0.005
    return (1, 0, 0) if same else (0, 1, 1)


def _multiset(expected: Iterable[Any], got: Iterable[Any]) -> tuple[int, int, int]:
    e, g = Counter(expected), Counter(got)
    tp = sum((e & g).values())
    return tp, sum(g.values()) - tp, sum(e.values()) - tp


def _person_key(p: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return (p.get("age"), p.get("sex"), p.get("town"))


def _items(doc: Mapping[str, Any], name: str) -> list[Any]:
    value = doc.get(name) or []
    if name == "drugs":
        return [(d.get("class"), d.get("name"), d.get("quantity")) for d in value]
    if name == "persons":
        return [_person_key(p) for p in value]
    if name == "person_offences":
        return [(*_person_key(p), o) for p in doc.get("persons") or []
                for o in p.get("offences") or []]
    return list(dict.fromkeys(value))


def score_extraction(expected: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, Any]:
    """Field-level and micro precision/recall/F1 of ``got`` against ``expected``."""
    fields: dict[str, dict[str, float | int]] = {}
    total = [0, 0, 0]
    for name in FIELDS:
        if name in SCALAR_FIELDS:
            tp, fp, fn = _scalar(expected.get(name), got.get(name))
        else:
            tp, fp, fn = _multiset(_items(expected, name), _items(got, name))
        fields[name] = _prf(tp, fp, fn)
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    return {"fields": fields, "micro": _prf(*total)}


def combine(scores: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Add up several ``score_extraction`` results into one (micro over all texts)."""
    fields: dict[str, list[int]] = {name: [0, 0, 0] for name in FIELDS}
    for score in scores:
        for name, s in score["fields"].items():
            counts = fields.setdefault(name, [0, 0, 0])
            counts[0] += int(s["tp"])
            counts[1] += int(s["fp"])
            counts[2] += int(s["fn"])
    per_field = {name: _prf(*c) for name, c in fields.items()}
    total = [sum(c[i] for c in fields.values()) for i in range(3)]
    return {"fields": per_field, "micro": _prf(*total)}
