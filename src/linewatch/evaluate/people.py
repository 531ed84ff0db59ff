"""Scores for safeguarding, the target list and cuckooed addresses."""

from __future__ import annotations

from typing import Any

from linewatch.evaluate.metrics import address_key, f1_of, prf, ratio
from linewatch.evaluate.prediction import Prediction
from linewatch.evaluate.truth import Truth


def _with_records(truth: Truth) -> set[str]:
    return set(truth.record_person.values())


def exploited(truth: Truth, results: dict[str, Any], prediction: Prediction) -> dict[str, Any]:
    """Safeguarding list vs exploited people (children and vulnerable adults).

    Each listed person id stands for the true person owning most of its records. Only
    exploited people with at least one nominal record can be found this way; the others are
    counted in ``exploited_without_records``.
    """
    listed = [str(p) for p in results.get("safeguarding") or []]
    known = _with_records(truth)
    victims = {p for p, person in truth.persons.items() if person.exploited}
    findable = victims & known
    hits = [pid for pid in listed if prediction.majority.get(pid) in findable]
    reached = prediction.true_persons(listed) & findable
    precision, recall = ratio(len(hits), len(listed)), ratio(len(reached), len(findable))
    f1 = 0.0 if not hits and (listed or findable) else f1_of(precision, recall)
    scores = {"precision": precision, "recall": recall, "f1": f1,
              "listed": len(listed), "listed_correct": len(hits), "exploited": len(findable),
              "reached": len(reached)}
    top = listed[:10]
    children = {p for p in findable if truth.persons[p].child}
    return {"status": "ok", **scores,
            "precision_at_10": ratio(sum(1 for pid in top if prediction.majority.get(pid)
                                         in findable), len(top)),
            "children_recall": ratio(len(reached & children), len(children)),
            "exploited_without_records": len(victims - known)}


def children_in_targets(truth: Truth, results: dict[str, Any],
                        prediction: Prediction) -> dict[str, Any]:
    """Share of exploited children (with records) that any target person contains. Must be 0."""
    targets = [str(p) for p in results.get("targets") or []]
    children = {p for p, person in truth.persons.items()
                if person.exploited and person.child} & _with_records(truth)
    wrongly = prediction.true_persons(targets, any_record=True) & children
    offending = [pid for pid in targets if prediction.covers.get(pid, set()) & children]
    return {"status": "ok", "share": ratio(len(wrongly), len(children)),
            "children": len(children), "in_targets": len(wrongly),
            "target_ids": offending}


def controllers_in_top10(truth: Truth, results: dict[str, Any],
                         prediction: Prediction) -> dict[str, Any]:
    """How many true controllers (with records) the first ten targets stand for."""
    top = [str(p) for p in (results.get("targets") or [])[:10]]
    controllers = {p for p, person in truth.persons.items()
                   if person.role == "controller"} & _with_records(truth)
    found = prediction.true_persons(top) & controllers
    return {"status": "ok", "recall": ratio(len(found), len(controllers)),
            "normalised_recall": ratio(len(found), min(10, len(controllers))),
            "found": len(found), "controllers": len(controllers), "targets_considered": len(top)}


def cuckooed(truth: Truth, results: dict[str, Any]) -> dict[str, Any]:
    """Addresses predicted cuckooed vs truly cuckooed, matched by postcode and first line.

    A prediction without a postcode matches on its first line alone when exactly one true
    cuckooed address has that first line.
    """
    true_keys = {address_key(a, p) for a, p in truth.cuckooed}
    by_line: dict[str, list[tuple[str, str]]] = {}
    for key in true_keys:
        by_line.setdefault(key[1], []).append(key)
    predicted: set[tuple[str, str]] = set()
    for entry in results.get("addresses") or []:
        if not entry.get("cuckooed"):
            continue
        key = address_key(str(entry.get("address") or ""), str(entry.get("postcode") or ""))
        if not key[0] and len(by_line.get(key[1], [])) == 1:
            key = by_line[key[1]][0]
        predicted.add(key)
    return {"status": "ok", **prf(len(predicted & true_keys), len(predicted), len(true_keys))}
