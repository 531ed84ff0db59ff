"""``linewatch export``: writes the file for the chosen role and audits it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.export import FORMATS
from linewatch.storage import Store
from linewatch.vocabulary import EXPORT_FORMATS


def test_the_vocabulary_lists_the_formats() -> None:
    assert tuple(FORMATS) == EXPORT_FORMATS


def test_export_writes_the_file_and_an_audit_entry(analysed_world: Any, tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path)
    out = tmp_path / "case.gexf"
    result = CliRunner().invoke(app, ["export", "gexf", "--db", str(db), "--out", str(out),
                                      "--role", "partner", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert out.exists() and summary["role"] == "partner" and summary["nodes"] > 0
    with Store.open(db) as store:
        row = store.query_one("SELECT action, target, CAST(detail AS VARCHAR) FROM audit_log "
                              "ORDER BY seq DESC LIMIT 1")
    assert row is not None and row[0] == "export" and row[1] == "gexf:case"
    assert json.loads(row[2])["nodes"] == summary["nodes"]


def test_an_unknown_format_or_role_is_refused(analysed_world: Any,
                                                     tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path)
    for args in (["export", "pdf"], ["export", "csv", "--role", "chief"]):
        result = CliRunner().invoke(app, [*args, "--db", str(db), "--out", str(tmp_path / "x")])
        assert result.exit_code != 0
