"""Scores for deal lines, line continuity, roles and person resolution."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

from linewatch.evaluate.metrics import f1_of, pairwise_counts, prf, ratio, set_prf
from linewatch.evaluate.prediction import Prediction, line_number_sets
from linewatch.evaluate.truth import Truth

PERSON_ROLES = ("controller", "runner", "trap_occupant", "customer", "associate", "none")
PHONE_ROLES = ("deal_line", "controller", "runner", "trap", "customer", "other")


def deal_lines(truth: Truth, results: dict[str, Any], prediction: Prediction) -> dict[str, Any]:
    """Per number (phones with role deal_line) and per brand (predicted lines)."""
    predicted = {n for n, role in prediction.phone_role.items() if role == "deal_line"}
    per_number = set_prf(predicted, truth.deal_numbers)
    lines = line_number_sets(results)
    brands = {b for b, numbers in truth.line_numbers.items() if numbers}
    found: set[str] = set()
    correct = 0
    split: Counter[str] = Counter()
    for numbers in lines:
        owners = Counter(truth.line_of_number.get(n) for n in numbers)
        for brand in owners:
            if brand is not None:
                found.add(brand)
                split[brand] += 1
        brand, count = owners.most_common(1)[0]
        if brand is not None and count * 2 > len(numbers):
            correct += 1
    precision, recall = ratio(correct, len(lines)), ratio(len(found), len(brands))
    per_brand = {"precision": precision, "recall": recall, "f1": f1_of(precision, recall),
                 "predicted_lines": len(lines), "correct_lines": correct, "brands": len(brands),
                 "found_brands": len(found),
                 "split_brands": sum(1 for c in split.values() if c > 1)}
    return {"status": "ok", "per_number": per_number, "per_brand": per_brand}


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in combinations(sorted(set(group)), 2)}


def line_continuity(truth: Truth, results: dict[str, Any]) -> dict[str, Any]:
    """Pairs of numbers of one brand vs pairs of numbers put in one predicted line."""
    true_pairs = _pairs(list(truth.line_numbers.values()))
    predicted_pairs = _pairs(line_number_sets(results))
    pairs = prf(len(true_pairs & predicted_pairs), len(predicted_pairs), len(true_pairs))
    linked = sum(1 for _, old, new in truth.switches if frozenset((old, new)) in predicted_pairs)
    return {"status": "ok", "pairs": pairs,
            "switches": {"total": len(truth.switches), "linked": linked,
                         "recall": ratio(linked, len(truth.switches))},
            "brands": _whole_brands(truth, line_number_sets(results))}


def _whole_brands(truth: Truth, lines: list[list[str]]) -> dict[str, Any]:
    """Brands found whole: one predicted line holds every number of the brand and nothing else.

    ``merged_lines`` counts predicted lines that join numbers of two or more true brands: a
    merge of lines that the evidence should have kept apart.
    """
    brands = {b: frozenset(numbers) for b, numbers in truth.line_numbers.items() if numbers}
    predicted = {frozenset(numbers) for numbers in lines}
    whole = sum(1 for numbers in brands.values() if numbers in predicted)
    merged = sum(1 for numbers in lines
                 if len({truth.line_of_number[n] for n in numbers
                         if n in truth.line_of_number}) > 1)
    return {"total": len(brands), "whole": whole, "whole_share": ratio(whole, len(brands)),
            "merged_lines": merged}


def _per_role(true: dict[str, str], predicted: dict[str, str], roles: tuple[str, ...],
              background: str) -> dict[str, Any]:
    per_role: dict[str, Any] = {}
    for role in roles:
        t = {k for k, v in true.items() if v == role}
        p = {k for k, v in predicted.items() if v == role}
        per_role[role] = prf(len(t & p), len(p), len(t))
    scored = [r for r in roles if r != background
              and (per_role[r]["actual"] or per_role[r]["predicted"])]
    everything = [r for r in roles if per_role[r]["actual"] or per_role[r]["predicted"]]

    def macro(names: list[str]) -> float | None:
        if not names:
            return None
        return round(sum(per_role[r]["f1"] or 0.0 for r in names) / len(names), 6)

    return {"per_role": per_role, "macro_f1": macro(scored), "macro_f1_all": macro(everything),
            "evaluated": len(true)}


def roles(truth: Truth, prediction: Prediction, persons_ran: bool) -> dict[str, Any]:
    """Per-role P/R/F1 over true persons with records, and over every number in the cdr."""
    phone_pred = {n: prediction.phone_role.get(n, "other") for n in truth.phone_roles}
    out: dict[str, Any] = {"status": "ok",
                           "phones": _per_role(truth.phone_roles, phone_pred, PHONE_ROLES,
                                               "other")}
    if not persons_ran:
        out["persons"] = {"status": "not_implemented"}
        return out
    true_roles: dict[str, str] = {}
    predicted_roles: dict[str, str] = {}
    for person, records in truth.records_of().items():
        if person not in truth.persons:
            continue
        true_roles[person] = truth.persons[person].role
        holders = Counter(prediction.record_person[r] for r in records
                          if r in prediction.record_person)
        if holders:
            best = max(holders.values())
            holder = next(h for h, c in holders.items() if c == best)
            predicted_roles[person] = prediction.person_role.get(holder, "none")
        else:
            predicted_roles[person] = "none"
    out["persons"] = _per_role(true_roles, predicted_roles, PERSON_ROLES, "none")
    return out


def person_resolution(truth: Truth, prediction: Prediction) -> dict[str, Any]:
    """Pairwise P/R/F1 over nominal records and how many true persons came back whole."""
    both, predicted, actual = pairwise_counts(dict(prediction.record_person),
                                              dict(truth.record_person))
    pairwise = prf(both, predicted, actual)
    true_sets = {person: frozenset(records) for person, records in truth.records_of().items()}
    predicted_sets = {frozenset(r for r in records if r in truth.record_person)
                      for records in prediction.person_records.values()}
    missing = [r for r in truth.record_person if r not in prediction.record_person]
    predicted_sets |= {frozenset([r]) for r in missing}
    exact = [p for p, records in true_sets.items() if records in predicted_sets]
    multi = [p for p, records in true_sets.items() if len(records) > 1]
    exact_multi = [p for p in exact if len(true_sets[p]) > 1]
    return {
        "status": "ok", "pairwise": pairwise,
        "clusters": {"true_persons": len(true_sets),
                     "predicted_persons": len(prediction.person_records),
                     "exact": len(exact), "exact_share": ratio(len(exact), len(true_sets)),
                     "multi_record_persons": len(multi),
                     "exact_share_multi_record": ratio(len(exact_multi), len(multi))},
        "records": {"true": len(truth.record_person),
                    "missing_from_results": len(missing),
                    "unknown_in_results": prediction.unknown_records,
                    "in_several_persons": prediction.duplicated_records},
    }
