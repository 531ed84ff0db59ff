"""The feature pipeline gives the same per-number features on Spark as on DuckDB."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pytest

from linewatch.detect.params import DetectParams
from linewatch.detect.pipeline import FeatureResult, compute_features
from linewatch.detect.score import columns, score_columns
from linewatch.storage import Store
from linewatch.storage.engine import Engine, engine_for

pytestmark = pytest.mark.spark
KINDS = ["cdr", "cells", "subscribers"]


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    pytest.importorskip("pyspark")
    made = _mini_store()
    yield made
    made.close()


def _mini_store() -> Store:
    # the mini world of conftest.py, built without the function-scoped fixture
    import importlib.util

    path = Path(__file__).with_name("conftest.py")
    spec = importlib.util.spec_from_file_location("lw_detect_world", path)
    assert spec is not None and spec.loader is not None
    world = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(world)
    made: Store = world.make_store(days=6)
    return made


@pytest.fixture(scope="module")
def spark(store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    # one partition: the data is tiny and every extra task costs more than it saves
    engine = engine_for(store, "spark", tables=KINDS, workdir=tmp_path_factory.mktemp("spark"),
                        config={"spark.sql.shuffle.partitions": "1",
                                "spark.default.parallelism": "1",
                                "spark.sql.adaptive.enabled": "false"})
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def both(store: Store, spark: Engine) -> SimpleNamespace:
    duck = compute_features(engine_for(store, "duckdb"), DetectParams(), KINDS,
                            with_edges=False)
    other = compute_features(spark, DetectParams(), KINDS, with_edges=False)
    return SimpleNamespace(duck=duck, spark=other)


def _rows(result: FeatureResult) -> dict[str, dict[str, Any]]:
    return {r["number"]: r for r in result.features.to_pylist()}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9,
                                                                 abs_tol=1e-9)
    return bool(a == b)


def test_spark_gives_the_same_features_for_every_number(both: SimpleNamespace) -> None:
    duck, spark = _rows(both.duck), _rows(both.spark)
    assert duck.keys() == spark.keys()
    assert both.duck.features.column_names == both.spark.features.column_names
    differences = [(n, k, v, spark[n][k]) for n, row in duck.items() for k, v in row.items()
                   if not _same(v, spark[n][k])]
    assert differences == []


def test_spark_gives_the_same_bursts_and_flagged_numbers(both: SimpleNamespace) -> None:
    key = ["number", "start_ts"]
    assert (both.duck.bursts.sort_by([(k, "ascending") for k in key]).to_pylist()
            == both.spark.bursts.sort_by([(k, "ascending") for k in key]).to_pylist())

    def flagged(table: pa.Table) -> set[str]:
        scores = score_columns(columns(table)).score
        return {n for n, s in zip(table.column("number").to_pylist(), scores, strict=True)
                if s >= 0.5}

    assert flagged(both.duck.features) == flagged(both.spark.features)
    assert flagged(both.duck.features)
