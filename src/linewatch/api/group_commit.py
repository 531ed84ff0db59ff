"""Group commit for small writes many request threads make at once.

Each thread adds its item and waits; whichever waiting thread finds no commit running takes
every item pending at that moment and stores them with one call (one transaction), the others
wait for it. Twenty tips posted together cost a few transactions instead of twenty, and the
store's lock is held a few times instead of twenty (the audit entries of every analyst's
reads queue behind that lock). A thread returns only once its own item is committed, or
raises the error its batch failed with: nothing is reported stored that is not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class GroupCommit(Generic[T]):
    """Items stored in batches by ``store_items`` (which must store all of them or none)."""

    def __init__(self, store_items: Callable[[list[T]], None]) -> None:
        self.store_items = store_items
        self.lock = threading.Lock()  # pending, tickets, settled, errors
        self.commit_lock = threading.Lock()  # one batch at a time
        self.pending: list[tuple[int, T]] = []
        self.tickets = 0
        self.settled = 0  # every ticket up to this one is committed or failed
        self.errors: dict[int, BaseException] = {}

    def add(self, item: T) -> int:
        """Queue ``item``; returns its ticket for :meth:`wait`."""
        with self.lock:
            self.tickets += 1
            self.pending.append((self.tickets, item))
            return self.tickets

    def _settled(self, ticket: int) -> bool:
        """``True`` once committed; raises its batch's error (call with ``self.lock``)."""
        error = self.errors.pop(ticket, None)
        if error is not None:
            raise error
        return self.settled >= ticket

    def wait(self, ticket: int) -> None:
        """Return once ``ticket``'s item is committed (committing the pending batch if no
        other thread is)."""
        while True:
            with self.lock:
                if self._settled(ticket):
                    return
            with self.commit_lock:
                with self.lock:
                    if self._settled(ticket):
                        return
                    batch, self.pending = self.pending, []
                if not batch:
                    continue
                try:
                    self.store_items([item for _ticket, item in batch])
                except BaseException as exc:
                    with self.lock:  # every waiter of the batch gets the error
                        self.errors.update((t, exc) for t, _item in batch if t != ticket)
                        self.settled = batch[-1][0]
                    raise
                with self.lock:
                    self.settled = batch[-1][0]

    def put(self, item: T) -> None:
        """:meth:`add` and :meth:`wait`."""
        self.wait(self.add(item))
