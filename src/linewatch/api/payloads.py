"""Answers of the heavy read routes, built and encoded once per data version.

The lists (lines, targets, safeguarding) and the line, phone and person pages are the same
for every analyst of a role until the store's data changes: a new import batch or analysis
run, or any job the server's writer commits (an override reaches the pages only through a
run; a retention decision through a job). Their routes ask :func:`answer` with a key naming
the page, the asking role and the query, and a function that builds the page. The first
request of a data version builds it (in the thread pool, the built page is encoded to JSON
bytes and kept); the next ones are answered with those bytes from the event loop.

What stays per request, whatever the cache holds:

- the **audit entry**: every answer, cached or not, writes its entry (a list's names the ids
  it shows, kept with the page) and is sent only once that entry is committed;
- the **per-role allowlist**: :class:`linewatch.api.role_filter.RoleFilter` filters the
  bytes of every answer to a filtered role on their way out, as for any other route;
- the key holds the role, so a page built for one role is never sent to another.

The cache belongs to one data version (:func:`linewatch.api.snapshot.memo`): when the
version changes the whole cache is dropped, never patched. It holds at most
``MAX_ENTRIES`` pages and ``MAX_BYTES`` of JSON, dropping the least recently read first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from linewatch.api.deps import Auditor
from linewatch.api.memory import NotCached, memory_only
from linewatch.api.responses import dumps
from linewatch.api.snapshot import memo
from linewatch.storage import Store

MAX_ENTRIES = 2000
MAX_BYTES = 96 * 1024 * 1024


@dataclass(frozen=True)
class Page:
    """One built page: its JSON bytes and the audit entry each read of it writes."""

    body: bytes
    action: str
    target: str | None = None
    detail: dict[str, Any] | None = None

    @classmethod
    def of(cls, content: Any, action: str, target: str | None = None,
           detail: dict[str, Any] | None = None) -> Page:
        return cls(dumps(content), action, target, detail)


class PageCache:
    """The pages of one data version, least recently read dropped first past the bounds."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.pages: OrderedDict[Hashable, Page] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable) -> Page | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: Page) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            if len(page.body) > self.max_bytes:
                return
            self.pages[key] = page
            self.size += len(page.body)
            while len(self.pages) > self.max_entries or self.size > self.max_bytes:
                _key, dropped = self.pages.popitem(last=False)
                self.size -= len(dropped.body)

    def build(self, key: Hashable, make: Callable[[], Page]) -> Page:
        """The page under ``key``, built with ``make`` unless another thread just did."""
        with self.lock:
            lock = self.building.setdefault(key, threading.Lock())
        with lock:
            page = self.get(key)
            if page is None:
                page = make()
                self.put(key, page)
        with self.lock:
            self.building.pop(key, None)
        return page


def page_cache(store: Store) -> PageCache:
    """The store's page cache for its current data version."""
    return memo(store, "pages", PageCache)


def cached_page(store: Store, key: Hashable) -> Page | None:
    """The page if it is in memory now (no check, no query, no build: for the event loop)."""
    try:
        with memory_only():
            return page_cache(store).get(key)
    except NotCached:
        return None


def build_page(store: Store, key: Hashable, make: Callable[[], Page]) -> Page:
    """The page, built now unless this data version has it (in a worker thread)."""
    return page_cache(store).build(key, make)


async def answer(store: Store, audit: Auditor, key: Hashable,
                 make: Callable[[], Page]) -> Response:
    """The page under ``key`` (built by ``make`` when not cached), sent once the read's audit
    entry is committed."""
    page = cached_page(store, key)
    if page is None:
        page = await run_in_threadpool(build_page, store, key, make)
    await audit.record_async(page.action, page.target, page.detail)
    return Response(page.body, media_type="application/json")
