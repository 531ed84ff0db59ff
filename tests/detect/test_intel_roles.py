"""Roles stated in intelligence and tips, tied to detected lines through the brand's number."""

from __future__ import annotations

from typing import Any

from linewatch.detect.intel_roles import brand_lines, stated_roles
from linewatch.settings.detect import DetectSettings
from linewatch.storage import Store

LINE_NUMBER = "+447700900123"
TEXTS = {
    "R1": "A deal line called 'Comet' runs from the city on 07700 900123.",
    "R2": "The man known as 'Ghost' controls the Comet line. He rarely travels.",
    "R3": "A boy called 'Pip' is running for the Comet line.",
    "R4": "'Moth' controls the Comet line.",  # graded E: never counts
    "R5": "'Ghost' was seen in town. The Comet line is busy.",  # no cue in Ghost's sentence
}


def _mention(source_id: str, kind: str, value: str, matched: str | None,
             weight: float = 0.8) -> dict[str, Any]:
    text = TEXTS[source_id]
    start = text.index(value.strip("'")) if kind != "phone" else text.index("07700")
    end = start + len(value.strip("'")) if kind != "phone" else start + 12
    return {"source_kind": "intel", "source_id": source_id, "mention_type": kind,
            "value": value, "normalised": LINE_NUMBER if kind == "phone" else value.strip("'"),
            "span_start": start, "span_end": end,
            "matched_type": "person" if matched else None, "matched_id": matched,
            "match_confidence": 0.9 if matched else None, "grade_weight": weight}


def _store() -> Store:
    store = Store.open(":memory:")
    store.write_rows("intel", [{"report_id": k, "text": v, "received_at": "2024-01-01T00:00"}
                               for k, v in TEXTS.items()], mode="append")
    rows = [_mention("R1", "line_name", "Comet", None), _mention("R1", "phone", "", None),
            _mention("R2", "nickname", "Ghost", "P-GHOST"),
            _mention("R2", "line_name", "Comet", None),
            _mention("R3", "nickname", "Pip", "P-PIP"), _mention("R3", "line_name", "Comet", None),
            _mention("R4", "nickname", "Moth", "P-MOTH", weight=0.0),
            _mention("R4", "line_name", "Comet", None, weight=0.0),
            _mention("R5", "nickname", "Ghost", "P-GHOST"),
            _mention("R5", "line_name", "Comet", None)]
    store.write_rows("text_mentions", rows, mode="replace")
    return store


def test_a_brand_is_tied_to_the_line_whose_number_a_text_gives_beside_it() -> None:
    rows = [("intel", "R1", "line_name", "Comet", 0, 5, None, None, None, 1.0),
            ("intel", "R1", "phone", LINE_NUMBER, 9, 20, None, None, None, 1.0),
            ("tips", "T1", "line_name", "Nova", 0, 4, None, None, None, 0.3),
            ("tips", "T1", "phone", "+447700900999", 9, 20, None, None, None, 0.3)]
    assert brand_lines(rows, {LINE_NUMBER: "L1"}) == {"comet": "L1"}
    # a brand named beside numbers of two different lines is not used
    rows.append(("tips", "T2", "line_name", "Comet", 0, 5, None, None, None, 0.3))
    rows.append(("tips", "T2", "phone", "+447700900555", 9, 20, None, None, None, 0.3))
    assert brand_lines(rows, {LINE_NUMBER: "L1", "+447700900555": "L2"}) == {}


def test_statements_give_controller_and_runner_and_an_e_graded_report_counts_for_nothing(
) -> None:
    store = _store()
    try:
        s = DetectSettings()
        found = stated_roles(store, {LINE_NUMBER: "L1"}, s.intel_controller_cues,
                             s.intel_runner_cues)
        unknown_line = stated_roles(store, {"+447700900777": "L1"}, s.intel_controller_cues,
                                    s.intel_runner_cues)
    finally:
        store.close()
    assert [(f.person_id, f.role, f.line_id) for f in found] == [
        ("P-GHOST", "controller", "L1"), ("P-PIP", "runner", "L1")]
    ghost = found[0]
    assert ghost.evidence["source_id"] == "R2" and ghost.weight == round(0.8 * 0.9, 4)
    assert unknown_line == []  # the brand points at no detected line
