"""A store whose write-ahead log cannot be replayed: one clear message, and a way back in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.errors import StoreError
from linewatch.ingest.importer import ingest_paths
from linewatch.storage import Store
from linewatch.storage import store as store_module

WRITE_THEN_DIE = """
import os, sys
from linewatch.storage import Store
store = Store.open(sys.argv[1])
store.execute("INSERT INTO notes VALUES ('after the checkpoint')")
os._exit(9)
"""


def test_a_log_that_cannot_be_replayed_is_named_with_the_way_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "case.duckdb"

    def refuse(*args: Any, **kwargs: Any) -> Any:
        # DuckDB's words, stack trace included (whose frames mention BlockManager::... locks)
        raise duckdb.InternalException(
            f'INTERNAL Error: Failure while replaying WAL file "{db}.wal": Calling '
            "DatabaseManager::GetDefaultDatabase with no default database set\n"
            "Stack Trace:\n  duckdb::SingleFileBlockManager::LoadFreeList() lock")

    monkeypatch.setattr(store_module.duckdb, "connect", refuse)
    with pytest.raises(StoreError) as caught:
        Store.open(db)
    message = str(caught.value)
    assert "write-ahead log case.duckdb.wal cannot be replayed" in message
    assert f"linewatch store recover --db {db}" in message
    assert "held by" not in message


def test_recover_keeps_the_log_and_opens_the_store_as_of_its_checkpoint(tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    with Store.open(db) as store:
        store.execute("CREATE TABLE notes (text VARCHAR)")
        store.execute("INSERT INTO notes VALUES ('before the checkpoint')")
        store.checkpoint()
    died = subprocess.run([sys.executable, "-c", WRITE_THEN_DIE, str(db)], check=False)
    assert died.returncode == 9
    assert Path(f"{db}.wal").stat().st_size > 0
    result = CliRunner().invoke(app, ["store", "recover", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    kept = Path(report["log_kept_as"])
    assert kept.parent == tmp_path and kept.name.startswith("case.duckdb.wal.unreplayed-")
    assert kept.stat().st_size > 0 and not Path(f"{db}.wal").exists()
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT text FROM notes") == [("before the checkpoint",)]


def test_recover_without_a_log_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    Store.open(db).close()
    result = CliRunner().invoke(app, ["store", "recover", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "nothing to recover" in result.output


def test_an_import_and_an_analysis_end_with_the_log_folded_in(
        analysed_world: Any, tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path)
    log = Path(f"{db}.wal")
    from linewatch.pipeline import analyse

    with Store.open(db) as store:
        store.execute("CREATE TABLE notes (text VARCHAR)")
        assert log.exists() and log.stat().st_size > 0
        analyse(store, stages=["score"])
        assert not log.exists() or log.stat().st_size == 0
    fresh = tmp_path / "fresh.duckdb"
    with Store.open(fresh) as store:
        store.execute("CREATE TABLE notes (text VARCHAR)")
        assert Path(f"{fresh}.wal").stat().st_size > 0
        report = ingest_paths(store, [analysed_world.data])
        assert report.rows_imported > 0
        assert not Path(f"{fresh}.wal").exists() or Path(f"{fresh}.wal").stat().st_size == 0


RUN_THEN_DIE = """
import os, sys
from linewatch.pipeline import stage_runner
from linewatch.storage import Store
store = Store.open(sys.argv[1])
store.execute("SET checkpoint_threshold = '10GB'")  # keep every write in the log
for stage in sys.argv[2:]:
    stage_runner(stage)(store, params=None, progress=None)
os._exit(9)
"""


def test_a_store_killed_after_each_stage_opens_with_its_log_replayed(
        analysed_world: Any, tmp_path: Path) -> None:
    # detect once typed JSON columns with ALTER ... TYPE, which DuckDB cannot replay
    db = analysed_world.copy(tmp_path)
    died = subprocess.run([sys.executable, "-c", RUN_THEN_DIE, str(db), "resolve", "detect",
                           "text", "score", "safeguard"], check=False, capture_output=True,
                          text=True)
    assert died.returncode == 9, died.stderr
    assert Path(f"{db}.wal").stat().st_size > 0
    with Store.open(db, read_only=True) as store:
        types = dict(store.query("SELECT column_name, data_type FROM information_schema.columns"
                                 " WHERE table_name = 'phone_scores'"))
        assert types["explanation"] == "JSON"
        assert store.count("phone_scores") > 0
