"""The daily verbs at the top level, names beside ids, and help without stray types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.storage import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(analysed_world.copy(tmp_path_factory.mktemp("cli-desk")))


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    return result.output


def test_lines_and_line_are_top_level_and_name_people(db: Path) -> None:
    assert _run("lines", "--db", str(db)) == _run("detect", "lines", "--db", str(db))
    with Store.open(db, read_only=True) as store:
        line_id, person_id, name = store.query(
            "SELECT r.line_id, r.person_id, p.display_name FROM phone_roles r JOIN persons p "
            "USING (person_id) WHERE r.role = 'controller' ORDER BY r.line_id LIMIT 1")[0]
    assert f"{name} ({person_id})" in _run("line", line_id, "--db", str(db))


def test_person_leads_with_the_sentences(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        child, name = store.query("SELECT s.person_id, p.display_name FROM safeguarding_list s "
                                  "JOIN persons p USING (person_id) ORDER BY s.rank LIMIT 1")[0]
    shown = _run("person", child, "--db", str(db))
    assert name in shown and "Flagged: " in shown
    missing = runner.invoke(app, ["person", "P-NOBODY", "--db", str(db)])
    assert missing.exit_code != 0


def test_targets_show_names_and_a_reason(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        name = store.scalar("SELECT p.display_name FROM target_list t JOIN persons p "
                            "USING (person_id) ORDER BY t.rank LIMIT 1")
    shown = _run("targets", "--db", str(db), "--limit", "3")
    assert name in shown and "Priority " in shown


def test_help_shows_no_type_for_flags() -> None:
    for args in (["--help"], ["targets", "--help"], ["lines", "--help"]):
        assert "<bool>" not in _run(*args)
    assert "<int>" in _run("targets", "--help")  # options that take a value keep theirs
