"""Group-committed audit entries: every waiter's entry is stored, or the waiter is told."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from linewatch.api import audit
from linewatch.errors import StoreError
from linewatch.storage import Store


def _stored(store: Store) -> list[tuple[Any, ...]]:
    return store.query("SELECT seq, target FROM audit_log ORDER BY seq")


def test_threads_and_event_loops_writing_at_once_leave_one_intact_chain(
        memory_store: Store) -> None:
    memory_store.enable_parallel_reads()

    def sync_writer(k: int) -> None:
        for i in range(15):
            audit.record(memory_store, f"user{k}", "view_person", f"person:S{k}-{i}")

    async def async_writers(k: int) -> None:
        await asyncio.gather(*(audit.record_async(memory_store, f"user{k}", "search",
                                                  f"person:A{k}-{i}") for i in range(15)))

    threads = [threading.Thread(target=sync_writer, args=(k,)) for k in range(4)]
    threads += [threading.Thread(target=asyncio.run, args=(async_writers(k),))
                for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = _stored(memory_store)
    assert [seq for seq, _ in rows] == list(range(1, 121))
    assert len({target for _, target in rows}) == 120
    assert audit.verify(memory_store).ok


def test_a_record_returns_only_after_its_entry_is_stored(memory_store: Store) -> None:
    audit.record(memory_store, "ana", "view_person", "person:P1")
    assert _stored(memory_store) == [(1, "person:P1")]
    asyncio.run(audit.record_async(memory_store, "ana", "search", "person:P2"))
    assert _stored(memory_store)[-1] == (2, "person:P2")


def test_entries_dropped_by_a_failed_commit_are_reported_not_stored(
        memory_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    audit.record(memory_store, "ana", "view_person", "person:before")
    writer = audit.writer(memory_store)
    real_execute = memory_store.execute
    failing = {"left": 1}

    def execute(sql: str, params: Any = None) -> Any:
        if sql.startswith("INSERT INTO audit_log") and failing["left"]:
            failing["left"] -= 1
            raise StoreError("disk full")
        return real_execute(sql, params)

    monkeypatch.setattr(memory_store, "execute", execute)
    # two entries chained before the failing commit: both are dropped
    first = writer.append("ana", "view_person", "person:lost1", "null", None)
    second = writer.append("ana", "view_person", "person:lost2", "null", None)
    with pytest.raises(StoreError):
        writer.wait(first)
    # the next entry takes the dropped entries' seq; the dropped waiter must still hear
    later = writer.append("ana", "view_person", "person:after", "null", None)
    writer.wait(later)
    with pytest.raises(StoreError, match="not written"):
        writer.wait(second)
    assert _stored(memory_store) == [(1, "person:before"), (2, "person:after")]
    assert audit.verify(memory_store).ok


def test_an_async_waiter_hears_of_a_failed_commit(memory_store: Store,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    audit.record(memory_store, "ana", "view_person", "person:before")
    real_execute = memory_store.execute

    def execute(sql: str, params: Any = None) -> Any:
        if sql.startswith("INSERT INTO audit_log"):
            raise StoreError("disk full")
        return real_execute(sql, params)

    monkeypatch.setattr(memory_store, "execute", execute)
    with pytest.raises(StoreError):
        asyncio.run(audit.record_async(memory_store, "ana", "search", "person:lost"))
    monkeypatch.setattr(memory_store, "execute", real_execute)
    asyncio.run(audit.record_async(memory_store, "ana", "search", "person:after"))
    assert _stored(memory_store) == [(1, "person:before"), (2, "person:after")]
