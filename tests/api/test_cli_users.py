"""``linewatch users`` and ``linewatch serve``'s refusal of a weak secret."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from linewatch.api.users import authenticate
from linewatch.cli.serve import register
from linewatch.storage import Store


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_users_add_reads_the_password_from_stdin_and_hashes_it(tmp_path: Any) -> None:
    db = str(tmp_path / "lw.duckdb")
    res = CliRunner().invoke(_cli(), ["users", "add", "ana", "--role", "analyst", "--db", db],
                             input="correct horse battery\n")
    assert res.exit_code == 0, res.output
    with Store.open(db) as store:
        stored = store.scalar("SELECT password_hash FROM users WHERE name = 'ana'")
        assert stored.startswith("$argon2") and "correct horse" not in stored
        assert authenticate(store, "ana", "correct horse battery") is not None
        assert authenticate(store, "ana", "wrong password here") is None


@pytest.mark.parametrize(("role", "password", "message"), [
    ("analyst", "short", "at least 12"),
    ("wizard", "a long enough password", "unknown role"),
])
def test_users_add_refuses_weak_passwords_and_unknown_roles(tmp_path: Any, role: str,
                                                            password: str, message: str) -> None:
    db = str(tmp_path / "lw.duckdb")
    res = CliRunner().invoke(_cli(), ["users", "add", "bob", "--role", role, "--db", db],
                             input=password + "\n")
    assert res.exit_code != 0 and message in str(res.exception)


def test_users_list_and_disable(tmp_path: Any) -> None:
    db = str(tmp_path / "lw.duckdb")
    runner = CliRunner()
    runner.invoke(_cli(), ["users", "add", "sue", "--role", "supervisor", "--db", db],
                  input="a long enough password\n")
    assert runner.invoke(_cli(), ["users", "disable", "sue", "--db", db]).exit_code == 0
    listed = runner.invoke(_cli(), ["users", "list", "--db", db])
    assert "sue" in listed.output and "disabled" in listed.output
    with Store.open(db) as store:
        assert authenticate(store, "sue", "a long enough password") is None
        actions = [r[0] for r in store.query("SELECT action FROM audit_log ORDER BY seq")]
        assert actions == ["user_add", "user_disable"]


def test_serve_refuses_to_start_without_a_strong_secret(tmp_path: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEWATCH_SECRET_KEY", "changeme")
    res = CliRunner().invoke(_cli(), ["serve", "--db", str(tmp_path / "lw.duckdb")])
    assert res.exit_code == 2
    assert "LINEWATCH_SECRET_KEY" in res.output


def test_users_reset_password_and_role_are_audited(tmp_path: Any) -> None:
    db = str(tmp_path / "lw.duckdb")
    runner = CliRunner()
    runner.invoke(_cli(), ["users", "add", "sue", "--role", "analyst", "--db", db],
                  input="a long enough password\n")
    reset = runner.invoke(_cli(), ["users", "reset-password", "sue", "--db", db],
                          input="another long password\n")
    assert reset.exit_code == 0, reset.output
    role = runner.invoke(_cli(), ["users", "role", "sue", "supervisor", "--db", db])
    assert role.exit_code == 0 and "was analyst" in role.output
    with Store.open(db) as store:
        assert authenticate(store, "sue", "another long password") is not None
        assert store.scalar("SELECT role FROM users WHERE name = 'sue'") == "supervisor"
        actions = [r[0] for r in store.query("SELECT action FROM audit_log ORDER BY seq")]
        assert actions == ["user_add", "user_reset_password", "user_role"]
