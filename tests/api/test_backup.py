"""Backups hold what sits in the WAL, and a restore is verified against the audit chain.

``serve`` never closes the store, so the newest audit entries are in the WAL, not the
``.duckdb`` file: a backup must hold them. Putting an older backup in place by hand cuts the
audit log's tail (``audit verify`` says so); :func:`restore` appends a signed ``restored``
checkpoint, so the restored log verifies.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from linewatch.api import audit
from linewatch.api.backup import RestoreError, backup, restore
from linewatch.errors import InputError
from linewatch.storage import Store


def _record(store: Store, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        audit.record(store, "analyst", "view_person", f"person:P{i:05d}")


def test_a_backup_of_a_store_with_an_unflushed_wal_holds_every_audit_entry(
        analysed_world: Any, tmp_path: Path) -> None:
    store = analysed_world.open_copy(tmp_path / "live")
    try:
        _record(store, 300)
        wal = Path(f"{store.path}.wal")
        assert wal.is_file() and wal.stat().st_size > 0  # the entries are in the WAL
        out = tmp_path / "backup.duckdb"
        result = backup(store, out, "admin")
        in_store = store.count("audit_log")
        assert result["audit_entries"] == in_store  # the backup's own entry included
        assert result["encrypted"] is False
        persons = store.count("persons")
    finally:
        audit.close(store)
        store.close()
    with Store.open(out, read_only=True) as copy:
        assert copy.count("audit_log") == in_store and copy.count("persons") == persons
        assert copy.query("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1") == \
            [("backup",)]
    with pytest.raises(InputError, match="already exists"):
        with Store.open(tmp_path / "other.duckdb") as other:
            backup(other, out, "admin")


def test_restoring_over_a_newer_store_verifies_where_a_copy_by_hand_is_a_cut_tail(
        analysed_world: Any, tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path / "live")
    out = tmp_path / "backup.duckdb"
    with Store.open(db) as store:
        _record(store, 40)
        taken = backup(store, out, "admin")["audit_entries"]
        _record(store, 25, start=40)  # the store moves on after the backup
        audit.close(store)  # a clean stop: its checkpoint counts every entry
    # a copy put in place by hand: the checkpoints counted more entries than it holds
    by_hand = tmp_path / "by-hand" / "world.duckdb"
    by_hand.parent.mkdir()
    shutil.copyfile(out, by_hand)
    shutil.copyfile(f"{db}.audit-checkpoints", f"{by_hand}.audit-checkpoints")
    with Store.open(by_hand) as store:
        cut = audit.verify(store)
    assert not cut.ok and "the tail was cut" in (cut.problem or "")
    result = restore(out, db, "admin", replace=True)
    assert result["ok"] and result["entries"] == taken + 1  # and the restore's own entry
    assert result["replaced_store_kept_as"] and Path(result["replaced_store_kept_as"]).is_file()
    with Store.open(db) as store:
        assert audit.verify(store).ok
        assert store.query("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1") == \
            [("restore",)]
        found = audit.checkpoints(store)
    restored = [c for c in found["checkpoints"] if c["reason"] == "restored"]
    assert [c["entries"] for c in restored] == [taken]
    # the checkpoints of the replaced history (more entries than the backup) no longer apply
    assert max(c["entries"] for c in found["checkpoints"]) == taken + 1


def test_a_backup_whose_audit_log_was_edited_is_not_restored(
        analysed_world: Any, tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path / "live")
    out = tmp_path / "backup.duckdb"
    with Store.open(db) as store:
        _record(store, 10)
        backup(store, out, "admin")
        audit.close(store)
    with Store.open(out) as copy:
        copy.execute("UPDATE audit_log SET target = 'person:SOMEONE-ELSE' WHERE seq = 3")
    target = tmp_path / "restored.duckdb"
    with pytest.raises(RestoreError, match="does not verify"):
        restore(out, target, "admin")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_only_an_admin_may_queue_a_backup_and_only_to_a_new_absolute_path(
        kit: Any, tmp_path: Path) -> None:
    from linewatch.api import create_app
    from linewatch.api.access import ROLES

    store = kit.make_store()
    app = create_app(kit.make_settings(), store=store)
    try:
        for role in ROLES:
            client = kit.sign_in(app, role)
            res = client.post("/api/jobs/backup", json={"out": "relative.duckdb"})
            assert res.status_code == (400 if role == "admin" else 403), (role, res.text)
        admin = kit.sign_in(app, "admin")
        taken = tmp_path / "taken.duckdb"
        taken.write_bytes(b"")
        assert admin.post("/api/jobs/backup", json={"out": str(taken)}).status_code == 400
        assert store.count("jobs") == 0
        out = tmp_path / "queued.duckdb"
        job = admin.post("/api/jobs/backup", json={"out": str(out)}).json()
        deadline = time.monotonic() + 120
        done = job
        while done["state"] in {"queued", "running"} and time.monotonic() < deadline:
            time.sleep(0.1)
            done = admin.get(f"/api/jobs/{job['job_id']}").json()
        assert done["state"] == "done", done
        assert done["result"]["audit_entries"] > 0 and out.is_file()
    finally:
        app.state.jobs.stop(grace_seconds=0)
        store.close()
