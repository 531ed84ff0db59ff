"""Storing a public tip (no IP address, user agent or cookie) and queueing its extraction.

The route only writes the tip to ``tips`` (channel ``web``, a generated ``tip_id``,
``received_at`` now) and to ``tip_queue``, in one transaction, and wakes the server's writer.
The writer (:mod:`linewatch.api.job_writer`, one thread) runs ``linewatch.text.extract`` on
the queued tips (up to ``BATCH`` at a time), stores the results in ``tip_extractions`` and
takes the tips off the queue in one transaction, so a crash at any point leaves the tips
queued, never lost or half-done; the queue is worked through again at start-up. Tips posted
at the same moment are stored together too (one transaction, :mod:`.group_commit`). A tip whose extraction fails three times stays
stored, with the error kind, and is not tried again. The text pipeline is built once
(:func:`ensure_pipeline`, called by the warm-up and by the writer), never by two threads.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
import weakref

from linewatch.api.group_commit import GroupCommit
from linewatch.api.search import tips_changed
from linewatch.api.users import now
from linewatch.storage import Store

log = logging.getLogger("linewatch.api.tips")
MAX_ATTEMPTS = 3
#: queued tips the writer extracts and stores in one transaction
BATCH = 50
_PIPELINE_LOCK = threading.Lock()
_pipeline_ready = False


def store_tip(store: Store, text: str) -> str:
    """Store a tip and queue its extraction; returns its id once both are committed (tips
    posted at the same moment share one transaction, see :mod:`.group_commit`)."""
    tip_id = f"W-{uuid.uuid4().hex[:12].upper()}"
    received = now().replace(microsecond=0)
    _inbox(store).put((tip_id, received, text))
    tips_changed(store)  # text search indexes the tips again
    return tip_id


Tip = tuple[str, dt.datetime, str]
_INBOXES: weakref.WeakKeyDictionary[Store, GroupCommit[Tip]] = weakref.WeakKeyDictionary()
_INBOXES_LOCK = threading.Lock()


def _inbox(store: Store) -> GroupCommit[Tip]:
    with _INBOXES_LOCK:
        found = _INBOXES.get(store)
        if found is None:
            found = _INBOXES[store] = GroupCommit(lambda tips: _store_tips(store, tips))
        return found


def _store_tips(store: Store, tips: list[Tip]) -> None:
    """The tips and their queue entries, in one transaction."""
    rows = ", ".join(["(?, ?, 'web', ?)"] * len(tips))
    queued = ", ".join(["(?, ?, 0)"] * len(tips))
    with store.transaction():
        store.execute(f"INSERT INTO tips (tip_id, received_at, channel, text) "  # noqa: S608
                      f"VALUES {rows}", [v for tip in tips for v in tip])
        store.execute(f"INSERT INTO tip_queue (tip_id, queued_at, attempts) "  # noqa: S608
                      f"VALUES {queued}", [v for tip_id, at, _t in tips for v in (tip_id, at)])


def ensure_pipeline() -> None:
    """Build the text pipeline once (a second caller waits for the first build)."""
    global _pipeline_ready
    with _PIPELINE_LOCK:
        if _pipeline_ready:
            return
        import linewatch.text as text  # loads the language model

        warm_up = getattr(text, "warm_up", None)
        if callable(warm_up):
            warm_up()
        _pipeline_ready = True


def next_queued_tip(store: Store) -> tuple[str, str] | None:
    """The oldest queued tip still worth trying: ``(tip_id, text)``."""
    found = next_queued_tips(store, 1)
    return found[0] if found else None


def next_queued_tips(store: Store, limit: int = BATCH) -> list[tuple[str, str]]:
    """The ``limit`` oldest queued tips still worth trying: ``(tip_id, text)`` each."""
    return [(str(r[0]), str(r[1] or "")) for r in store.query(
        "SELECT q.tip_id, t.text FROM tip_queue q JOIN tips t ON t.tip_id = q.tip_id "
        "WHERE q.attempts < ? ORDER BY q.queued_at, q.tip_id LIMIT ?", [MAX_ATTEMPTS, limit])]


def queued_tips(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM tip_queue WHERE attempts < ?",
                            [MAX_ATTEMPTS]))


def extract_tip(store: Store, tip_id: str, text: str) -> bool:
    """Extract a queued tip and store the result, taking it off the queue (one transaction);
    on failure count the attempt and keep the tip. ``False`` when extraction failed."""
    return extract_tips(store, [(tip_id, text)]) == 1


def extract_tips(store: Store, queued: list[tuple[str, str]]) -> int:
    """Extract queued tips and store every result in one transaction, taking each extracted
    tip off the queue and counting an attempt for each that failed (it stays queued). A
    burst of tips costs one commit, not one each: commits are what the analysts' audit
    entries wait behind. Returns how many were extracted."""
    done: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    for tip_id, text in queued:
        try:
            ensure_pipeline()
            from linewatch.text import extract

            done.append((tip_id, json.dumps(extract(text).to_dict(), default=str)))
        except Exception as exc:  # noqa: BLE001 - the tip is already safe; never lose it
            log.warning("text extraction failed for tip %s: %s", tip_id, type(exc).__name__)
            failed.append((tip_id, type(exc).__name__))
    at = now()
    with store.transaction():
        for tip_id, error in failed:
            store.execute("UPDATE tip_queue SET attempts = attempts + 1, last_error = ? "
                          "WHERE tip_id = ?", [error, tip_id])
        if done:
            values = ", ".join(["(?, ?, ?)"] * len(done))
            store.execute("INSERT INTO tip_extractions (tip_id, extraction, "  # noqa: S608
                          f"extracted_at) VALUES {values}",
                          [v for tip_id, data in done for v in (tip_id, data, at)])
            store.execute("DELETE FROM tip_queue WHERE tip_id IN "
                          "(SELECT unnest(?::VARCHAR[]))", [[tip_id for tip_id, _d in done]])
    return len(done)
