"""The explanation sentences and evidence tables, from crafted stored structures."""

from __future__ import annotations

import json
from typing import Any

from linewatch import explain
from linewatch.explain.cells import count_words, join_phrases, number_text

NAMES = explain.Names({"P1": "Ann SMITH", "P2": "Bob JONES"})


def _cells(e: explain.Explanation) -> list[str]:
    return [c["text"] for t in e.as_dict()["evidence"] for r in t["rows"] for c in r]


def _contact(role: str, times: int) -> dict[str, Any]:
    return {"number": "+447700900002", "phone_role": role, "line_id": "L2",
            "evidence": {"table": "cdr", "_batch": 1, "_row": 4, "n_events": times,
                         "first_seen": "2024-09-02 10:00:00"}}


def test_a_flagged_child_reads_as_one_sentence() -> None:
    data = {"child": True, "age": 16, "indicators": [
        {"name": "missing_episodes", "weight": 0.2, "contribution": 0.2, "evidence": [
            {"table": "events", "source_system": "rms", "event_id": f"M{i}",
             "occurred_at": f"2024-09-0{i} 22:00:00"} for i in (1, 2, 3)]},
        {"name": "child_linked_to_line", "weight": 0.45, "contribution": 0.45,
         "evidence": [_contact("runner", 41), _contact("controller", 3)]}]}
    e = explain.exploitation(data, NAMES, flagged=True)
    assert e.summary == ("Flagged: 16, in contact with line L2's runner 41 times and three "
                         "missing episodes.")
    titles = [t["title"] for t in e.as_dict()["evidence"]]
    assert titles == ["Indicators", "Evidence"]
    cells = _cells(e)
    assert "2024-09-01 22:00:00" in cells and "rms M1" in " ".join(cells)
    assert "+447700900002" in cells


def test_an_adult_not_flagged_says_so_with_the_age() -> None:
    e = explain.exploitation({"child": False, "age": 24, "indicators": []}, NAMES, flagged=False)
    assert e.summary == "Not flagged: adult aged 24, no indicator."


def test_priority_names_the_largest_components_first_and_no_server_path() -> None:
    components = {"priority": 0.55, "components": {
        "harm": {"value": 0.0, "weight": 0.25, "contribution": 0.0,
                 "detail": {"harm_days": 0, "offences": []}},
        "violence": {"value": 1.0, "weight": 0.2, "contribution": 0.2, "detail": {
            "own": [{"kind": "flag", "flag": "weapons", "table": "persons", "person_id": "P1"}],
            "associates": [{"kind": "phone_contact", "person_id": "P2", "number": "+4477",
                            "evidence": {"table": "cdr", "n_events": 8}}]}},
        "role": {"value": 0.66, "weight": 0.3, "contribution": 0.1995,
                 "detail": {"role": "controller", "line_id": "L2", "confidence": 0.66}}},
        "harm_weights": "/srv/linewatch/harm_weights.yaml"}
    e = explain.priority(components, NAMES)
    assert e.summary == ("Priority 0.55: violence on record (weapons) and in contact with one "
                         "violent associate and controller of line L2.")
    assert "Bob JONES (P2)" in _cells(e)
    assert "/srv/" not in json.dumps(e.as_dict())
    person = next(c for t in e.as_dict()["evidence"] for r in t["rows"] for c in r
                  if c["text"] == "Bob JONES (P2)")
    assert person["entity"] == "person:P2"


def test_a_merge_names_the_fields_every_link_agrees_on() -> None:
    comps = {"forename": {"level": "exact", "match_weight": 6.1},
             "dob": {"level": "exact", "match_weight": 8.5},
             "phone": {"level": "no number in common", "match_weight": -0.8}}
    merges = {"threshold": 0.9, "records": [
        {"source_system": "rms", "record_id": "R1", "forenames": "Ann", "surname": "Smith"},
        {"source_system": "custody", "record_id": "C1", "forenames": "ANN", "surname": "SMITH"}],
        "links": [{"records": [["rms", "R1"], ["custody", "C1"]], "match_probability": 0.995,
                   "linked": True, "comparisons": comps}]}
    e = explain.merge(merges, NAMES)
    assert e.summary == ("Two records joined; agreeing on forename and dob in every link; "
                         "weakest link 0.9950 (threshold 0.9).")
    pair = e.as_dict()["evidence"][1]["rows"][0]
    assert pair[3]["text"] == "forename exact, dob exact"
    assert pair[4]["text"] == "phone no number in common"


def test_a_trap_house_from_two_rules_lists_both() -> None:
    evidence = [{"rule": "home address of the trap phone's owner", "person_id": "P1",
                 "trap_phone": "+447700900009", "residents": ["P1"]},
                {"rule": "named together with the line's number in intelligence or tips",
                 "texts_naming_it_with_line_number": ["intel:IR-1"], "residents": ["P1", "P2"]}]
    e = explain.trap(evidence, NAMES)
    assert e.summary == ("Home address of the trap phone's owner; named together with the "
                         "line's number in intelligence or tips (one text naming it with the "
                         "line's number and two residents on record).")
    assert {"Ann SMITH (P1)", "Bob JONES (P2)"} <= set(_cells(e))


def test_a_phone_score_lists_what_weighs_most() -> None:
    e = explain.phone_score({"score": 0.9, "contributions": [
        {"component": "night_trade", "weight": 0.8, "signal": 0.5, "contribution": 0.4,
         "meaning": "night", "features": {"night_share": 0.05}},
        {"component": "broadcasts", "weight": 1.5, "signal": 1.0, "contribution": 1.5,
         "meaning": "bulk texts", "features": {"burst_days": 2.0}},
        {"component": "handset_swaps", "weight": 1.0, "signal": 0.0, "contribution": 0.0}]})
    assert e.summary == "Deal-line score 0.90: broadcasts and night trade."
    assert [r[0]["text"] for r in e.as_dict()["evidence"][0]["rows"]] == [
        "broadcasts", "night trade", "handset swaps"]


def test_helpers_read_as_english() -> None:
    assert count_words(3, "missing episode") == "three missing episodes"
    assert count_words(12, "report") == "12 reports"
    assert join_phrases(["a", "", "b", "c"]) == "a, b and c"
    assert number_text(0.5) == "0.50" and number_text(3.0) == "3" and number_text(True) == "yes"


def test_calibrated_display_breaks_saturated_ties_by_strength() -> None:
    rows = [{"id": "a", "risk": 1.0, "sum": 1.2}, {"id": "b", "risk": 1.0, "sum": 1.9},
            {"id": "c", "risk": 0.6, "sum": 0.6}]
    ordered = explain.display(rows, lambda r: r["risk"], lambda r: r["sum"], "risk")
    assert [r["id"] for r in ordered] == ["b", "a", "c"]
    assert [r["display"]["text"] for r in ordered] == [
        "very high · 1.90", "very high · 1.20", "medium · 0.60"]
    assert ordered[0]["display"]["hover"].startswith("stored risk 1.0000")
    supported = explain.display([dict(r) for r in rows], lambda r: r["risk"], lambda r: 2.0,
                                "risk", lambda r: (1, len(r["id"]) + (r["id"] == "a")))
    assert supported[0]["display"]["text"] == "very high · 2.00 · 1 indicators, 2 items"
    assert explain.logit(0.999999) > explain.logit(0.99) > 0


def test_an_address_written_two_ways_has_one_identity() -> None:
    same = explain.address_identity("11 Whitehall Rd, Testtown", "ZZ1 1AA")
    assert explain.address_identity("11 WHITEHALL ROAD, Testtown", "zz11aa") == same
    assert explain.address_identity("11 Whitehall Road, Testtown ZZ1 1AA", None) == same
    assert explain.address_identity("13 Whitehall Road, Testtown", "ZZ1 1AA") != same
    assert explain.address_identity("11 Whitehall Road, Testtown", "ZZ1 1AB") != same
