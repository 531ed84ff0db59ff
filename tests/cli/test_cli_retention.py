"""``linewatch retention`` and ``linewatch fairness`` as a supervisor runs them on a store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.errors import InputError
from linewatch.storage import Store

runner = CliRunner()


def test_due_retain_delete_and_tombstones(analysed_world: Any, tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path)
    due = runner.invoke(app, ["retention", "due", "--db", str(db), "--as-of", "2100-01-01",
                              "--json"])
    assert due.exit_code == 0, due.output
    items = json.loads(due.stdout)["due"]
    assert items and {i["kind"] for i in items} == {"nominals", "intel"}
    nominal = next(i for i in items if i["kind"] == "nominals")
    kept = runner.invoke(app, ["retention", "retain", "nominals", nominal["record_id"],
                               "--source-system", nominal["source_system"], "--reason",
                               "open investigation", "--next-review", "2099-06-30",
                               "--db", str(db)])
    assert kept.exit_code == 0, kept.output
    assert "next review 2099-06-30" in kept.output
    report = next(i for i in items if i["kind"] == "intel")["record_id"]
    bad = runner.invoke(app, ["retention", "delete", "intel", report, "--reason", "meh",
                              "--db", str(db)])
    assert bad.exit_code != 0 and isinstance(bad.exception, InputError)
    gone = runner.invoke(app, ["retention", "delete", "intel", report, "--reason",
                               "excessive", "--db", str(db)])
    assert gone.exit_code == 0, gone.output
    assert "tombstone T-" in gone.output and report not in gone.output
    listed = runner.invoke(app, ["retention", "tombstones", "--db", str(db), "--json"])
    assert [t["reason_code"] for t in json.loads(listed.stdout)] == ["excessive"]
    with Store.open(db, read_only=True) as store:
        actions = [r[0] for r in store.query("SELECT action FROM audit_log ORDER BY seq")]
        assert {"view_retention_due", "retention_retain", "retention_delete"} <= set(actions)
        assert not store.scalar("SELECT count(*) FROM audit_log WHERE target LIKE ?",
                                [f"%{report}%"])


def test_fairness_prints_each_list_with_its_rule(analysed_world: Any, tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path)
    table = runner.invoke(app, ["fairness", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "targets" in table.output and "rule:" in table.output
    data = json.loads(runner.invoke(app, ["fairness", "--db", str(db), "--json"]).stdout)
    assert [lst["list"] for lst in data["lists"]] == ["targets", "safeguarding",
                                                      "line_role_flags", "association"]
    dims = {d["dimension"] for lst in data["lists"] for d in lst["dimensions"]}
    assert dims == {"age_band", "sex", "ethnicity", "area"}
