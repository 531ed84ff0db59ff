"""Parallel reads for the web server: a cursor per thread, the lock only for writes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pyarrow as pa

from linewatch.storage import Store


def _in_thread(fn: Any) -> tuple[bool, Any]:
    """Run ``fn`` in another thread; (finished within 10 s, its result or exception)."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    return (not thread.is_alive(), out[0] if out else None)


def test_a_reader_is_not_held_up_by_a_write_in_progress() -> None:
    store = Store.open(":memory:")
    store.execute("CREATE TABLE t AS SELECT 1 AS x")
    store.enable_parallel_reads()
    with store.transaction():
        store.execute("INSERT INTO t VALUES (2)")
        finished, result = _in_thread(lambda: store.query("SELECT sum(x) FROM t"))
        assert finished, "the reader waited for the writer's lock"
        assert result == [(1,)]  # the uncommitted row is not visible to other threads
    finished, result = _in_thread(lambda: store.query("SELECT sum(x) FROM t"))
    assert finished and result == [(3,)]
    store.close()


def test_a_transaction_reads_its_own_uncommitted_rows() -> None:
    store = Store.open(":memory:")
    store.execute("CREATE TABLE t (x INTEGER)")
    store.enable_parallel_reads()
    with store.transaction():
        store.execute("INSERT INTO t VALUES (5)")
        assert store.query_dicts("SELECT x FROM t") == [{"x": 5}]
    store.close()


def test_cache_database_tables_are_seen_by_every_thread_and_never_saved(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    store = Store.open(path)
    store.enable_parallel_reads()
    table = f"{store.cache_db()}.numbers"
    store.execute(f"CREATE TABLE {table} AS SELECT range AS n FROM range(4)")
    finished, result = _in_thread(lambda: store.scalar(f"SELECT sum(n) FROM {table}"))
    assert finished and result == 6
    store.close()
    with Store.open(path) as again:
        assert not again.table_exists("numbers")


def test_arrow_tables_registered_in_a_reader_thread_are_visible_to_it() -> None:
    store = Store.open(":memory:")
    store.enable_parallel_reads()

    def read() -> Any:
        with store.registered("frontier", pa.table({"n": [1, 2, 3]})):
            return store.scalar("SELECT sum(n) FROM frontier")

    finished, result = _in_thread(read)
    assert finished and result == 6
    store.close()


def test_the_cache_database_works_on_a_store_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    with Store.open(path, read_only=True) as store:
        table = f"{store.cache_db()}.scratch"
        store.execute(f"CREATE TABLE {table} AS SELECT 42 AS x")
        assert store.scalar(f"SELECT x FROM {table}") == 42
