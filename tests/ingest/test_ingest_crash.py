"""A crash or kill in the middle of an import leaves the store exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from linewatch.ingest import ingest_paths
from linewatch.ingest.status import store_status
from linewatch.storage import Store

ROWS_PER_FILE = 60_000
FILES = 30


def write_big_bundle(folder: Path) -> None:
    cdr = folder / "cdr"
    cdr.mkdir(parents=True)
    for part in range(FILES):
        n = ROWS_PER_FILE
        base = part * n
        table = pa.table({
            "event_id": [f"E{base + i}" for i in range(n)],
            "start_time": [f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00"
                           for i in range(n)],
            "a_number": [f"07700 9{(base + i) % 100000:05d}" for i in range(n)],
            "b_number": [f"+447700 9{(base + 7 * i) % 100000:05d}" for i in range(n)],
            "event_type": ["sms" if i % 3 else "voice" for i in range(n)],
            "duration_s": [str(i % 300) for i in range(n)],
        })
        pacsv.write_csv(table, cdr / f"part-{part:02d}.csv")


def snapshot(db: Path) -> dict[str, object]:
    with Store.open(db) as store:
        info = store_status(store)
        return {"kinds": info["kinds"], "batches": info["batches"],
                "files": store.count("import_files"), "quarantine": store.count("quarantine"),
                "cdr_sum": store.scalar("SELECT sum(hash(event_id)) FROM cdr")}


def test_sigkill_mid_import_leaves_store_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    first = tmp_path / "first"
    first.mkdir()
    (first / "cdr.csv").write_text(
        "event_id,start_time,a_number,b_number,event_type\n"
        "X1,2026-01-01T00:00:00,07700900001,07700900002,sms\n", encoding="utf-8")
    with Store.open(db) as store:
        ingest_paths(store, [first])
    before = snapshot(db)
    write_big_bundle(tmp_path / "big")
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "linewatch.cli.app", "ingest", str(tmp_path / "big"),
         "--db", str(db)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.0)
    assert proc.poll() is None, "the import finished before it could be killed: make it bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(db) == before
    # and the store still works: the same import now succeeds in full
    with Store.open(db) as store:
        ingest_paths(store, [tmp_path / "big" / "cdr" / "part-00.csv"])
        assert store.count("cdr") == 1 + ROWS_PER_FILE
