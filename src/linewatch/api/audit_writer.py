"""Appending to the audit log: hash-chained in memory, committed in groups.

This process is the store's only writer (DuckDB locks the file), so each entry gets its
``seq`` and hash in memory at once, and then waits until it is committed: no request is
answered before its audit entry is on disk. Whoever commits takes every entry pending at
that moment, so twenty concurrent requests cost a few commits instead of twenty (a DuckDB
commit costs about a millisecond of CPU whatever its size).

Two ways to wait:

- :meth:`AuditWriter.wait` (a route running in the thread pool): commit the pending entries
  if nobody else is, else wait for whoever is;
- :meth:`AuditWriter.wait_async` (a route running on the event loop): no thread of its
  own; one worker thread commits until nothing is pending and resolves the waiting futures.

Each entry also has a ticket, a number that only grows. When a commit fails, every entry not
yet stored is dropped, the chain restarts from the table's last row (so the ``seq`` of a
dropped entry may be given again), and the waiters of the dropped tickets get an error:
an entry is never reported stored because a later entry took its ``seq``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from linewatch.errors import StoreError
from linewatch.storage import Store

log = logging.getLogger("linewatch.api")
GENESIS = "0" * 64
Row = list[Any]
Waiter = tuple[asyncio.AbstractEventLoop, "asyncio.Future[None]"]


class AuditWriter:
    """The append state of one store's audit log."""

    def __init__(self, store: Store, entry_hash: Callable[[dict[str, Any], str], str]) -> None:
        self.store = store
        self.entry_hash = entry_hash
        self.lock = threading.Lock()  # seq, hashes, pending, tickets, waiters
        self.commit_lock = threading.Lock()  # one commit at a time
        self.pending: list[tuple[int, Row]] = []
        self.tickets = 0  # entries appended, ever
        self.settled = 0  # every ticket up to this one is committed or failed
        self.failed: set[int] = set()
        self.waiters: dict[int, Waiter] = {}
        self.draining = False
        self.seq, self.last = self._tail()

    def _tail(self) -> tuple[int, str]:
        last = self.store.query_one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        return (int(last[0]), str(last[1])) if last else (0, GENESIS)

    def append(self, user: str, action: str, target: str | None, detail_json: str,
               reason: str | None) -> int:
        """Chain one entry in memory; returns its ticket (wait for it before answering)."""
        at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.lock:
            seq = self.seq + 1
            entry = {"seq": seq, "at": at, "user_name": user, "action": action,
                     "target": target, "detail": detail_json, "reason": reason}
            digest = self.entry_hash(entry, self.last)
            self.tickets += 1
            self.pending.append((self.tickets, [seq, at, user, action, target, detail_json,
                                                reason, self.last, digest]))
            self.seq, self.last = seq, digest
            return self.tickets

    def _state(self, ticket: int) -> bool:
        """``True`` once committed; raises if it was dropped (call with ``self.lock``)."""
        if ticket in self.failed:
            raise StoreError("the audit entry of this request was not written; retry it")
        return self.settled >= ticket

    def wait(self, ticket: int) -> None:
        """Return once ``ticket`` is committed (committing it if nobody else is)."""
        while True:
            with self.lock:
                if self._state(ticket):
                    return
            with self.commit_lock:
                with self.lock:
                    if self._state(ticket):
                        return
                self._commit()

    async def wait_async(self, ticket: int) -> None:
        """Like :meth:`wait`, without holding a thread while the commit runs."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self.lock:
            if self._state(ticket):
                return
            self.waiters[ticket] = (loop, future)
            start, self.draining = not self.draining, True
        if start:
            loop.run_in_executor(None, self._drain)
        await future

    def _drain(self) -> None:
        """Commit until nothing is pending (the worker thread behind :meth:`wait_async`)."""
        while True:
            try:
                with self.commit_lock:
                    self._commit()
            except Exception:  # the waiters have the error; keep draining
                log.exception("committing audit entries failed")
            with self.lock:
                if not self.pending:
                    self.draining = False
                    return

    def _commit(self) -> None:
        """Store every pending entry in one statement (call with ``commit_lock``)."""
        with self.lock:
            batch, self.pending = self.pending, []
        if not batch:
            return
        rows = [row for _ticket, row in batch]
        try:
            # one statement (atomic on its own): under load every call into DuckDB waits
            # for the GIL again, so BEGIN + executemany + COMMIT cost several waits
            values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
            self.store.execute(
                "INSERT INTO audit_log (seq, \"at\", user_name, action, target, detail, "  # noqa: S608
                f"reason, prev_hash, hash) VALUES {values}",
                [value for row in rows for value in row])
        except BaseException as exc:
            with self.lock:  # nothing of this batch is stored: restart from the table
                dropped = [t for t, _row in batch] + [t for t, _row in self.pending]
                self.pending = []
                self.failed.update(dropped)
                self.seq, self.last = self._tail()
                self.settled = self.tickets
                self._resolve(dropped, StoreError(f"audit entries were not written: {exc}"))
            raise
        with self.lock:
            self.settled = max(self.settled, batch[-1][0])
            self._resolve([t for t, _row in batch], None)

    def _resolve(self, tickets: list[int], error: Exception | None) -> None:
        """Wake the async waiters of ``tickets`` (call with ``self.lock``)."""
        for ticket in tickets:
            waiter = self.waiters.pop(ticket, None)
            if waiter is not None:
                loop, future = waiter
                try:
                    loop.call_soon_threadsafe(_settle, future, error)
                except RuntimeError:  # that event loop has closed: nobody is waiting
                    pass


def _settle(future: asyncio.Future[None], error: Exception | None) -> None:
    if future.done():  # the request was cancelled (client gone)
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
