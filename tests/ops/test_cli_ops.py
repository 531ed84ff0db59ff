"""``linewatch ops`` end to end on a store file: plan, approve, export, record, tell, review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from ops_world import build, outcomes
from typer.testing import CliRunner

from linewatch.cli.ops import register
from linewatch.errors import LinewatchError
from linewatch.storage import Store

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    main = typer.Typer()

    @main.callback()
    def _root() -> None:
        """linewatch"""

    register(main)
    return main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lw.duckdb"
    with Store.open(path) as store:
        build(store)
    return path


def _ok(app: typer.Typer, *args: str) -> str:
    result = runner.invoke(app, ["ops", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_plan_show_approve_export_record_and_summarise(app: typer.Typer, db: Path,
                                                       tmp_path: Path) -> None:
    d = str(db)
    out = _ok(app, "plan", "--name", "Operation Kestrel", "--line", "L1", "--person", "P4",
              "--at", "2024-03-05T05:00", "--user", "ana", "--db", d)
    assert "operation OP1 (draft)" in out
    board = json.loads(_ok(app, "show", "OP1", "--db", d, "--json"))
    assert [a["force"] for a in board["addresses"]] == ["Kent Police", "Metropolitan Police",
                                                        "Kent Police"]
    assert "firearms" in board["addresses"][1]["flags"]
    _ok(app, "entry", "OP1", "A2", "--at", "2024-03-05T06:00", "--user", "ana", "--db", d)
    assert json.loads(_ok(app, "show", "OP1", "--db", d, "--json"))["warnings"]
    _ok(app, "entry", "OP1", "A2", "--at", "2024-03-05T05:00", "--user", "ana", "--db", d)
    refused = runner.invoke(app, ["ops", "approve", "OP1", "--user", "ana", "--db", d])
    assert refused.exit_code != 0 and isinstance(refused.exception, LinewatchError)
    assert "OP1: draft -> approved by sue" in _ok(app, "approve", "OP1", "--user", "sue",
                                                  "--db", d)
    html, pdf, kent = tmp_path / "p.html", tmp_path / "p.pdf", tmp_path / "kent.pdf"
    _ok(app, "export", "OP1", "--format", "html", "--out", str(html), "--db", d)
    _ok(app, "export", "OP1", "--format", "pdf", "--out", str(pdf), "--db", d)
    _ok(app, "export", "OP1", "--format", "pdf", "--out", str(kent), "--force", "Kent Police",
        "--db", d)
    assert "3 Sample Street" in html.read_text(encoding="utf-8")
    assert pdf.read_bytes().startswith(b"%PDF") and kent.read_bytes().startswith(b"%PDF")
    doc = tmp_path / "outcomes.yaml"
    doc.write_text(yaml.safe_dump(outcomes()), encoding="utf-8")
    assert "recorded 12 result(s)" in _ok(app, "record", "OP1", "--file", str(doc), "--user",
                                          "ana", "--db", d)
    _ok(app, "record", "OP1", "--address", "A2", "--drug", "heroin:A:12:wraps", "--weapon",
        "machete", "--cash", "£500", "--user", "ana", "--db", d)
    text = _ok(app, "summary", "OP1", "--db", d)
    assert "£20,500 in cash" in text and "12 wraps of heroin" in text and "a machete" in text
    listed = json.loads(_ok(app, "list", "--db", d, "--json"))
    assert listed["data"][0]["status"] == "executed"
    review = json.loads(_ok(app, "after", "OP1", "--db", d, "--json"))
    assert review["targets_arrested"] == 1
    _ok(app, "status", "OP1", "closed", "--user", "sue", "--db", d)


def test_force_lookup_and_partner_force(app: typer.Typer, db: Path) -> None:
    assert json.loads(_ok(app, "force", "da7 4aa", "--json"))["force"] == "Metropolitan Police"
    _ok(app, "partner-force", "kent1", "Kent Police", "--user", "admin", "--db", str(db))
    with Store.open(db) as store:
        from linewatch.ops import partner_force

        assert partner_force(store, "kent1") == "Kent Police"


def test_record_needs_a_file_or_an_address(app: typer.Typer, db: Path) -> None:
    result = runner.invoke(app, ["ops", "record", "OP1", "--user", "ana", "--db", str(db)])
    assert result.exit_code != 0 and "give --file" in str(result.exception)
