"""Answering from the in-memory caches on the event loop instead of the thread pool.

FastAPI runs a plain ``def`` route in its thread pool. For a route that only reads the
in-memory caches (no query, pure Python), that hand-off buys nothing: the work holds the GIL
either way, and under twenty concurrent requests the threads mostly wait for each other.
Such a route is declared ``async`` and calls :func:`from_memory`, which runs the work on the
event loop inside :func:`~linewatch.api.memory.memory_only`: should any cache the work
touches need building, checking or a query (which would block the loop), the cache raises
:class:`~linewatch.api.memory.NotCached` and the work starts again in the thread pool.
So the work must have no side effects before it finishes (reads only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from linewatch.api.memory import NotCached, memory_only

T = TypeVar("T")


async def from_memory(work: Callable[[], T], inline: bool = True) -> T:
    """``work()`` on the event loop when ``inline`` and every cache it reads is in memory,
    else in the thread pool."""
    if inline:
        try:
            with memory_only():
                return work()
        except NotCached:
            pass
    return await run_in_threadpool(work)
