"""A real Spark standalone cluster (a master and two workers on localhost) computes the same
features from the lake as DuckDB does from the store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linewatch.detect.params import DetectParams
from linewatch.detect.pipeline import compute_features
from linewatch.storage import Store
from linewatch.storage.engine import engine_for
from linewatch.storage.lake import LAKE_KINDS, open_lake, write_lake

pytestmark = pytest.mark.spark

#: on tiny data compiling costs more than running: no adaptive re-planning, no whole-stage
#: code generation, and only the JIT's quick tier (about half the time of the defaults)
FAST_JIT = "-XX:TieredStopAtLevel=1"
TINY_DATA = {"spark.sql.adaptive.enabled": "false", "spark.sql.codegen.wholeStage": "false",
             "spark.driver.extraJavaOptions": FAST_JIT,
             "spark.executor.extraJavaOptions": FAST_JIT}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_two_worker_cluster_gives_the_duckdb_features(world_store: Store,
                                                        tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from linewatch.storage.cluster import StandaloneCluster

    from .test_lake import feature_differences, feature_rows

    write_lake(world_store, tmp_path / "lake")
    expected = compute_features(engine_for(world_store), DetectParams(), LAKE_KINDS,
                                with_edges=False)
    with StandaloneCluster(workers=2, log_dir=tmp_path / "logs") as cluster:
        pids = cluster.pids()
        status = cluster.status()
        assert status is not None and cluster.alive_workers(status) == 2
        engine, kinds = open_lake(tmp_path / "lake", "spark", master=cluster.master_url,
                                  config={**cluster.session_config(), **TINY_DATA})
        try:
            assert engine.spark.sparkContext.master == cluster.master_url  # type: ignore[attr-defined]
            got = compute_features(engine, DetectParams(), kinds, with_edges=False)
            running = cluster.status()
        finally:
            engine.close()
    assert running is not None
    apps = running["activeapps"]
    assert [a["name"] for a in apps] == ["linewatch"] and apps[0]["cores"] == 2
    assert {w["coresused"] for w in running["workers"]} == {1}  # an executor on each worker
    assert not any(_alive(pid) for pid in pids)
    assert feature_rows(got).keys() == feature_rows(expected).keys()
    assert feature_differences(expected, got) == []
