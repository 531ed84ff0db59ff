"""Readable explanations in the API over the analysed world: a sentence and evidence tables
for every score, flag, role, trap and merge; calibrated display scores; one row per trap house.
"""

from __future__ import annotations

import json
import re
from typing import Any

from linewatch.api.explained import merged_traps
from linewatch.storage import Store

#: a sentence that leaked a raw structure or a missing value
RAW = re.compile(r"[{}\[\]]|None|object Object")


def _whys(value: Any) -> list[dict[str, Any]]:
    """Every ``why`` anywhere in an API answer."""
    found = []
    if isinstance(value, dict):
        if isinstance(value.get("why"), dict):
            found.append(value["why"])
        for v in value.values():
            found += _whys(v)
    elif isinstance(value, list):
        for v in value:
            found += _whys(v)
    return found


def _check(why: dict[str, Any]) -> None:
    assert why["summary"].endswith(".") and not RAW.search(why["summary"]), why["summary"]
    for table in why["evidence"]:
        assert table["rows"], table["title"]
        for row in table["rows"]:
            assert len(row) == len(table["columns"]), table
            for cell in row:
                assert isinstance(cell["text"], str) and "{" not in cell["text"], cell


def test_every_list_and_profile_explains_itself_in_sentences(
        clients: dict[str, Any], ids: dict[str, Any], store: Store) -> None:
    analyst = clients["analyst"]
    answers = {
        "targets": analyst.get("/api/targets").json(),
        "safeguarding": analyst.get("/api/safeguarding").json(),
        "line": analyst.get(f"/api/lines/{ids['line']}").json(),
        "person": analyst.get(f"/api/persons/{ids['controller']}").json(),
        "child": analyst.get(f"/api/persons/{ids['child']}").json(),
        "phone": analyst.get(f"/api/phones/{ids['deal']}").json(),
        "address": analyst.get("/api/addresses", params={"address": ids["address"]}).json(),
    }
    for name, answer in answers.items():
        whys = _whys(answer)
        assert whys, f"{name} has no explanation"
        for why in whys:
            _check(why)
    assert all(t["why"]["summary"].startswith("Priority ") for t in answers["targets"]["targets"])
    assert all(p["why"]["summary"].startswith("Flagged: ")
               for p in answers["safeguarding"]["people"])
    assert answers["child"]["scores"]["exploitation"]["why"]["summary"].startswith("Flagged: ")
    assert answers["person"]["merges_why"]["summary"]
    # names beside ids: the line's phones carry their user's name
    named = [p for p in answers["line"]["phones"] if p.get("person_id")]
    assert named and all(p["display_name"] for p in named)


def test_no_server_path_reaches_a_profile(clients: dict[str, Any], ids: dict[str, Any]) -> None:
    text = json.dumps(clients["analyst"].get(f"/api/persons/{ids['controller']}").json())
    assert "harm_weights" in text
    assert not re.search(r'"/(?:home|work|tmp|usr|srv|var|opt|root)/', text)


def _vectors(rows: list[dict[str, Any]], key: Any) -> list[tuple[str, Any]]:
    return [(r["display"]["text"], key(r)) for r in rows[:10]]


def _distinct_unless_identical(shown: list[tuple[str, Any]]) -> None:
    for i, (text_a, vec_a) in enumerate(shown):
        for text_b, vec_b in shown[i + 1:]:
            if text_a == text_b:
                assert vec_a == vec_b, f"{text_a!r} shown for different evidence"


def test_top_ten_displayed_scores_differ_unless_the_evidence_is_the_same(
        clients: dict[str, Any], store: Store) -> None:
    analyst = clients["analyst"]
    people = analyst.get("/api/safeguarding").json()["people"]
    assert [p["display"]["rank"] for p in people] == list(range(1, len(people) + 1))
    _distinct_unless_identical(_vectors(people, lambda r: sorted(
        (i["name"], i["contribution"]) for i in r["indicators"]["indicators"])))
    lines = analyst.get("/api/lines").json()["lines"]
    best = {r["line_id"]: json.loads(r["explanation"]) for r in store.query_dicts("""
        SELECT n.line_id, arg_max(s.explanation, s.deal_line_score)::VARCHAR AS explanation
        FROM line_numbers n JOIN phone_scores s USING (number) GROUP BY n.line_id""")}
    _distinct_unless_identical(_vectors(lines, lambda r: sorted(
        (c["component"], c["contribution"]) for c in best[r["line_id"]]["contributions"])))
    scores = [line["score"] for line in lines]
    assert scores == sorted(scores, reverse=True)  # the stored order is kept


def test_the_same_trap_house_written_two_ways_is_one_row(memory_store: Store) -> None:
    rows = [{"address": "11 Whitehall Rd, Testtown", "postcode": "ZZ1 1AA", "confidence": 0.8,
             "evidence": {"rule": "home address of the trap phone's owner"}},
            {"address": "11 Whitehall Road, Testtown", "postcode": "ZZ11AA", "confidence": 0.9,
             "evidence": {"rule": "near the line's phones"}},
            {"address": "11 Whitehall Road, Testtown ZZ1 1AA", "postcode": None,
             "confidence": 0.6, "evidence": {"rule": "named with the line's number"}},
            {"address": "13 Whitehall Road, Testtown", "postcode": "ZZ1 1AA",
             "confidence": 0.5, "evidence": {"rule": "near the line's phones"}}]
    merged = merged_traps(memory_store, rows)
    assert len(merged) == 2
    first = merged[0]
    assert first["address"] == "11 Whitehall Road, Testtown" and first["confidence"] == 0.9
    assert len(first["variants"]) == 3 and len(first["evidence"]) == 3
    assert first["why"]["summary"].startswith("Near the line's phones; home address")
