"""``linewatch lake``: write a lake from a store, compute the features over it; and the
Spark-only options of ``detect`` and ``analyse``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.errors import InputError
from linewatch.storage import Store

runner = CliRunner()


def test_lake_write_then_features_on_duckdb_match_the_stored_features(
        analysed_world: Any, tmp_path: Path) -> None:
    db, lake, out = analysed_world.copy(tmp_path), tmp_path / "lake", tmp_path / "f.parquet"
    written = runner.invoke(app, ["lake", "write", "--db", str(db), "--lake", str(lake),
                                  "--json"])
    assert written.exit_code == 0, written.output
    with Store.open(db, read_only=True) as store:
        assert json.loads(written.output)["kinds"]["cdr"]["rows"] == store.count("cdr")
        stored = {r[0]: r[1] for r in store.query("SELECT number, n_events FROM phone_features")}
    ran = runner.invoke(app, ["lake", "features", "--lake", str(lake), "--engine", "duckdb",
                              "--out", str(out), "--json"])
    assert ran.exit_code == 0, ran.output
    report = json.loads(ran.output)
    assert report["kinds"] == ["cdr", "cells", "subscribers"] and report["jvm_cpu_s"] is None
    features = pq.read_table(out)
    assert report["numbers"] == features.num_rows == len(stored)
    assert dict(zip(features.column("number").to_pylist(),
                    features.column("n_events").to_pylist(), strict=True)) == stored


def test_lake_and_master_need_the_spark_engine(analysed_world: Any,
                                               tmp_path: Path) -> None:
    db = str(analysed_world.copy(tmp_path))
    for command in (["detect", "--db", db, "--lake", str(tmp_path)],
                    ["analyse", "--db", db, "--master", "local[1]"]):
        result = runner.invoke(app, command)
        assert isinstance(result.exception, InputError), result.output
        assert "need --engine spark" in str(result.exception)


def test_lake_features_refuses_a_setting_that_is_not_spark(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lake", "features", "--lake", str(tmp_path), "--out",
                                 str(tmp_path / "f.parquet"), "--conf", "memory=4g"])
    assert isinstance(result.exception, InputError)
    assert "spark.KEY=VALUE" in str(result.exception)
