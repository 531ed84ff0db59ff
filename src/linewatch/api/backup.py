"""Backups of a store and restoring them, checked against the keyed audit chain.

A backup is two files: ``OUT``, a consistent snapshot of the store taken while it stays in use
(:func:`linewatch.storage.copies.copy_store`: everything committed, including what sits in the
WAL, since ``serve`` never closes the store), encrypted with the store key when the store is
encrypted; and ``OUT.audit-checkpoints``, the signed checkpoints as they were just before the
snapshot (so each of them counts entries the snapshot holds). The backup is itself audited:
its entry is the last one the snapshot holds.

Restoring verifies the backup's audit chain with the audit key against its checkpoints, puts
the file in place (the store it replaces is kept beside it), and appends a signed
``restored`` checkpoint of the backup's count and head to the store's checkpoint file, so
``audit verify`` reads the shorter log as restored, not as a cut tail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from linewatch.api import audit, audit_checkpoints
from linewatch.api.audit_key import CHECKPOINT_SUFFIX, AuditConfig, config_for
from linewatch.errors import InputError, LinewatchError
from linewatch.storage import Store
from linewatch.storage.copies import copy_store
from linewatch.storage.encryption import is_encrypted, remove_quietly, store_key_from_env


class RestoreError(LinewatchError):
    """A backup that cannot be restored (its audit chain fails, or the target is in use)."""


def backup_checkpoints(out: Path) -> Path:
    return Path(f"{out}{CHECKPOINT_SUFFIX}")


def backup(store: Store, out: Path, user: str, audited: Store | None = None) -> dict[str, Any]:
    """Snapshot ``store`` into the new file ``out`` (see the module's description).

    Call it on a connection outside any transaction: the server's writer between jobs, or the
    command line's own store. ``audited`` is the store whose audit writer records the backup
    (the server's main store, when ``store`` is its writer's connection).
    """
    out = Path(out).resolve()
    if out.exists() or backup_checkpoints(out).exists():
        raise InputError(f"{out} (or its .audit-checkpoints) already exists: choose a new file")
    audited = audited or store
    audit.record(audited, user, "backup", f"backup:{out.name}", {"encrypted": store.encrypted})
    config = config_for(audited)
    if config.checkpoints is not None and config.checkpoints.exists():
        shutil.copyfile(config.checkpoints, backup_checkpoints(out))
    try:
        report = copy_store(store, out)
    except BaseException:
        remove_quietly(backup_checkpoints(out))
        raise
    entries = report.rows.get("main.audit_log", 0)
    return {**report.to_dict(), "audit_entries": entries,
            "checkpoints": str(backup_checkpoints(out))}


def restore(source: Path, db: Path, user: str, *, replace: bool = False) -> dict[str, Any]:
    """Put the backup ``source`` in place as the store ``db`` (not open anywhere: stop the
    server first), verified against the audit chain; returns the verification."""
    source, db = Path(source).resolve(), Path(db).resolve()
    if not source.is_file():
        raise InputError(f"{source}: no such backup")
    if db.exists() and not replace:
        raise InputError(f"{db} exists: pass --replace to restore over it (it is kept as "
                         f"{db.name}.replaced-<time>)")
    if is_encrypted(source) and store_key_from_env() is None:
        raise RestoreError(f"{source} is encrypted: set LINEWATCH_STORE_KEY to the key of the "
                           "store it was taken from")
    if db.exists():
        _check_not_held(db)
    staged = db.with_name(f"{db.name}.restoring-{uuid.uuid4().hex[:8]}")
    shutil.copyfile(source, staged)
    try:
        entries, head, keyed_from = _verified_backup(staged, backup_checkpoints(source))
    except BaseException:
        remove_quietly(staged)
        remove_quietly(Path(f"{staged}.wal"))
        raise
    kept = None
    if db.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = db.with_name(f"{db.name}.replaced-{stamp}")
        os.replace(db, kept)
        wal = Path(f"{db}.wal")
        if wal.exists():  # the WAL of the replaced store: never replay it onto the backup
            os.replace(wal, Path(f"{kept}.wal"))
    os.replace(staged, db)
    with Store.open(db) as store:
        _finish_backup_job(store)
        config = config_for(store)
        if config.checkpoints is not None:
            if not config.checkpoints.exists() and backup_checkpoints(source).exists():
                shutil.copyfile(backup_checkpoints(source), config.checkpoints)
            audit_checkpoints.append(config.checkpoints, config.key, entries=entries, head=head,
                                     keyed_from=keyed_from, reason=audit_checkpoints.RESTORED)
        audit.record(store, user, "restore", f"backup:{source.name}",
                     {"entries_restored": entries, "replaced": kept.name if kept else None})
        audit.close(store)
        result = audit.verify(store).to_dict()
    if not result["ok"]:
        raise RestoreError(f"the restored store's audit log does not verify: {result['problem']}")
    return {**result, "restored_from": str(source), "replaced_store_kept_as":
            str(kept) if kept else None}


def _finish_backup_job(store: Store) -> None:
    """A backup taken by the server holds its own job as running (the snapshot is taken
    between jobs, so it is the only one): record it as done, not as interrupted."""
    from linewatch.api.users import now

    if store.table_exists("jobs"):
        store.execute("UPDATE jobs SET state = 'done', finished_at = ? "
                      "WHERE kind = 'backup' AND state = 'running'", [now()])


def _verified_backup(staged: Path, checkpoints: Path) -> tuple[int, str, int]:
    """The backup's audit entries and head, after verifying its chain against its own
    checkpoints; and the first keyed entry. ``staged`` is a copy of the backup."""
    with Store.open(staged, migrate=False) as backup_store:
        own = config_for(backup_store)
        config = AuditConfig(own.key, checkpoints, own.every)
        result = audit.verify(backup_store, config)
    if not result.ok:
        raise RestoreError(f"the backup's audit log does not verify ({result.problem}); "
                           "nothing was restored")
    keyed_from = result.keyed_from if result.keyed_from is not None else \
        result.legacy_entries + 1
    return result.entries, result.last_hash, keyed_from


def _check_not_held(db: Path) -> None:
    from linewatch.storage.encryption import StoreKeyError

    try:
        Store.open(db, read_only=True, migrate=False).close()
    except StoreKeyError:
        raise
    except LinewatchError as exc:
        raise RestoreError(f"{db} is in use ({exc}); stop the server before restoring") from exc
