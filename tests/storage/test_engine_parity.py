"""One pipeline, two engines: DuckDB and Spark give exactly the same rows."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from linewatch.storage import Store
from linewatch.storage.engine import DuckDBEngine, Step, engine_for
from linewatch.storage.profiles import number_profile


def random_cdr(store: Store, n: int = 400, seed: int = 3) -> None:
    rng = random.Random(seed)
    numbers = [f"+4477009{i:05d}" for i in range(25)]
    start = dt.datetime(2026, 3, 1)
    rows = []
    for i in range(n):
        a, b = rng.sample(numbers, 2)
        rows.append({"event_id": f"E{i}", "start_time": start + dt.timedelta(
            minutes=rng.randint(0, 60 * 24 * 20)), "a_number": a, "b_number": b,
            "event_type": rng.choice(["voice", "sms"]),
            "duration_s": rng.randint(0, 600), "a_cell_id": rng.choice(["C1", "C2", "C3", None]),
            "b_cell_id": rng.choice(["C4", None]), "_batch": 1, "_file": 1, "_row": i + 1})
    store.write_rows("cdr", rows, mode="append")


def test_duckdb_profile_counts_match_hand_count(memory_store: Store) -> None:
    memory_store.write_rows("cdr", [
        {"start_time": dt.datetime(2026, 1, 1, 10), "a_number": "+1", "b_number": "+2",
         "event_type": "sms", "a_cell_id": "C1"},
        {"start_time": dt.datetime(2026, 1, 1, 11), "a_number": "+1", "b_number": "+3",
         "event_type": "voice", "a_cell_id": "C2"},
        {"start_time": dt.datetime(2026, 1, 1, 12), "a_number": "+2", "b_number": "+1",
         "event_type": "sms", "a_cell_id": "C9"},
    ], mode="append")
    rows = {r["number"]: r for r in number_profile(DuckDBEngine(memory_store)).to_pylist()}
    assert rows["+1"]["events_out"] == 2 and rows["+1"]["events_in"] == 1
    assert rows["+1"]["contacts"] == 2 and rows["+1"]["cells"] == 2
    assert rows["+1"]["span_s"] == 7200
    assert rows["+3"]["events_in"] == 1 and rows["+3"]["cells"] == 0


def test_pipeline_rejects_an_empty_step_list(memory_store: Store) -> None:
    with pytest.raises(Exception, match="at least one step"):
        DuckDBEngine(memory_store).run([])


@pytest.mark.spark
def test_spark_gives_exactly_the_duckdb_rows(memory_store: Store, tmp_path: Path) -> None:
    random_cdr(memory_store)
    on_duckdb = number_profile(engine_for(memory_store)).to_pylist()
    spark = engine_for(memory_store, "spark", tables=["cdr"], workdir=tmp_path)
    try:
        on_spark = number_profile(spark).to_pylist()
        extra = spark.run([Step("x", "SELECT count(*) AS n FROM cdr")]).to_pylist()
    finally:
        spark.close()
    assert len(on_duckdb) == 25
    assert on_spark == on_duckdb
    assert extra == [{"n": 400}]
