"""The keyed audit chain and its checkpoints: rewrites, cut tails, wrong and weak keys."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from linewatch.api import audit
from linewatch.api.audit_chain import GENESIS
from linewatch.api.audit_key import AuditConfig, AuditKey, AuditKeyError, configure
from linewatch.api.users import get_user
from linewatch.cli.serve import register
from linewatch.storage import Store

ROW_SQL = ("SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS detail, "
           "reason, prev_hash, hash FROM audit_log ORDER BY seq")


def _key() -> AuditKey:
    return AuditKey.from_text(secrets.token_urlsafe(48))


def _store(tmp_path: Path, key: AuditKey, every: int = 1000) -> tuple[Store, AuditConfig]:
    store = Store.open(tmp_path / "lw.duckdb")
    config = AuditConfig(key, Path(store.path + ".audit-checkpoints"), every)
    configure(store, config)
    return store, config


def _fill(store: Store, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        audit.record(store, "ana", "view_person", f"person:P{i}", {"i": i})


def _rewrite_without_key(store: Store, from_seq: int, target: str) -> None:
    """What an insider with write access but no key can do: edit an entry and recompute
    every later hash with the project's own (unkeyed) hash function."""
    prev = GENESIS
    for row in store.query_dicts(ROW_SQL):
        if row["seq"] == from_seq:
            row["target"] = target
        if row["seq"] >= from_seq:
            row["prev_hash"] = prev
            row["hash"] = audit.entry_hash(row, prev)
            store.execute("UPDATE audit_log SET target = ?, prev_hash = ?, hash = ? "
                          "WHERE seq = ?", [row["target"], prev, row["hash"], row["seq"]])
        prev = row["hash"]


def test_an_intact_keyed_log_verifies_with_its_checkpoints(tmp_path: Path) -> None:
    store, config = _store(tmp_path, _key(), every=3)
    _fill(store, 7)
    audit.close(store)
    result = audit.verify(store, config)
    assert result.ok, result.problem
    assert result.entries == 7 and result.legacy_entries == 0 and result.keyed_from == 1
    lines = [json.loads(x) for x in config.checkpoints.read_text().splitlines()]  # type: ignore[union-attr]
    assert [(x["reason"], x["entries"]) for x in lines] == [
        ("anchor", 0), ("periodic", 3), ("periodic", 6), ("shutdown", 7)]
    assert lines[-1]["head"] == result.last_hash


def test_a_chain_rewritten_without_the_key_is_detected(tmp_path: Path) -> None:
    store, config = _store(tmp_path, _key())
    _fill(store, 6)
    audit.close(store)
    _rewrite_without_key(store, 3, "person:forged")
    result = audit.verify(store, config)
    assert not result.ok and result.first_bad_seq == 3
    assert "without the key" in (result.problem or "")


def test_a_whole_log_rewritten_as_unkeyed_is_caught_by_the_checkpoints(tmp_path: Path) -> None:
    store, config = _store(tmp_path, _key())
    _fill(store, 5)
    audit.close(store)
    _rewrite_without_key(store, 1, "person:forged")  # every entry now looks like a legacy one
    result = audit.verify(store, config)
    assert not result.ok and result.first_bad_seq == 1
    assert "without the key" in (result.problem or "")


def test_a_cut_tail_is_detected(tmp_path: Path) -> None:
    store, config = _store(tmp_path, _key())
    _fill(store, 6)
    audit.close(store)
    store.execute("DELETE FROM audit_log WHERE seq > 4")
    result = audit.verify(store, config)
    assert not result.ok and result.first_bad_seq == 5
    assert "the tail was cut" in (result.problem or "") and "counted 6" in (result.problem or "")


def test_a_cut_tail_with_the_checkpoint_file_deleted_is_detected(tmp_path: Path) -> None:
    store, config = _store(tmp_path, _key())
    _fill(store, 4)
    audit.close(store)
    config.checkpoints.unlink()  # type: ignore[union-attr]
    result = audit.verify(store, config)
    assert not result.ok and "missing" in (result.problem or "")


def test_an_edited_checkpoint_line_is_detected(tmp_path: Path) -> None:
    store, config = _store(tmp_path, _key())
    _fill(store, 4)
    audit.close(store)
    path = config.checkpoints
    assert path is not None
    lines = path.read_text().splitlines()
    last = json.loads(lines[-1])
    last["entries"] = 2  # pretend the log was shorter, to hide a cut tail
    path.write_text("\n".join([*lines[:-1], json.dumps(last)]) + "\n")
    result = audit.verify(store, config)
    assert not result.ok and "altered" in (result.problem or "")


def test_the_wrong_key_is_detected(tmp_path: Path) -> None:
    store, config = _store(tmp_path, _key())
    _fill(store, 3)
    audit.close(store)
    other = AuditConfig(_key(), config.checkpoints)
    result = audit.verify(store, other)
    assert not result.ok and "another audit key" in (result.problem or "")
    no_file = audit.verify(store, AuditConfig(other.key, None))
    assert not no_file.ok and no_file.first_bad_seq == 1
    assert "LINEWATCH_AUDIT_KEY" in (no_file.problem or "")


def test_legacy_entries_are_anchored_when_the_key_arrives(tmp_path: Path) -> None:
    db = tmp_path / "lw.duckdb"
    with Store.open(db) as store:  # a log written before keys: plain SHA-256 hashes
        prev = GENESIS
        for seq in (1, 2, 3):
            entry = {"seq": seq, "at": dt.datetime(2026, 1, 1, 10, seq), "user_name": "old",
                     "action": "login", "target": None, "detail": None, "reason": None}
            digest = audit.entry_hash(entry, prev)
            store.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [seq, entry["at"], "old", "login", None, None, None, prev, digest])
            prev = digest
    store, config = _store(tmp_path, _key())
    _fill(store, 2)
    audit.close(store)
    result = audit.verify(store, config)
    assert result.ok and result.legacy_entries == 3 and result.keyed_from == 4
    assert any("predate the audit key" in w for w in result.warnings)
    store.execute("UPDATE audit_log SET user_name = 'someone' WHERE seq = 2")
    _rewrite_without_key(store, 2, None)  # type: ignore[arg-type]
    broken = audit.verify(store, config)
    assert not broken.ok and broken.first_bad_seq == 3  # the anchor held entry 3's hash


@pytest.mark.parametrize("raw", ["", "changeme", "short-key-123", "a" * 40])
def test_missing_or_weak_keys_are_refused_in_one_line(raw: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEWATCH_AUDIT_KEY", raw)
    with pytest.raises(AuditKeyError) as err:
        AuditConfig.from_env("lw.duckdb")
    message = str(err.value)
    assert "LINEWATCH_AUDIT_KEY" in message and "\n" not in message
    monkeypatch.delenv("LINEWATCH_AUDIT_KEY")
    with pytest.raises(AuditKeyError, match="LINEWATCH_AUDIT_KEY is missing"):
        AuditConfig.from_env("lw.duckdb")


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_refuses_to_serve_or_change_users_without_a_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Any) -> None:
    db = tmp_path / "lw.duckdb"
    monkeypatch.setenv("LINEWATCH_SECRET_KEY", kit.SECRET)
    monkeypatch.setenv("LINEWATCH_AUDIT_KEY", "changeme")
    res = CliRunner().invoke(_cli(), ["serve", "--db", str(db)])
    assert res.exit_code == 2 and "LINEWATCH_AUDIT_KEY is too weak" in res.output
    monkeypatch.delenv("LINEWATCH_AUDIT_KEY")
    added = CliRunner().invoke(_cli(), ["users", "add", "bob", "--role", "analyst", "--db",
                                        str(db)], input=kit.PASSWORD + "\n")
    assert isinstance(added.exception, AuditKeyError)
    with Store.open(db) as store:
        assert get_user(store, "bob") is None  # refused before anything changed


def test_cli_verify_and_checkpoints(tmp_path: Path) -> None:
    db = tmp_path / "lw.duckdb"
    with Store.open(db) as store:
        _fill(store, 3)
        audit.close(store)
    runner = CliRunner()
    shown = runner.invoke(_cli(), ["audit", "checkpoints", "--db", str(db), "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.output)["checkpoints"][0]["entries"] == 3
    with Store.open(db) as store:
        store.execute("DELETE FROM audit_log WHERE seq = 3")
    cut = runner.invoke(_cli(), ["audit", "verify", "--db", str(db)])
    assert cut.exit_code == 1 and "tail was cut" in cut.output


def test_supervisors_see_the_checkpoints_analysts_do_not(kit: Any, tmp_path: Path) -> None:
    from linewatch.api import create_app

    store = kit.add_role_users(Store.open(tmp_path / "api.duckdb"), ("supervisor", "analyst"))
    app = create_app(kit.make_settings(), store=store)
    body = kit.sign_in(app, "supervisor").get("/api/audit/checkpoints").json()
    assert body["path"] == store.path + ".audit-checkpoints"
    assert body["checkpoints"][-1]["reason"] == "anchor"
    assert kit.sign_in(app, "analyst").get("/api/audit/checkpoints").status_code == 403


def test_the_apps_clean_shutdown_writes_a_checkpoint(kit: Any, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from linewatch.api import create_app

    store = kit.add_role_users(Store.open(tmp_path / "app.duckdb"), ("analyst",))
    app = create_app(kit.make_settings(), store=store)
    with TestClient(app) as client:  # runs the app's lifespan: startup, then shutdown
        res = client.post("/api/auth/login", json={"name": "analyst", "password": kit.PASSWORD})
        assert res.status_code == 200
    lines = Path(store.path + ".audit-checkpoints").read_text().splitlines()
    last = json.loads(lines[-1])
    assert last["reason"] == "shutdown" and last["entries"] == 1
    assert audit.verify(store).ok


def test_the_audit_key_must_differ_from_the_secret_key(kit: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from linewatch.api import Settings

    monkeypatch.setenv("LINEWATCH_AUDIT_KEY", kit.SECRET)
    with pytest.raises(ValidationError, match="must not be the same"):
        Settings(secret_key=kit.SECRET)
