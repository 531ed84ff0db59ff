"""``linewatch mentions`` and ``linewatch outcomes`` on a throwaway Typer app."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from linewatch.cli.textgraph import register
from linewatch.storage import Store
from linewatch.text.intake import run

T0 = dt.datetime(2024, 9, 2, 12, 0)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "lw.duckdb"
    with Store.open(path) as store:
        store.write_rows("cdr", [{"start_time": T0, "a_number": "+447700900222",
                                  "b_number": "+447700900444", "event_type": "sms"}],
                         mode="append")
        store.write_rows("intel", [
            {"report_id": "IR1", "received_at": T0, "source_evaluation": "1",
             "intelligence_assessment": "A", "handling_code": "C",
             "handling_conditions": "Supervisors only.", "text": "Deal line 07700 900222."},
            {"report_id": "IR2", "received_at": T0, "source_evaluation": "2",
             "intelligence_assessment": "B", "handling_code": "P",
             "text": "A lad called 'Zed' sells in Margate."}], mode="append")
        store.write_rows("articles", [{"article_id": "A1", "title": "Raid",
                                       "text": "Seven people were arrested in Margate."}],
                         mode="append")
        run(store)
    return path


def test_mentions_json_filters_by_source_and_id(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(_app(), ["mentions", "--db", str(db), "--source", "intel",
                                         "--id", "IR1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["count"] == 1
    row = data["data"][0]
    assert (row["mention_type"], row["normalised"], row["matched_type"]) == (
        "phone", "+447700900222", "phone")
    assert row["handling_code"] == "C" and row["handling_conditions"] == "Supervisors only."
    assert row["match_evidence"]["cdr_events"] == 1
    every = json.loads(CliRunner().invoke(_app(), ["mentions", "--db", str(db), "--json"]).output)
    assert {r["source_kind"] for r in every["data"]} == {"intel", "articles"}


def test_mentions_table_shows_grade_and_handling_note(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(_app(), ["mentions", "--db", str(db), "--source", "intel"])
    assert result.exit_code == 0, result.output
    assert "1AC" in result.output and "Zed" in result.output
    assert "handling conditions" in result.output


def test_mentions_rejects_an_unknown_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["mentions", "--db", str(_db(tmp_path)),
                                         "--source", "emails"])
    assert result.exit_code != 0


def test_outcomes_lists_article_records(tmp_path: Path) -> None:
    db = _db(tmp_path)
    data = json.loads(CliRunner().invoke(_app(), ["outcomes", "--db", str(db), "--json"]).output)
    assert data["count"] == 1
    assert data["data"][0]["arrests"] == 7 and data["data"][0]["locations"] == ["Margate"]
    table = CliRunner().invoke(_app(), ["outcomes", "--db", str(db)])
    assert table.exit_code == 0 and "A1" in table.output
