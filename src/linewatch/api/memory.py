"""Memory-only mode: caches that answer from memory or say they cannot.

Inside :func:`memory_only`, the per-version caches (:mod:`linewatch.api.snapshot`) and the
table helpers (:mod:`linewatch.api.data`) never build, check or query: where they would have
to, they raise :class:`NotCached`. :func:`linewatch.api.inline.from_memory` runs a route's
work this way on the event loop, and starts it again in the thread pool on ``NotCached``, so
no build and no query ever blocks the loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_MEMORY_ONLY: ContextVar[bool] = ContextVar("linewatch_memory_only", default=False)


class NotCached(Exception):  # a signal caught by from_memory, not an error
    """What the work needs is not in memory (a cache to build or check, or a query)."""


def answering_from_memory() -> bool:
    return _MEMORY_ONLY.get()


@contextmanager
def memory_only() -> Iterator[None]:
    """Within the block, caches answer from memory or raise :class:`NotCached`."""
    token = _MEMORY_ONLY.set(True)
    try:
        yield
    finally:
        _MEMORY_ONLY.reset(token)
