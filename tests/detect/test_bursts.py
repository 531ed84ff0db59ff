"""Broadcast bursts: many texts to many different numbers within moments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from linewatch.detect.params import DetectParams
from linewatch.detect.pipeline import compute_features
from linewatch.detect.score import columns, score_columns
from linewatch.storage import Store
from linewatch.storage.engine import engine_for

T0 = dt.datetime(2024, 3, 4, 10, 0, 0)
SENDER = "+447700900001"


def _sms(a: str, b: str, when: dt.datetime, row: int) -> dict[str, Any]:
    return {"start_time": when, "a_number": a, "b_number": b, "event_type": "sms",
            "_batch": 1, "_row": row}


def _features(rows: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], pa.Table]:
    store = Store.open(":memory:")
    store.write_rows("cdr", rows, mode="append")
    result = compute_features(engine_for(store), DetectParams(), ["cdr"])
    by_number = {r["number"]: r for r in result.features.to_pylist()}
    return by_number, result.bursts


def test_texts_to_many_recipients_seconds_apart_form_one_burst() -> None:
    rows = [_sms(SENDER, f"+4477009{100 + i:05d}", T0 + dt.timedelta(seconds=2 * i), i)
            for i in range(25)]
    features, bursts = _features(rows)
    assert features[SENDER]["n_bursts"] == 1
    assert features[SENDER]["max_burst"] == 25
    assert bursts.num_rows == 1
    assert bursts.column("recipients").to_pylist() == [25]


def test_texts_spread_over_hours_are_not_a_burst() -> None:
    rows = [_sms(SENDER, f"+4477009{100 + i:05d}", T0 + dt.timedelta(minutes=5 * i), i)
            for i in range(25)]
    features, bursts = _features(rows)
    assert features[SENDER]["n_bursts"] == 0
    assert bursts.num_rows == 0


def test_many_texts_to_few_recipients_are_not_a_burst() -> None:
    rows = [_sms(SENDER, f"+4477009{100 + i % 3:05d}", T0 + dt.timedelta(seconds=i), i)
            for i in range(40)]
    features, _ = _features(rows)
    assert features[SENDER]["n_bursts"] == 0


def test_repeat_recipients_and_replies_are_counted_per_burst_list() -> None:
    recipients = [f"+4477009{100 + i:05d}" for i in range(12)]
    rows = []
    for day in range(3):
        start = T0 + dt.timedelta(days=day)
        rows += [_sms(SENDER, r, start + dt.timedelta(seconds=i), len(rows) + i)
                 for i, r in enumerate(recipients)]
    # half the recipients order back on two different days
    for day in (0, 2):
        for i, r in enumerate(recipients[:6]):
            rows.append(_sms(r, SENDER, T0 + dt.timedelta(days=day, hours=3, minutes=i),
                             1000 + day * 10 + i))
    features, _ = _features(rows)
    f = features[SENDER]
    assert f["n_bursts"] == 3
    assert f["burst_days"] == 3
    assert f["burst_repeat_share"] == 1.0
    assert f["burst_reply_share"] == 0.5
    assert f["burst_order_share"] == 0.5


def test_the_broadcasts_signal_starts_at_the_burst_size_that_is_set() -> None:
    """With bursts from 5 recipients, a burst of 8 counts towards the score (it used to count
    only above 10, whatever burst_min_recipients said)."""
    rows = [_sms(SENDER, f"+4477009{100 + i:05d}", T0 + dt.timedelta(seconds=2 * i), i)
            for i in range(8)]
    store = Store.open(":memory:")
    store.write_rows("cdr", rows, mode="append")
    settings = DetectParams(burst_min_recipients=5)
    result = compute_features(engine_for(store), settings, ["cdr"])
    numbers = result.features.column("number").to_pylist()
    scores = score_columns(columns(result.features), settings=settings)
    broadcasts = scores.contributions["broadcasts"][numbers.index(SENDER)]
    # one burst day (3/4) x (8 - 5) / (2 x 5 - 5) recipients, weighted 1.5
    assert broadcasts == pytest.approx(1.5 * 0.75 * 3 / 5)
    assert scores.contributions["broadcasts"][numbers.index(SENDER)] > 0
    default = score_columns(columns(result.features))
    assert default.contributions["broadcasts"][numbers.index(SENDER)] == 0
