"""``linewatch watch add|list|remove`` and ``linewatch alerts`` on a store, as a user runs
them: a watched number in a new import raises an alert the user then reads (audited)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linewatch.api.users import add_user
from linewatch.cli.app import app
from linewatch.errors import InputError
from linewatch.storage import Store

runner = CliRunner()
PASSWORD = "a long enough password for the cli 7"


def _cdr(folder: Path, rows: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cdr.csv").write_text("start_time,a_number,b_number,event_type\n"
                                    + "".join(r + "\n" for r in rows), encoding="utf-8")
    return folder


def test_watch_import_alert_and_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    with Store.open(db) as store:
        add_user(store, "ann", "analyst", PASSWORD)
    first = runner.invoke(app, ["ingest", str(_cdr(tmp_path / "a", [
        "2026-01-01T10:00:00,07700900001,07700900002,sms"])), "--db", db])
    assert first.exit_code == 0, first.output
    added = runner.invoke(app, ["watch", "add", "phone", "07700 900002", "--user", "ann",
                                "--db", db, "--json"])
    assert added.exit_code == 0, added.output
    watch = json.loads(added.stdout)
    assert watch["value"] == "+447700900002"
    listed = json.loads(runner.invoke(app, ["watch", "list", "--db", db, "--json"]).stdout)
    assert [w["watch_id"] for w in listed] == [watch["watch_id"]]
    # what was known when the watch was added raises nothing; a new call does
    assert json.loads(runner.invoke(app, ["alerts", "--user", "ann", "--db", db,
                                          "--json"]).stdout) == []
    second = runner.invoke(app, ["ingest", str(_cdr(tmp_path / "b", [
        "2026-01-02T11:00:00,07700900003,07700900002,voice"])), "--db", db])
    assert second.exit_code == 0, second.output
    assert "1 alert(s) raised" in second.output
    alerts = json.loads(runner.invoke(app, ["alerts", "--user", "ann", "--db", db,
                                            "--json"]).stdout)
    assert len(alerts) == 1 and alerts[0]["watch_id"] == watch["watch_id"]
    assert [e["table"] for e in alerts[0]["evidence"]] == ["cdr"]
    with Store.open(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'alerts_read' "
                            "AND user_name = 'ann'") == 2
    removed = runner.invoke(app, ["watch", "remove", watch["watch_id"], "--user", "ann",
                                  "--db", db])
    assert removed.exit_code == 0, removed.output
    assert json.loads(runner.invoke(app, ["watch", "list", "--db", db, "--json"]).stdout) == []


def test_alerts_need_a_user_of_the_store(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    Store.open(db).close()
    result = runner.invoke(app, ["alerts", "--user", "nobody", "--db", db])
    assert isinstance(result.exception, InputError)
    assert "no active user 'nobody'" in str(result.exception)
