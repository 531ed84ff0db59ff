"""The Parquet lake: its layout, and the same features read from it as from the store."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from linewatch.detect.params import DetectParams
from linewatch.detect.pipeline import FeatureResult, compute_features
from linewatch.errors import InputError
from linewatch.storage import Store
from linewatch.storage.engine import engine_for
from linewatch.storage.lake import LAKE_KINDS, open_lake, write_lake


def feature_rows(result: FeatureResult) -> dict[str, dict[str, Any]]:
    return {r["number"]: r for r in result.features.to_pylist()}


def feature_differences(expected: FeatureResult, got: FeatureResult,
                        tolerance: float = 1e-6) -> list[tuple[str, str, Any, Any]]:
    """(number, column, expected, got) wherever the two disagree beyond ``tolerance``."""
    want, have = feature_rows(expected), feature_rows(got)
    out = []
    for number, row in want.items():
        for column, value in row.items():
            other = have.get(number, {}).get(column)
            if isinstance(value, float) and isinstance(other, float):
                same = (math.isnan(value) and math.isnan(other)) or math.isclose(
                    value, other, rel_tol=tolerance, abs_tol=tolerance)
            else:
                same = value == other
            if not same:
                out.append((number, column, value, other))
    return out


def test_the_lake_holds_every_record_partitioned_by_day(world_store: Store,
                                                        tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    manifest = write_lake(world_store, lake)
    assert json.loads((lake / "_lake.json").read_text()) == manifest
    assert set(manifest["kinds"]) == set(LAKE_KINDS)
    days = sorted(p.name for p in (lake / "cdr").iterdir())
    stored_days = [f"day={d[0]:%Y-%m-%d}" for d in world_store.query(
        "SELECT DISTINCT CAST(start_time AS DATE) FROM cdr ORDER BY 1")]
    assert days == stored_days and len(days) > 1
    first = next((lake / "cdr" / days[0]).glob("part-*.parquet"))
    rows = pq.read_table(first)
    assert {dt.datetime.fromisoformat(str(t)).date() for t in
            rows.column("start_time").to_pylist()} == {
        dt.date.fromisoformat(days[0].removeprefix("day="))}
    for kind in LAKE_KINDS:
        assert manifest["kinds"][kind]["rows"] == world_store.count(kind)
        assert pq.read_table(lake / kind).num_rows == world_store.count(kind)


def test_writing_over_a_lake_needs_replace(world_store: Store, tmp_path: Path) -> None:
    write_lake(world_store, tmp_path / "lake", kinds=["cdr"])
    with pytest.raises(InputError, match="exists"):
        write_lake(world_store, tmp_path / "lake", kinds=["cdr"])
    assert write_lake(world_store, tmp_path / "lake", kinds=["cdr"], replace=True)["kinds"]


def test_duckdb_over_the_lake_gives_the_store_features(world_store: Store,
                                                      tmp_path: Path) -> None:
    write_lake(world_store, tmp_path / "lake")
    expected = compute_features(engine_for(world_store), DetectParams(), LAKE_KINDS,
                                with_edges=False)
    engine, kinds = open_lake(tmp_path / "lake", "duckdb")
    try:
        got = compute_features(engine, DetectParams(), kinds, with_edges=False)
    finally:
        engine.close()
    assert kinds == list(LAKE_KINDS)
    assert feature_rows(got).keys() == feature_rows(expected).keys()
    assert expected.features.num_rows > 100
    assert feature_differences(expected, got) == []


def test_a_lake_without_calls_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lake" / "cells").mkdir(parents=True)
    with pytest.raises(InputError, match="no call records"):
        open_lake(tmp_path / "lake", "duckdb")
