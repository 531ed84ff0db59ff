"""The audit log is hash-chained: edits and deletions are detected and named (see
``test_audit_keyed.py`` for the key and the checkpoints)."""

from __future__ import annotations

from typing import Any

import typer
from typer.testing import CliRunner

from linewatch.api import audit
from linewatch.cli.serve import register
from linewatch.storage import Store


def _filled(store: Store, n: int = 5) -> None:
    for i in range(n):
        audit.record(store, "ana", "view_person", f"person:P{i}", {"i": i}, None)


def test_untouched_chain_verifies(memory_store: Store) -> None:
    _filled(memory_store)
    result = audit.verify(memory_store)
    assert result.ok and result.entries == 5 and result.first_bad_seq is None


def test_edited_entry_is_detected_at_its_seq(memory_store: Store) -> None:
    _filled(memory_store)
    memory_store.execute("UPDATE audit_log SET target = 'person:P99' WHERE seq = 3")
    result = audit.verify(memory_store)
    assert not result.ok and result.first_bad_seq == 3


def test_edited_detail_is_detected(memory_store: Store) -> None:
    _filled(memory_store)
    memory_store.execute("UPDATE audit_log SET detail = '{\"i\": 7}' WHERE seq = 2")
    assert audit.verify(memory_store).first_bad_seq == 2


def test_deleted_entry_is_detected(memory_store: Store) -> None:
    _filled(memory_store)
    memory_store.execute("DELETE FROM audit_log WHERE seq = 2")
    result = audit.verify(memory_store)
    assert not result.ok and result.first_bad_seq == 2 and "missing" in (result.problem or "")


def test_deleted_and_renumbered_entries_are_detected(memory_store: Store) -> None:
    _filled(memory_store)
    memory_store.execute("DELETE FROM audit_log WHERE seq = 2")
    memory_store.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2")
    result = audit.verify(memory_store)
    assert not result.ok and result.first_bad_seq == 2


def test_an_edit_rehashed_without_the_key_is_caught_at_the_edit(memory_store: Store) -> None:
    _filled(memory_store)
    row = memory_store.query_dicts("SELECT * FROM audit_log WHERE seq = 3")[0]
    row["target"] = "person:forged"
    memory_store.execute("UPDATE audit_log SET target = ?, hash = ? WHERE seq = 3",
                         [row["target"], audit.entry_hash(row, row["prev_hash"])])
    result = audit.verify(memory_store)
    assert result.first_bad_seq == 3 and "without the key" in (result.problem or "")


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_audit_verify_exits_non_zero_naming_the_bad_seq(tmp_path: Any) -> None:
    db = tmp_path / "lw.duckdb"
    with Store.open(db) as store:
        _filled(store)
    runner = CliRunner()
    ok = runner.invoke(_cli(), ["audit", "verify", "--db", str(db)])
    assert ok.exit_code == 0 and "intact" in ok.output
    with Store.open(db) as store:
        store.execute("DELETE FROM audit_log WHERE seq = 4")
    bad = runner.invoke(_cli(), ["audit", "verify", "--db", str(db)])
    assert bad.exit_code == 1 and "seq 4" in bad.output
    shown = runner.invoke(_cli(), ["audit", "show", "--db", str(db), "--limit", "2"])
    assert shown.exit_code == 0 and "view_person" in shown.output


def test_audit_api_verify_reports_tampering(kit: Any) -> None:
    from linewatch.api import create_app

    store = kit.make_store(roles=("supervisor",))
    app = create_app(kit.make_settings(), store=store)
    sup = kit.sign_in(app, "supervisor")
    assert sup.get("/api/audit/verify").json()["ok"] is True
    store.execute("UPDATE audit_log SET user_name = 'someone-else' WHERE seq = 1")
    body = sup.get("/api/audit/verify").json()
    assert body["ok"] is False and body["first_bad_seq"] == 1
