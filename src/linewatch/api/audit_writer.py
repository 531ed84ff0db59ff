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

Entries are hashed with the audit key (:mod:`linewatch.api.audit_chain`). The writer also
keeps the store's checkpoint file (:mod:`linewatch.api.audit_checkpoints`): an anchor when
the store is first used with a key, one every ``config.every`` entries, one at :meth:`close`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from typing import Any

from linewatch.api import audit_checkpoints as checkpoints
from linewatch.api.audit_chain import GENESIS, classify, keyed_hasher
from linewatch.api.audit_key import AuditConfig
from linewatch.errors import StoreError
from linewatch.storage import Store

log = logging.getLogger("linewatch.api")
Row = list[Any]
Waiter = tuple[asyncio.AbstractEventLoop, "asyncio.Future[None]"]


class AuditWriter:
    """The append state of one store's audit log."""

    def __init__(self, store: Store, config: AuditConfig) -> None:
        self.store = store
        self.config = config
        self.entry_hash = keyed_hasher(config.key)
        self.lock = threading.Lock()  # seq, hashes, pending, tickets, waiters
        self.commit_lock = threading.Lock()  # one commit at a time
        self.pending: list[tuple[int, Row]] = []
        self.tickets = 0  # entries appended, ever
        self.settled = 0  # every ticket up to this one is committed or failed
        self.failed: set[int] = set()
        self.waiters: dict[int, Waiter] = {}
        self.draining = False
        self.seq, self.last = self._tail()
        self.committed = (self.seq, self.last)  # the newest entry on disk
        self.keyed_from = self.seq + 1
        self.checkpointed = self._anchor()  # entries counted by the newest checkpoint

    def _tail(self) -> tuple[int, str]:
        last = self.store.query_one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        return (int(last[0]), str(last[1])) if last else (0, GENESIS)

    # -- checkpoints -----------------------------------------------------------------------
    def _anchor(self) -> int:
        """Continue the checkpoint file, or start it with an anchor checkpoint."""
        path = self.config.checkpoints
        if path is None:
            return self.seq
        found = checkpoints.read(path, self.config.key)
        if found.problem:
            log.error("audit checkpoints %s: %s", path, found.problem)
        if found.last is not None and found.keyed_from is not None:
            self.keyed_from = found.keyed_from
            if found.last.entries > self.seq or (
                    found.last.entries == self.seq and found.last.head != self.last):
                log.error("the audit log (%d entries) does not match its newest checkpoint "
                          "(%d entries): run 'linewatch audit verify'", self.seq,
                          found.last.entries)
            return found.last.entries
        reason = "anchor"
        if self.seq and self._tail_kind() == "keyed":
            # keyed entries but no checkpoint: the file was lost (verify says so)
            self.keyed_from = first_keyed_seq(self.store, self.config)
            reason = "anchor-after-keyed-entries"
            log.error("audit checkpoints %s were missing although the log is keyed; "
                      "started again", path)
        checkpoints.append(path, self.config.key, entries=self.seq, head=self.last,
                           keyed_from=self.keyed_from, reason=reason)
        return self.seq

    def _tail_kind(self) -> str | None:
        rows = self.store.query_dicts(
            "SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS detail, "
            "reason, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        return classify(self.config.key, rows[0], rows[0]["prev_hash"]) if rows else None

    def checkpoint(self, reason: str) -> bool:
        """Write a checkpoint of the committed entries (call with ``commit_lock``)."""
        path = self.config.checkpoints
        entries, head = self.committed
        if path is None or entries <= self.checkpointed:
            return False
        try:
            checkpoints.append(path, self.config.key, entries=entries, head=head,
                               keyed_from=self.keyed_from, reason=reason)
        except OSError:  # the entries are stored; the next checkpoint will cover them
            log.exception("writing the audit checkpoint to %s failed", path)
            return False
        self.checkpointed = entries
        return True

    def close(self) -> None:
        """Commit what is pending and write the shutdown checkpoint."""
        with self.commit_lock:
            self._commit()
            self.checkpoint("shutdown")

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
        self.committed = (int(rows[-1][0]), str(rows[-1][-1]))
        if self.committed[0] - self.checkpointed >= self.config.every:
            self.checkpoint("periodic")

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


def first_keyed_seq(store: Store, config: AuditConfig, batch: int = 5000) -> int:
    """The first entry hashed with the key (one past the last entry when there is none)."""
    offset = 0
    prev = GENESIS
    while True:
        rows = store.query_dicts(
            "SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS detail, "
            "reason, prev_hash, hash FROM audit_log ORDER BY seq LIMIT ? OFFSET ?",
            [batch, offset])
        if not rows:
            return offset + 1
        for row in rows:
            if classify(config.key, row, prev) == "keyed":
                return int(row["seq"])
            prev = str(row["hash"])
        offset += len(rows)


def _settle(future: asyncio.Future[None], error: Exception | None) -> None:
    if future.done():  # the request was cancelled (client gone)
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
