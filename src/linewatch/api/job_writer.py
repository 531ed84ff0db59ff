"""The server's writer: one thread that runs every job and extracts every public tip.

DuckDB lets one process write a store, and ``linewatch serve`` is that process, so new data
arrives through it. The writer works on its own connection to the open database
(:meth:`linewatch.storage.Store.second_connection`): a job is one transaction there, so the
request threads, reading through their own cursors, see the last committed data until the
job commits and the new data from then on, and the small writes requests make (audit entries,
sessions) never wait for a job. After a commit the caches are rebuilt for the new data
(:func:`linewatch.api.warmup.warm`).

A backup (:mod:`linewatch.api.backup`) is a job too, so it never overlaps an import or an
analysis run: its copy is taken before the job's transaction, which then only records it.

Its loop: extract queued tips first (a few milliseconds each, stored a batch per
transaction), then run the oldest queued job, then wait for a submission. A job's row is set ``running`` before its transaction begins and
``done`` inside it; a failure or cancellation rolls the transaction back and records why.
:meth:`JobWriter.stop` (the server's shutdown, on SIGTERM) lets the running job finish within
``job_stop_grace_seconds``, else rolls it back and queues it again; queued jobs stay queued.
"""

from __future__ import annotations

import atexit
import json
import logging
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from linewatch.api import audit, job_files
from linewatch.api.jobs import (
    FINISHED,
    JobCancelled,
    JobProgress,
    LiveProgress,
    get_job,
    may_cancel,
    queued_job_ids,
    recover_jobs,
)
from linewatch.api.tips_intake import extract_tips, next_queued_tip, next_queued_tips
from linewatch.api.users import User, now
from linewatch.errors import InputError, LinewatchError
from linewatch.storage import Store

log = logging.getLogger("linewatch.api.jobs")
SHUTDOWN = "shutdown"


class _Running:
    def __init__(self, job_id: str, kind: str) -> None:
        self.job_id = job_id
        self.kind = kind
        self.live = LiveProgress()
        self.cancelled = threading.Event()
        self.reason = "cancelled"
        self.cancelled_by: str | None = None


class JobWriter:
    """Runs the store's jobs and tip extractions one at a time, on one thread."""

    def __init__(self, store: Store, files: Path, grace_seconds: float = 30.0) -> None:
        self._store = weakref.ref(store)  # the registry must not keep a closed store alive
        self.files = files
        self.grace_seconds = grace_seconds
        self.writer = store.second_connection()
        self.wake = threading.Condition()
        self.state_lock = threading.Lock()  # claiming a queued job vs cancelling it
        self.current: _Running | None = None
        self.stopping = False
        self.busy = False
        self.recovered = recover_jobs(store)
        self.thread = threading.Thread(target=self._loop, name="linewatch-writer", daemon=True)
        self.thread.start()

    @property
    def store(self) -> Store:
        store = self._store()
        if store is None:
            raise LinewatchError("the store of this writer is closed")
        return store

    def _gone(self) -> bool:
        store = self._store()
        return store is None or store.closed

    # -- requests' side --------------------------------------------------------------------
    def notify(self) -> None:
        with self.wake:
            self.wake.notify_all()

    def live_progress(self, job_id: str) -> dict[str, Any] | None:
        running = self.current
        return running.live.as_dict() if running and running.job_id == job_id else None

    def job(self, job_id: str) -> dict[str, Any] | None:
        """The job's row, with its live progress while it runs."""
        found = get_job(self.store, job_id)
        if found is not None and found["state"] == "running":
            found["progress"] = self.live_progress(job_id) or found["progress"]
        return found

    def cancel(self, job_id: str, user: User) -> dict[str, Any]:
        """Cancel a queued job at once, or ask the running one to stop (it rolls back)."""
        from linewatch.errors import NotFound

        with self.state_lock:
            found = get_job(self.store, job_id)
            if found is None:
                raise NotFound(f"no job '{job_id}'")
            may_cancel(user, found)
            if found["state"] in FINISHED:
                raise InputError(f"job {job_id} has already ended ({found['state']})")
            if found["state"] == "queued":
                self.store.execute(
                    "UPDATE jobs SET state = 'cancelled', finished_at = ?, error = ? "
                    "WHERE job_id = ? AND state = 'queued'",
                    [now(), f"cancelled by {user.name} before it started", job_id])
                audit.record(self.store, user.name, "job_cancel", f"job:{job_id}",
                             {"state": "queued"})
                job_files.remove(job_files.job_folder(self.files, job_id))
            else:
                running = self.current
                if running is not None and running.job_id == job_id:
                    running.cancelled_by = user.name
                    running.cancelled.set()
                    self.writer.interrupt()
                audit.record(self.store, user.name, "job_cancel", f"job:{job_id}",
                             {"state": "running"})
        return self.job(job_id) or found

    def stop(self, grace_seconds: float | None = None) -> None:
        """Stop taking jobs; let the running one finish within the grace time, else roll it
        back and queue it again. Queued jobs and queued tips stay queued."""
        grace = self.grace_seconds if grace_seconds is None else grace_seconds
        with self.wake:
            self.stopping = True
            self.wake.notify_all()
        self.thread.join(timeout=grace)
        running = self.current
        if self.thread.is_alive() and running is not None:
            running.reason = SHUTDOWN
            running.cancelled.set()
            self.writer.interrupt()
        self.thread.join(timeout=60)

    def idle(self) -> bool:
        """Nothing queued and nothing running (for tests and benchmarks)."""
        return not self.busy and not queued_job_ids(self.store) and \
            next_queued_tip(self.store) is None

    def wait_idle(self, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.idle():
                return True
            time.sleep(0.05)
        return False

    # -- the writer thread -----------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self.wake:
                if self.stopping or self._gone():
                    return
            try:
                did = self._one_tip() or self._one_job()
            except Exception:  # a bug must not stop the writer: log it and go on
                if self._gone():
                    return
                log.exception("the writer failed")
                did = False
            if not did:
                with self.wake:
                    if not self.stopping:
                        self.wake.wait(timeout=5.0)

    def _one_tip(self) -> bool:
        """Extract the queued tips (a batch, one commit); ``False`` when none is queued."""
        queued = next_queued_tips(self.writer)
        if not queued:
            return False
        self.busy = True
        try:
            extract_tips(self.writer, queued)
        finally:
            self.busy = False
        return True

    def _one_job(self) -> bool:
        with self.state_lock:
            if self.stopping:
                return False
            ids = queued_job_ids(self.writer)
            if not ids:
                return False
            job_id = ids[0]
            row = self.writer.query_one("SELECT kind, submitted_by, CAST(params AS VARCHAR) "
                                        "FROM jobs WHERE job_id = ?", [job_id])
            assert row is not None  # noqa: S101 - listed just now, under the lock
            self.busy = True  # before the job leaves the queue: idle() must never see neither
            try:
                self.writer.execute("UPDATE jobs SET state = 'running', started_at = ? "
                                    "WHERE job_id = ? AND state = 'queued'", [now(), job_id])
            except BaseException:
                self.busy = False
                raise
            self.current = running = _Running(job_id, row[0])
        try:
            self._run(running, row[1], json.loads(row[2] or "{}"))
        finally:
            with self.state_lock:
                self.current = None
                self.busy = False
        return True

    def _run(self, running: _Running, user: str, params: dict[str, Any]) -> None:
        progress = JobProgress(running.live, running.cancelled)
        folder = job_files.job_folder(self.files, running.job_id)
        try:
            copied = self._backup(params, user) if running.kind == "backup" else None
            with self.writer.transaction():
                result = copied if copied is not None else \
                    self._work(running.kind, params, folder, progress, user, running.job_id)
                if running.cancelled.is_set():
                    raise JobCancelled("cancelled")
                self.writer.execute(
                    "UPDATE jobs SET state = 'done', finished_at = ?, result = ?, progress = ? "
                    "WHERE job_id = ?", [now(), json.dumps(result, default=str),
                                         json.dumps(running.live.as_dict()), running.job_id])
        except BaseException as exc:
            self._ended_badly(running, user, exc)
            if not isinstance(exc, Exception):
                raise
            return
        finally:
            progress.stop()
        audit.record(self.store, user, "job_done", f"job:{running.job_id}",
                     {"kind": running.kind})
        job_files.remove(folder)
        self._after_commit()

    def _ended_badly(self, running: _Running, user: str, exc: BaseException) -> None:
        live = json.dumps(running.live.as_dict())
        if running.cancelled.is_set() and running.reason == SHUTDOWN:
            self.writer.execute("UPDATE jobs SET state = 'queued', started_at = NULL, "
                                "progress = NULL WHERE job_id = ?", [running.job_id])
            log.warning("job %s rolled back at shutdown; it stays queued", running.job_id)
            return
        if running.cancelled.is_set():
            state, error = "cancelled", f"cancelled by {running.cancelled_by or user}; " \
                                        "rolled back"
        else:
            state = "failed"
            error = str(exc) if isinstance(exc, LinewatchError) else \
                f"{type(exc).__name__}: {str(exc)[:500]}"
            if not isinstance(exc, LinewatchError):
                log.error("job %s failed", running.job_id, exc_info=exc)
        self.writer.execute("UPDATE jobs SET state = ?, finished_at = ?, error = ?, "
                            "progress = ? WHERE job_id = ?",
                            [state, now(), error[:2000], live, running.job_id])
        audit.record(self.store, user, f"job_{state}", f"job:{running.job_id}",
                     {"kind": running.kind, "error": error[:300]})
        job_files.remove(job_files.job_folder(self.files, running.job_id))

    def _backup(self, params: dict[str, Any], user: str) -> dict[str, Any]:
        """A consistent snapshot of the store (before the job's transaction: the copy writes
        another database file, see :mod:`linewatch.api.backup`)."""
        from linewatch.api.backup import backup

        return backup(self.writer, Path(params["out"]), user, audited=self.store)

    def _work(self, kind: str, params: dict[str, Any], folder: Path, progress: JobProgress,
              user: str, job_id: str) -> dict[str, Any]:
        if kind == "import":
            from linewatch.ingest import describe, ingest_paths

            mapping = folder / "mapping.yaml"
            report = ingest_paths(self.writer, job_files.input_paths(folder),
                                  kind=params.get("kind"),
                                  mapping=mapping if mapping.is_file() else None,
                                  progress=progress, user=user)
            from linewatch.pipeline import raise_alerts

            result = describe(report)
            if report.batch_id:
                result["alerts"] = raise_alerts(self.writer, batch_id=report.batch_id)
            return result
        if kind == "retention":
            from linewatch.ops.retention import decide

            result = decide(self.writer, user, params)
            if result.get("decision") == "delete":  # the job keeps no trace of the record
                self.writer.execute(
                    "UPDATE jobs SET params = ? WHERE job_id = ?",
                    [json.dumps({"action": "delete", "kind": params.get("kind"),
                                 "tombstone_id": result["tombstone_id"]}), job_id])
            return result
        from linewatch.pipeline import STAGES, analyse

        summaries = analyse(self.writer, stages=params.get("stages") or STAGES,
                            params=params.get("params"), progress=progress,
                            as_of=params.get("as_of"))
        return dict(summaries)

    def _after_commit(self) -> None:
        """New data is committed: rebuild the caches now rather than at the next check."""
        from linewatch.api.snapshot import data_written
        from linewatch.api.warmup import warm

        data_written(self.store)  # whatever the job changed, the caches are rebuilt
        try:
            warm(self.store)
        except Exception:  # the caches rebuild on first use anyway
            log.exception("rebuilding the caches after a job failed")
        from linewatch.pipeline import deliver_alerts

        try:
            deliver_alerts(self.writer)
        except Exception:  # delivery is retried after the next job
            log.exception("delivering alerts after a job failed")


_WRITERS: weakref.WeakKeyDictionary[Store, JobWriter] = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


@atexit.register
def _stop_all() -> None:
    """At interpreter exit, stop every writer before daemon threads are frozen: a thread
    frozen inside DuckDB aborts the process instead of exiting it."""
    with _WRITERS_LOCK:
        writers = list(_WRITERS.values())
    for writer in writers:
        if writer.thread.is_alive():
            writer.stop(grace_seconds=0)


def job_writer(store: Store, files: Path | None = None,
               grace_seconds: float = 30.0) -> JobWriter:
    """The store's one writer, started on first use (one per store, however many apps)."""
    with _WRITERS_LOCK:
        writer = _WRITERS.get(store)
        if writer is None or not writer.thread.is_alive():
            base = files if files is not None else job_files.jobs_dir(store.path)
            writer = _WRITERS[store] = JobWriter(store, base, grace_seconds)
        return writer
