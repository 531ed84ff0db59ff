"""The resolve CLI: run, merge/split/undo/overrides and explain-match, on a throwaway app."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from resolve_world import add_nominals, nominal, population
from typer.testing import CliRunner

from linewatch.cli.resolve import register
from linewatch.storage import Store

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """linewatch (test)"""

    register(app)
    return app


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "lw.duckdb"
    with Store.open(db) as store:
        rows, _ = population(40)
        rows += [nominal("custody", "C-JAY", "Jay", "SMITH", "2006-04-03", postcode="ME4 4QU",
                         address="12 Example Road"),
                 nominal("social_care", "S-JAY", "Jayden", "Smyth", "2006-03-04",
                         postcode="ME4 4QU", address="12 Example Rd")]
        add_nominals(store, rows)
    return db


def test_resolve_runs_and_reports(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = runner.invoke(_app(), ["resolve", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    with Store.open(db) as store:
        records = store.count("nominals")
    assert summary["records"] == records and summary["persons"] < records
    table = runner.invoke(_app(), ["resolve", "--db", str(db), "--threshold", "0.95"])
    assert table.exit_code == 0 and "persons" in table.output


def test_merge_split_undo_and_list_overrides(tmp_path: Path) -> None:
    db = _db(tmp_path)
    app = _app()
    assert runner.invoke(app, ["resolve", "--db", str(db)]).exit_code == 0
    split = runner.invoke(app, ["resolve", "split", "social_care:S-JAY", "--user", "DC Hale",
                                "--reason", "not him", "--db", str(db), "--json"])
    assert split.exit_code == 0, split.output
    override_id = json.loads(split.stdout)["override_id"]
    with Store.open(db) as store:
        persons = store.query("SELECT DISTINCT person_id FROM person_records "
                              "WHERE record_id IN ('C-JAY', 'S-JAY')")
    assert len(persons) == 2
    merged = runner.invoke(app, ["resolve", "merge", "custody:C-JAY", "social_care:S-JAY",
                                 "--user", "DS Kaur", "--reason", "photo", "--db", str(db)])
    assert merged.exit_code == 0 and "recorded" in merged.output
    undo = runner.invoke(app, ["resolve", "undo", override_id, "--db", str(db)])
    assert undo.exit_code == 0, undo.output
    listing = runner.invoke(app, ["resolve", "overrides", "--db", str(db), "--json"])
    rows = json.loads(listing.stdout)
    assert [r["action"] for r in rows] == ["split", "merge"]
    assert rows[0]["undone_at"] is not None and rows[1]["undone_at"] is None


def test_override_needs_user_and_reason(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = runner.invoke(_app(), ["resolve", "split", "custody:C-JAY", "--db", str(db)])
    assert result.exit_code != 0


def test_explain_match_pair_and_person(tmp_path: Path) -> None:
    db = _db(tmp_path)
    app = _app()
    runner.invoke(app, ["resolve", "--db", str(db)])
    result = runner.invoke(app, ["explain-match", "custody:C-JAY", "social_care:S-JAY",
                                 "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["same_person"] is True
    table = runner.invoke(app, ["explain-match", "custody:C-JAY", "social_care:S-JAY",
                                "--db", str(db)])
    assert table.exit_code == 0 and "transposed" in table.output
    person = data["person_ids"][0]
    shown = runner.invoke(app, ["explain-match", "--person", person, "--db", str(db)])
    assert shown.exit_code == 0 and "C-JAY" in shown.output
    bad = runner.invoke(app, ["explain-match", "custody:C-JAY", "--db", str(db)])
    assert bad.exit_code != 0
