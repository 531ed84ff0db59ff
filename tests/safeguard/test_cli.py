"""The safeguarding commands, through a throwaway Typer app."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from linewatch import safeguard, score
from linewatch.cli import safeguard as safeguard_cli
from linewatch.cli import score as score_cli
from linewatch.storage import Store

T0 = dt.datetime(2024, 9, 10, 12, 0)
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, world: Any) -> Path:
    world.store.close()
    path = tmp_path / "lw.duckdb"
    built = type(world)(world.columns, str(path))
    built.person("BOSS", dob=dt.date(1990, 1, 1))
    built.person("KID", dob=dt.date(2009, 1, 1))
    built.person_role("BOSS", "controller")
    built.person_role("KID", "runner")
    built.event("A1", "KID", "arrest", T0, offence="PWITS class A", outcome="charged")
    score.run(built.store)
    safeguard.run(built.store)
    built.store.close()
    return path


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    score_cli.register(app)
    safeguard_cli.register(app)
    return app


def test_safeguarding_lists_the_child_with_indicators(app, db):
    result = runner.invoke(app, ["safeguarding", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["person_id"] for r in data["data"]] == ["KID"]
    names = {i["name"] for i in data["data"][0]["indicators"]["indicators"]}
    assert "child_linked_to_line" in names
    table = runner.invoke(app, ["safeguarding", "--db", str(db)])
    assert table.exit_code == 0 and "KID" in table.output


def test_referral_writes_html_and_pdf(app, db, tmp_path):
    for name in ("kid.html", "kid.pdf"):
        out = tmp_path / name
        result = runner.invoke(app, ["referral", "KID", "--db", str(db), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "kid.pdf").read_bytes().startswith(b"%PDF")
    assert "Referrer" in (tmp_path / "kid.html").read_text(encoding="utf-8")
    bad = runner.invoke(app, ["referral", "KID", "--db", str(db), "--out",
                              str(tmp_path / "kid.txt")])
    assert bad.exit_code != 0


def test_referral_status_changes_and_shows_history(app, db):
    for status in ("drafted", "sent"):
        result = runner.invoke(app, ["referral-status", "KID", status, "--user", "PC Amin",
                                     "--db", str(db)])
        assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["referral-status", "KID", "--db", str(db), "--json"])
    assert [r["status"] for r in json.loads(shown.output)["data"]] == ["drafted", "sent"]
    refused = runner.invoke(app, ["referral-status", "KID", "drafted", "--user", "PC Amin",
                                  "--db", str(db)])
    assert refused.exit_code != 0


def test_override_target_puts_the_child_on_the_list_with_the_reason(app, db):
    before = json.loads(runner.invoke(app, ["targets", "--db", str(db), "--json"]).output)
    assert [r["person_id"] for r in before["data"]] == ["BOSS"]
    result = runner.invoke(app, ["override-target", "KID", "--user", "Sgt Jones", "--reason",
                                 "leads local recruitment", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    override_id = json.loads(result.output)["override_id"]
    after = json.loads(runner.invoke(app, ["targets", "--db", str(db), "--json"]).output)
    kid = next(r for r in after["data"] if r["person_id"] == "KID")
    assert kid["explanation"]["override"]["reason"] == "leads local recruitment"
    table = runner.invoke(app, ["targets", "--db", str(db)])
    assert "Sgt Jones" in table.output
    revoke = runner.invoke(app, ["revoke-override", override_id, "--user", "Insp Patel",
                                 "--db", str(db)])
    assert revoke.exit_code == 0, revoke.output
    with Store.open(db) as store:
        assert store.scalar("SELECT count(*) FROM target_list WHERE person_id = 'KID'") == 0
