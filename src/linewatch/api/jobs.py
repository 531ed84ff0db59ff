"""Jobs: imports and analysis runs the server runs for its users, one at a time.

A job is a row of ``jobs`` (migration 5): ``queued`` when submitted, ``running`` while the
server's writer (:mod:`linewatch.api.job_writer`) works on it, then ``done``, ``failed`` or
``cancelled``. Its work is one transaction: the ``done`` row is written inside it, so a job
is marked done exactly when its data is committed. A server killed mid-job leaves the row
``running`` and no trace of its data (DuckDB never commits half a transaction); the next
start marks it failed (:func:`recover_jobs`).

Who may: analysts, supervisors and admins submit and see jobs; a job is cancelled by its
submitter, a supervisor or an admin. Every submission, cancellation and end is audited.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from rich.progress import Progress, TaskID

from linewatch.api import audit
from linewatch.api.users import User, now
from linewatch.errors import Forbidden, InputError, LinewatchError
from linewatch.storage import Store

#: ``retention``: a reviewer's decision to retain or delete a record (``linewatch.ops.retention``);
#: a ``backup`` copies the store outside the job's transaction (DuckDB lets one transaction
#: write one database file), between the jobs before and after it
KINDS = ("import", "analyse", "retention", "backup")
STATES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = frozenset({"done", "failed", "cancelled"})
MANAGER_ROLES = frozenset({"admin", "supervisor"})
#: the user name the server acts as when it ends a job nobody is running any more
SYSTEM_USER = "linewatch-server"
KILLED = "the server stopped while this job ran; nothing of it was kept (run it again)"
_COLUMNS = ("job_id, kind, submitted_by, submitted_at, started_at, finished_at, state, "
            "CAST(params AS VARCHAR) AS params, CAST(result AS VARCHAR) AS result, error, "
            "CAST(progress AS VARCHAR) AS progress")


class JobCancelled(LinewatchError):
    """The job was cancelled (or the server is stopping) while it ran."""

    http_status = 409


@dataclass
class LiveProgress:
    """What a running job is doing now, held in memory (the row is written when it ends)."""

    stage: str = "starting"
    completed: float = 0.0
    total: float | None = None
    updated_at: str = field(default_factory=lambda: now().isoformat(timespec="seconds"))

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "completed": self.completed, "total": self.total,
                "updated_at": self.updated_at}


class JobProgress(Progress):
    """A silent Rich progress that the stages report to (as they do to the CLI's bar): it
    keeps the latest task's state in :class:`LiveProgress` and raises :class:`JobCancelled`
    at the next report once the job is cancelled."""

    def __init__(self, live: LiveProgress, cancelled: threading.Event) -> None:
        super().__init__(disable=True)
        self.report = live
        self.cancelled = cancelled

    def _record(self, task_id: TaskID) -> None:
        if self.cancelled.is_set():
            raise JobCancelled("cancelled")
        with self._lock:
            task = self._tasks.get(task_id)
            if task is not None:
                self.report.stage = str(task.description)
                self.report.completed = float(task.completed)
                self.report.total = None if task.total is None else float(task.total)
                self.report.updated_at = now().isoformat(timespec="seconds")

    def add_task(self, description: str, *args: Any, **kwargs: Any) -> TaskID:
        task_id = super().add_task(description, *args, **kwargs)
        self._record(task_id)
        return task_id

    def update(self, task_id: TaskID, **kwargs: Any) -> None:  # type: ignore[override]
        super().update(task_id, **kwargs)
        self._record(task_id)

    def advance(self, task_id: TaskID, advance: float = 1) -> None:
        super().advance(task_id, advance)
        self._record(task_id)


def submit_job(store: Store, user: User, kind: str, params: dict[str, Any],
               job_id: str | None = None) -> dict[str, Any]:
    """Queue a job (the writer picks it up in turn) and audit the submission."""
    if kind not in KINDS:
        raise InputError(f"unknown job kind '{kind}' (one of {', '.join(KINDS)})")
    job_id = job_id or new_job_id()
    store.execute(
        "INSERT INTO jobs (job_id, kind, submitted_by, submitted_at, state, params) "
        "VALUES (?, ?, ?, ?, 'queued', ?)",
        [job_id, kind, user.name, now(), json.dumps(params, default=str)])
    audit.record(store, user.name, "job_submit", f"job:{job_id}", {"kind": kind})
    found = get_job(store, job_id)
    assert found is not None  # noqa: S101 - just inserted
    return found


def new_job_id() -> str:
    return f"J-{now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"


def get_job(store: Store, job_id: str) -> dict[str, Any] | None:
    row = store.query_dicts(f"SELECT {_COLUMNS} FROM jobs WHERE job_id = ?", [job_id])  # noqa: S608 - fixed column list
    return _public(row[0]) if row else None


def list_jobs(store: Store, *, state: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Newest first; ``state`` narrows to one state."""
    if state is not None and state not in STATES:
        raise InputError(f"unknown state '{state}' (one of {', '.join(STATES)})")
    found = store.query_dicts(
        f"SELECT {_COLUMNS} FROM jobs WHERE (? IS NULL OR state = ?) "  # noqa: S608 - fixed column list
        "ORDER BY submitted_at DESC, job_id DESC LIMIT ?", [state, state, limit])
    return [_public(r) for r in found]


def queued_job_ids(store: Store) -> list[str]:
    """Queued jobs in the order they were submitted."""
    return [r[0] for r in store.query(
        "SELECT job_id FROM jobs WHERE state = 'queued' ORDER BY submitted_at, job_id")]


def may_cancel(user: User, job: dict[str, Any]) -> None:
    if job["submitted_by"] != user.name and user.role not in MANAGER_ROLES:
        raise Forbidden("only the job's submitter, a supervisor or an admin may cancel it")


def recover_jobs(store: Store) -> list[str]:
    """At start-up: a job still ``running`` belongs to a server that was killed. Its
    transaction never committed, so the store is as before it: mark it failed (audited)."""
    store.ensure_schema()
    stale = [r[0] for r in store.query(
        "SELECT job_id, submitted_by FROM jobs WHERE state = 'running' ORDER BY job_id")]
    for job_id in stale:
        store.execute("UPDATE jobs SET state = 'failed', finished_at = ?, error = ? "
                      "WHERE job_id = ? AND state = 'running'", [now(), KILLED, job_id])
        audit.record(store, SYSTEM_USER, "job_failed", f"job:{job_id}", {"error": KILLED})
    return stale


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A job as the API shows it: JSON decoded, the server's own paths left out."""
    for key in ("params", "result", "progress"):
        value = row.get(key)
        row[key] = json.loads(value) if isinstance(value, str) and value else value
    params = row.get("params")
    if isinstance(params, dict):
        row["params"] = {k: v for k, v in params.items() if not k.startswith("_")}
    return row
