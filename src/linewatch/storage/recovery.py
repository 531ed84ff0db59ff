"""A store whose write-ahead log cannot be replayed, and setting that log aside.

DuckDB writes each commit to ``<store>.wal`` and folds the log into the file at a checkpoint.
After a crash it replays the log when the store is next opened; a log it cannot replay
(DuckDB 1.5 could not replay ``ALTER ... TYPE JSON``, which detection once used, and
killing an analysis after it left such a log) makes the store refuse to open,
although everything up to the last checkpoint is intact in the file. linewatch checkpoints
after every import and every analysis, so what such a log can hold is the work in flight when
the process died and the small writes since (audit entries, sessions, overrides).

Nothing is discarded silently: :func:`set_aside_wal` keeps the log beside the store under a
dated name, and says what the store holds as of its checkpoint, so the analyst can re-run the
analysis and the audit check (``linewatch audit verify``) shows any audit entries lost.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from linewatch.errors import StoreError

_REPLAY = re.compile(r"replaying WAL file", re.IGNORECASE)
_LOCK = re.compile(r"could not set lock|conflicting lock|lock on file", re.IGNORECASE)


def wal_path(target: str | Path) -> Path:
    return Path(f"{target}.wal")


def is_lock_error(error: str) -> bool:
    """DuckDB's "another process holds the file" error (not any text containing "lock")."""
    return bool(_LOCK.search(error))


def replay_problem(target: str, error: str) -> str | None:
    """One message for a write-ahead log that cannot be replayed, or ``None``."""
    if not _REPLAY.search(error):
        return None
    first = error.strip().splitlines()[0] if error.strip() else error
    return (f"{target}: its write-ahead log {wal_path(target).name} cannot be replayed "
            f"(DuckDB: {first[:300]}). The store is intact up to its last checkpoint (taken "
            f"after every import and analysis). 'linewatch store recover --db {target}' keeps "
            "the log beside the store under a dated name and opens the store as of that "
            "checkpoint; then re-run 'linewatch analyse' and 'linewatch audit verify'")


def set_aside_wal(target: str | Path, *, now: dt.datetime | None = None) -> Path | None:
    """Rename the store's write-ahead log to ``<store>.wal.unreplayed-<UTC time>`` (returned),
    or return ``None`` when there is none."""
    log = wal_path(target)
    if not log.exists():
        return None
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    kept = log.with_name(f"{log.name}.unreplayed-{stamp}")
    if kept.exists():
        raise StoreError(f"{kept} already exists: move it away first")
    log.rename(kept)
    return kept


def checkpoint_state(store: Any) -> dict[str, Any]:
    """What a store holds: its last import batch and last analysis run of each stage."""
    state: dict[str, Any] = {"last_batch": None, "last_runs": {}}
    if store.table_exists("import_batches"):
        row = store.query("SELECT batch_id, finished_at FROM import_batches "
                          "ORDER BY batch_id DESC LIMIT 1")
        if row:
            state["last_batch"] = {"batch_id": row[0][0], "finished_at": str(row[0][1])}
    if store.table_exists("analysis_runs"):
        for stage, run_id, started in store.query(
                "SELECT stage, arg_max(run_id, started_at), max(started_at) "
                "FROM analysis_runs GROUP BY stage ORDER BY stage"):
            state["last_runs"][stage] = {"run_id": run_id, "started_at": str(started)}
    return state
