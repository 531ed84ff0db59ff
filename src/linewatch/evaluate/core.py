"""``evaluate(truth_dir, results)``: score a results export against a simulator's truth.

Every key of the returned dict is described in docs/evaluation.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linewatch.evaluate import people, tasks
from linewatch.evaluate.prediction import index_results
from linewatch.evaluate.texts import load_extractor, score_texts
from linewatch.evaluate.truth import Truth, load_truth

EVALUATION_VERSION = 1
NOT_IMPLEMENTED: dict[str, Any] = {"status": "not_implemented"}
TASKS = ("deal_lines", "line_continuity", "roles", "person_resolution", "exploited",
         "cuckooed", "children_in_targets", "controllers_in_top10", "text_extraction")
# Keys of results["analyses"] that say whether the analysis behind a task ran. The task's own
# name is accepted too.
ANALYSIS_KEYS: dict[str, tuple[str, ...]] = {
    "deal_lines": ("deal_lines",),
    "line_continuity": ("line_continuity",),
    "roles": ("roles",),
    "person_resolution": ("person_resolution",),
    "exploited": ("safeguarding",),
    "cuckooed": ("cuckooing",),
    "children_in_targets": ("priority", "targets"),
    "controllers_in_top10": ("priority", "targets"),
    "text_extraction": ("text",),
}
HEADLINES: dict[str, tuple[str, ...]] = {
    "deal_lines": ("per_number", "f1"), "line_continuity": ("pairs", "f1"),
    "roles": ("phones", "macro_f1"), "person_resolution": ("pairwise", "f1"),
    "exploited": ("f1",), "cuckooed": ("f1",), "children_in_targets": ("share",),
    "controllers_in_top10": ("recall",), "text_extraction": ("lists_micro", "f1"),
}


def _declared(task: str, analyses: dict[str, Any]) -> bool | None:
    for key in (task, *ANALYSIS_KEYS[task]):
        if key in analyses:
            return bool(analyses[key])
    return None


def _has_inputs(task: str, results: dict[str, Any]) -> bool:
    phones = results.get("phones") or []
    persons = results.get("persons") or []
    if task == "deal_lines":
        return bool(results.get("lines")) or any(p.get("role") == "deal_line" for p in phones)
    if task == "line_continuity":
        return bool(results.get("lines"))
    if task == "roles":
        return any(p.get("role") not in (None, "other") for p in phones) or \
            any(p.get("role") not in (None, "none") for p in persons)
    if task == "person_resolution":
        return bool(persons)
    if task == "exploited":
        return bool(results.get("safeguarding"))
    if task == "cuckooed":
        return bool(results.get("addresses"))
    if task in ("children_in_targets", "controllers_in_top10"):
        return bool(results.get("targets"))
    return True


def _ran(task: str, results: dict[str, Any]) -> bool:
    declared = _declared(task, results.get("analyses") or {})
    return _has_inputs(task, results) if declared is None else declared


def _headline(report: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = report
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def evaluate(truth_dir: Path | str, results: dict[str, Any], *, texts: bool = True
             ) -> dict[str, Any]:
    """Score ``results`` (the contract's results export) against ``truth_dir``.

    ``results["analyses"]`` (task or analysis name -> bool) says which analyses ran; without
    it, a task whose inputs are empty counts as not run. A task that did not run is reported
    as ``{"status": "not_implemented"}``, never as zero. ``texts=False`` skips text extraction.
    """
    truth = load_truth(truth_dir)
    return evaluate_truth(truth, results, texts=texts)


def evaluate_truth(truth: Truth, results: dict[str, Any], *, texts: bool = True
                   ) -> dict[str, Any]:
    """:func:`evaluate` for an already loaded :class:`Truth`."""
    prediction = index_results(results, truth)
    ran = {task: _ran(task, results) for task in TASKS}
    report: dict[str, dict[str, Any]] = {}
    report["deal_lines"] = tasks.deal_lines(truth, results, prediction) \
        if ran["deal_lines"] else dict(NOT_IMPLEMENTED)
    report["line_continuity"] = tasks.line_continuity(truth, results) \
        if ran["line_continuity"] else dict(NOT_IMPLEMENTED)
    report["roles"] = tasks.roles(truth, prediction, ran["person_resolution"]) \
        if ran["roles"] else dict(NOT_IMPLEMENTED)
    report["person_resolution"] = tasks.person_resolution(truth, prediction) \
        if ran["person_resolution"] else dict(NOT_IMPLEMENTED)
    report["exploited"] = people.exploited(truth, results, prediction) \
        if ran["exploited"] else dict(NOT_IMPLEMENTED)
    report["cuckooed"] = people.cuckooed(truth, results) \
        if ran["cuckooed"] else dict(NOT_IMPLEMENTED)
    report["children_in_targets"] = people.children_in_targets(truth, results, prediction) \
        if ran["children_in_targets"] else dict(NOT_IMPLEMENTED)
    report["controllers_in_top10"] = people.controllers_in_top10(truth, results, prediction) \
        if ran["controllers_in_top10"] else dict(NOT_IMPLEMENTED)
    extractor = load_extractor() if texts and ran["text_extraction"] else None
    report["text_extraction"] = score_texts(truth.texts, extractor) \
        if extractor is not None and truth.texts else dict(NOT_IMPLEMENTED)
    return {
        "evaluation_version": EVALUATION_VERSION,
        "contract_version": results.get("contract_version"),
        "truth": {"persons": len(truth.persons), "phones": len(truth.phone_roles),
                  "deal_line_numbers": len(truth.deal_numbers),
                  "lines": len(truth.line_numbers), "switches": len(truth.switches),
                  "nominal_records": len(truth.record_person),
                  "exploited": sum(1 for p in truth.persons.values() if p.exploited),
                  "cuckooed_addresses": len(truth.cuckooed), "texts": len(truth.texts)},
        "summary": {task: _headline(report[task], HEADLINES[task]) for task in TASKS},
        "tasks": report,
    }
