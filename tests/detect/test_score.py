"""The deal-line score flags a deal line and not a GP surgery's reminders, with or without
subscriber checks and cell sites."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from linewatch.detect import run
from linewatch.detect.score import COMPONENTS, weights_table
from linewatch.storage import Store


def _scores(mini: SimpleNamespace, **kinds: bool) -> dict[str, tuple[float, bool]]:
    store = mini.make_store(**kinds)
    try:
        run(store)
        return {n: (s, f) for n, s, f in store.query(
            "SELECT number, deal_line_score, is_deal_line FROM phone_scores")}
    finally:
        store.close()


@pytest.mark.parametrize("kinds", [{}, {"with_subscribers": False}, {"with_cells": False},
                                   {"with_subscribers": False, "with_cells": False}])
def test_deal_line_is_flagged_and_bulk_sender_is_not(mini: SimpleNamespace,
                                                     kinds: dict[str, bool]) -> None:
    scores = _scores(mini, **kinds)
    assert scores[mini.D1][1], scores[mini.D1]
    assert not scores[mini.GP][1], scores[mini.GP]
    assert scores[mini.GP][0] < 0.1
    for ordinary in (mini.HEAVY, mini.DRIVER, mini.K):
        assert not scores[ordinary][1]


def test_explanation_lists_contributions_that_add_up_to_the_score(
        world_store: Store, mini: SimpleNamespace) -> None:
    run(world_store)
    text = world_store.scalar("SELECT explanation FROM phone_scores WHERE number = ?",
                              [mini.D1])
    explanation = json.loads(text)
    total = explanation["bias"] + sum(t["contribution"] for t in explanation["contributions"])
    assert total == pytest.approx(explanation["z"], abs=1e-3)
    names = {t["component"] for t in explanation["contributions"]}
    assert {"broadcasts", "broadcast_then_order", "unregistered_payg"} <= names
    burst = explanation["evidence"]["biggest_bursts"][0]
    assert burst["recipients"] == 25
    assert burst["first_record"]["table"] == "cdr"


def test_gp_explanation_shows_unanswered_broadcasts_pulling_it_down(
        world_store: Store, mini: SimpleNamespace) -> None:
    run(world_store)
    explanation = json.loads(world_store.scalar(
        "SELECT explanation FROM phone_scores WHERE number = ?", [mini.GP]) or "null")
    by_name = {t["component"]: t["contribution"] for t in explanation["contributions"]}
    assert by_name["unanswered_broadcasts"] < 0
    assert by_name["business_account"] < 0
    assert explanation["score"] < 0.1


def test_weights_table_documents_every_component() -> None:
    rows = weights_table()
    names = {r["component"] for r in rows}
    assert {c.name for c in COMPONENTS} <= names
    assert all(r["meaning"] for r in rows)


def test_a_near_certain_continuity_link_adds_the_takeover_weight() -> None:
    import numpy as np
    import pyarrow as pa

    from linewatch.detect.score import columns, explain, score_columns
    from linewatch.settings.detect import DetectSettings

    s = DetectSettings()
    cols = columns(pa.table({"number": ["a", "b", "c"]}))  # no features: only the links
    signal = np.array([0.0, s.continuity_strong_link - 0.05, s.continuity_strong_link + 0.05])
    scores = score_columns(cols, signal, s, np.where(signal >= s.continuity_strong_link,
                                                      signal, 0.0))
    assert scores.z[1] - scores.z[0] == pytest.approx(s.weight_line_continuity * signal[1])
    assert scores.z[2] - scores.z[0] == pytest.approx(
        (s.weight_line_continuity + s.weight_line_takeover) * signal[2])
    named = [[t["component"] for t in explain(scores, cols, i, s)["contributions"]]
             for i in (1, 2)]
    assert named == [["line_continuity"], ["line_continuity", "line_takeover"]]
