"""``linewatch backup`` while ``linewatch serve`` holds an encrypted store, then ``restore``.

The server runs in a child process on an encrypted copy of the analysed world; the CLI
forwards the backup to it as an admin's job. After the server stops, the backup is restored
over the store: every table but the audit log and the jobs holds the same rows, and
``audit verify`` passes.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from tests.server_process import Server, run_cli, store_with_users

from linewatch.storage import Store
from linewatch.storage.copies import table_rows
from linewatch.storage.encryption import is_encrypted

#: tables that change after the backup in this test (its own audit entries and job)
MOVING = {"main.audit_log", "main.jobs"}


def _rows(db: Path, key: str) -> dict[str, int]:
    with Store.open(db, key=key, read_only=True) as store:
        return table_rows(store.raw_connection(), str(store.scalar("SELECT current_database()")))


def test_backup_while_serving_an_encrypted_store_then_restore(
        analysed_world: Any, tmp_path: Path) -> None:
    key = secrets.token_urlsafe(48)
    db, tokens = store_with_users(analysed_world, tmp_path / "live",
                                  roles=("admin", "analyst"), key=key)
    out = tmp_path / "nightly.duckdb"
    server = Server(db, LINEWATCH_STORE_KEY=key)
    try:
        with server.client(tokens["analyst"]) as analyst:
            for _ in range(5):  # audit entries that sit in the WAL
                assert analyst.get("/api/targets").status_code == 200
        refused = run_cli("backup", "--db", str(db), "--out", str(tmp_path / "no.duckdb"),
                          token=tokens["analyst"])
        assert refused.returncode == 2 and "403" in refused.stderr
        done = run_cli("backup", "--db", str(db), "--out", str(out), "--json",
                       token=tokens["admin"])
        assert done.returncode == 0, done.stderr
        assert "forwarding" in done.stderr
        taken = json.loads(done.stdout)
    finally:
        server.stop()
    assert taken["encrypted"] and is_encrypted(out)
    with Store.open(db, key=key, read_only=True) as store:
        names = [r[0] for r in store.query("SELECT display_name FROM persons "
                                           "WHERE display_name IS NOT NULL ORDER BY 1 LIMIT 5")]
    content = out.read_bytes()
    assert names and not any(name.encode("utf-8") in content for name in names)
    before = _rows(db, key)
    in_backup = _rows(out, key)
    assert in_backup["main.audit_log"] == taken["audit_entries"] > 5
    without_key = run_cli("restore", str(out), "--db", str(db), "--replace",
                          LINEWATCH_STORE_KEY="")
    assert without_key.returncode == 2 and "LINEWATCH_STORE_KEY" in without_key.stderr
    put_back = run_cli("restore", str(out), "--db", str(db), "--replace", "--json",
                       LINEWATCH_STORE_KEY=key)
    assert put_back.returncode == 0, put_back.stderr
    after = _rows(db, key)
    assert {t: n for t, n in after.items() if t not in MOVING} == \
        {t: n for t, n in before.items() if t not in MOVING}
    assert after["main.audit_log"] == taken["audit_entries"] + 1  # and the restore's entry
    verified = run_cli("audit", "verify", "--db", str(db), LINEWATCH_STORE_KEY=key)
    assert verified.returncode == 0, verified.stderr
    assert "audit log intact" in verified.stdout
    with Store.open(db, key=key, read_only=True) as store:
        assert store.query("SELECT state FROM jobs WHERE kind = 'backup'") == [("done",)]
