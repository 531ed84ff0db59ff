"""An analysis's results written to the lake with their run record, and read back the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.errors import InputError, NotFound
from linewatch.results import RESULT_TABLES, build_results
from linewatch.storage import Store
from linewatch.storage.lake_results import (
    current_runs,
    list_results,
    open_results,
    read_record,
    write_results,
)

runner = CliRunner()


def test_results_from_the_lake_are_the_stores(analysed_world: Any, tmp_path: Path) -> None:
    db, lake = analysed_world.copy(tmp_path), tmp_path / "lake"
    written = runner.invoke(app, ["lake", "results", "--db", str(db), "--lake", str(lake),
                                  "--json"])
    assert written.exit_code == 0, written.output
    record = json.loads(written.output)
    run_id = record["run_id"]
    from_store = runner.invoke(app, ["results", "--db", str(db), "--json"])
    from_lake = runner.invoke(app, ["results", "--lake", str(lake), "--run", run_id, "--json"])
    assert from_store.exit_code == 0 and from_lake.exit_code == 0, from_lake.output
    assert from_lake.output == from_store.output
    exported = json.loads(from_lake.output)
    assert exported["lines"] and exported["targets"] and exported["safeguarding"]
    with Store.open(db, read_only=True) as store:
        for table in RESULT_TABLES:
            part = lake / "results" / f"run={run_id}" / table / "part-0.parquet"
            assert pq.read_table(part).num_rows == store.count(table) == \
                record["tables"][table]["rows"]
        batches = [r[0] for r in store.query("SELECT batch_id FROM import_batches")]
        latest = store.scalar("SELECT run_id FROM analysis_runs WHERE status = 'done' "
                              "ORDER BY finished_at DESC LIMIT 1")
    assert run_id == latest
    assert {r["stage"] for r in record["runs"]} >= {"resolve", "detect", "score", "safeguard"}
    for run in record["runs"]:
        assert run["input_batches"] == batches and run["code_version"]
        assert isinstance(run["params"], dict)
    assert [b["batch_id"] for b in record["input_batches"]] == batches
    assert record["tables"]["lines"]["run_ids"] == [
        r["run_id"] for r in record["runs"] if r["stage"] == "detect"]
    assert (lake / "_runs" / f"{run_id}.json").is_file()


def test_an_earlier_stage_run_names_the_results_and_a_replaced_one_is_refused(
        world_store: Store, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    detect_run = next(r["run_id"] for r in current_runs(world_store) if r["stage"] == "detect")
    write_results(world_store, lake, ["lines"], run_id=detect_run)
    assert read_record(lake, detect_run)["tables"] == {
        "lines": {"rows": world_store.count("lines"), "run_ids": [detect_run]}}
    with pytest.raises(InputError, match="already holds results"):
        write_results(world_store, lake, ["lines"], run_id=detect_run)
    write_results(world_store, lake, ["lines", "phone_roles"], run_id=detect_run, replace=True)
    assert set(read_record(lake, detect_run)["tables"]) == {"lines", "phone_roles"}
    world_store.execute(
        "INSERT INTO analysis_runs (run_id, stage, started_at, finished_at, status) "
        "SELECT 'detect-later', 'detect', now(), now() + INTERVAL 1 DAY, 'done'")
    with pytest.raises(InputError, match="replaced by a later run"):
        write_results(world_store, lake, ["lines"], run_id=detect_run, replace=True)
    with pytest.raises(InputError, match="is not in the store"):
        write_results(world_store, lake, ["lines"], run_id="nothing-such")


def test_an_interrupted_write_is_not_read_and_bad_run_ids_are_refused(
        world_store: Store, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    record = write_results(world_store, lake, ["lines"])
    (lake / "_runs" / f"{record['run_id']}.json").unlink()  # as if the write stopped early
    assert list_results(lake) == []
    with pytest.raises(NotFound, match="no analysis results"):
        open_results(lake)
    with pytest.raises(InputError, match="not a run id"):
        open_results(lake, "../../etc")
    refused = runner.invoke(app, ["results", "--run", record["run_id"]])
    assert isinstance(refused.exception, InputError)
    assert "--run needs --lake" in str(refused.exception)


def test_the_results_store_reads_the_lake_not_a_copy(world_store: Store,
                                                     tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    record = write_results(world_store, lake, RESULT_TABLES)
    with open_results(lake) as from_lake:
        assert from_lake.path == ":memory:"
        assert build_results(from_lake) == build_results(world_store)
    (lake / "results" / f"run={record['run_id']}" / "lines" / "part-0.parquet").unlink()
    with pytest.raises(NotFound, match="lack"):
        open_results(lake, record["run_id"])
