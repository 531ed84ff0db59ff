"""Answering from the in-memory caches on the event loop instead of the thread pool.

FastAPI runs a plain ``def`` route in its thread pool. For a route that only reads the
in-memory caches (no query, pure Python), that hand-off buys nothing: the work holds the GIL
either way, and under twenty concurrent requests the threads mostly wait for each other.
Such a route is declared ``async`` and calls :func:`from_memory`, which runs the work on the
event loop when every cache it needs is built and current, and in the thread pool otherwise
(a cache being built, or due for its data-version check, would block the loop).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from linewatch.api.snapshot import caches_current
from linewatch.storage import Store

T = TypeVar("T")


async def from_memory(store: Store, work: Callable[[], T], *memos: str,
                      inline: bool = True) -> T:
    """``work()``: on the loop when ``inline`` and the snapshot and ``memos`` are current,
    else in the thread pool."""
    if inline and caches_current(store, *memos):
        return work()
    return await run_in_threadpool(work)
