"""Scores text extraction: runs ``linewatch.text.extract`` on every text in the truth and
compares what it finds with the facts the simulator put into the words."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from linewatch.evaluate.metrics import multiset_prf, number, plate, ratio, text_key

SCALARS = ("arrests", "warrants", "cash_gbp", "safeguarded", "operation_name")
LISTS = ("phones", "vehicles", "weapons", "locations", "agencies", "nicknames")


def load_extractor() -> Callable[[str], dict[str, Any]] | None:
    """``text -> facts`` from :mod:`linewatch.text`, or ``None`` if it cannot be imported."""
    try:
        module = importlib.import_module("linewatch.text")
    except Exception:  # noqa: BLE001 - any failure means the stage is not there yet
        return None
    extract = getattr(module, "extract", None)
    if extract is None:
        return None

    def run(text: str) -> dict[str, Any]:
        result = extract(text)
        if hasattr(result, "to_dict"):
            return dict(result.to_dict())
        if hasattr(result, "to_contract"):
            return dict(result.to_contract())
        return dict(result)

    return run


def _normalise(key: str, values: list[Any]) -> list[str]:
    out: list[str] = []
    for value in values or []:
        if key == "phones":
            cleaned = number(value)
            out.append(cleaned if cleaned else str(value))
        elif key == "vehicles":
            out.append(plate(value.get("vrm", value) if isinstance(value, dict) else value))
        else:
            out.append(text_key(value))
    return sorted(set(out))


def _scalar(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key == "operation_name":
        return text_key(value)
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return text_key(value)


def score_texts(entries: list[dict[str, Any]], extract: Callable[[str], dict[str, Any]]
                ) -> dict[str, Any]:
    """Per-field scores over all texts, and list-field F1 per kind of text."""
    scalar_hits = {k: 0 for k in SCALARS}
    scalar_total = {k: 0 for k in SCALARS}
    scalar_invented = {k: 0 for k in SCALARS}
    found: dict[str, list[tuple[int, str]]] = {k: [] for k in (*LISTS, "drugs", "persons")}
    actual: dict[str, list[tuple[int, str]]] = {k: [] for k in (*LISTS, "drugs", "persons")}
    by_kind: dict[str, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}
    failures = 0
    for i, entry in enumerate(entries):
        facts, text = entry.get("facts", {}), entry.get("text", "")
        try:
            got = extract(text)
        except Exception:  # noqa: BLE001 - a crash on one text is scored as finding nothing
            failures += 1
            got = {}
        for key in SCALARS:
            want, have = _scalar(key, facts.get(key)), _scalar(key, got.get(key))
            if want is None:
                scalar_invented[key] += int(have is not None)
            else:
                scalar_total[key] += 1
                scalar_hits[key] += int(want == have)
        kind_pred, kind_true = by_kind.setdefault(str(entry.get("kind")), ([], []))
        for key in LISTS:
            if key not in got and key == "nicknames":
                continue
            pred = [(i, f"{key}:{v}") for v in _normalise(key, got.get(key, []))]
            true = [(i, f"{key}:{v}") for v in _normalise(key, facts.get(key, []))]
            found[key] += pred
            actual[key] += true
            kind_pred += pred
            kind_true += true
        found["drugs"] += [(i, f"{d.get('class')}") for d in got.get("drugs") or []]
        actual["drugs"] += [(i, f"{d.get('class')}") for d in facts.get("drugs") or []]
        found["persons"] += [(i, f"{p.get('age')}/{p.get('sex')}") for p in got.get("persons") or []]
        actual["persons"] += [(i, f"{p.get('age')}/{p.get('sex')}")
                              for p in facts.get("persons") or []]
    fields: dict[str, Any] = {}
    for key in SCALARS:
        fields[key] = {"accuracy": ratio(scalar_hits[key], scalar_total[key]),
                       "stated": scalar_total[key], "correct": scalar_hits[key],
                       "invented": scalar_invented[key]}
    for key in found:
        fields[key] = multiset_prf(found[key], actual[key])
    every_pred = [x for key in LISTS for x in found[key]]
    every_true = [x for key in LISTS for x in actual[key]]
    return {"status": "ok", "texts": len(entries), "failures": failures, "fields": fields,
            "lists_micro": multiset_prf(every_pred, every_true),
            "by_kind": {kind: multiset_prf(p, t) for kind, (p, t) in sorted(by_kind.items())},
            "scalars_correct_share": ratio(sum(scalar_hits.values()),
                                           sum(scalar_total.values()))}

