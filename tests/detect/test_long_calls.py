"""Long conversations pull the deal-line score down: people talk to friends at length,
customers ordering from a line do not. Texts, unanswered calls and call records without a
duration never count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from linewatch.detect.params import DetectParams
from linewatch.detect.pipeline import compute_features
from linewatch.detect.score import columns, explain, score_columns
from linewatch.settings.detect import DetectSettings
from linewatch.storage import Store
from linewatch.storage.engine import engine_for

A, B, C = "+447700900001", "+447700900002", "+447700900003"
T0 = dt.datetime(2024, 3, 4, 12, 0)


def _features(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    store = Store.open(":memory:")
    store.write_rows("cdr", rows, mode="append")
    result = compute_features(engine_for(store), DetectParams(), ["cdr"])
    store.close()
    return {r["number"]: r for r in result.features.to_pylist()}


def _call(a: str, b: str, minutes: int, duration: int | None, kind: str = "voice"
          ) -> dict[str, Any]:
    return {"start_time": T0 + dt.timedelta(minutes=minutes), "a_number": a, "b_number": b,
            "event_type": kind, "duration_s": duration}


def test_the_share_of_long_calls_counts_answered_voice_calls_only() -> None:
    rows = [_call(A, B, 0, 600), _call(B, A, 10, 30), _call(A, C, 20, 125),
            _call(C, A, 30, 0),  # not answered
            _call(A, B, 40, None, kind="sms"), _call(A, C, 50, None)]  # no duration
    f = _features(rows)
    assert f[A]["answered_calls"] == 3
    assert f[A]["long_call_share"] == pytest.approx(2 / 3)
    assert f[B]["answered_calls"] == 2 and f[B]["long_call_share"] == pytest.approx(0.5)
    assert f[C]["answered_calls"] == 1 and f[C]["long_call_share"] == pytest.approx(1.0)


def test_records_without_durations_give_no_share() -> None:
    f = _features([_call(A, B, i, None) for i in range(12)])
    assert f[A]["answered_calls"] == 0
    assert f[A]["long_call_share"] is None


def _score(answered: list[float], share: list[float]) -> tuple[np.ndarray, list[list[str]]]:
    s = DetectSettings()
    n = len(answered)
    cols = columns(pa.table({"number": [str(i) for i in range(n)],
                             "answered_calls": answered, "long_call_share": share}))
    scores = score_columns(cols, np.zeros(n), s, np.zeros(n))
    named = [[t["component"] for t in explain(scores, cols, i, s)["contributions"]]
             for i in range(n)]
    return scores.z, named


def test_long_conversations_pull_the_score_down_in_proportion() -> None:
    s = DetectSettings()
    z, named = _score([40, 40, 40, 40], [0.0, s.long_calls_from_share, 0.175,
                                         s.long_calls_full_share])
    assert z[1] == pytest.approx(z[0])  # nothing up to the "from" share
    assert z[2] - z[0] == pytest.approx(s.weight_long_conversations * 0.5)
    assert z[3] - z[0] == pytest.approx(s.weight_long_conversations)
    assert "long_conversations" in named[3]


def test_too_few_answered_calls_leave_the_component_out() -> None:
    s = DetectSettings()
    z, named = _score([s.long_calls_min_answered - 1, s.long_calls_min_answered], [1.0, 1.0])
    assert "long_conversations" not in named[0]
    assert z[1] - z[0] == pytest.approx(s.weight_long_conversations)
