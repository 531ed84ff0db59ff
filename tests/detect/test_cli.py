"""``linewatch detect``: run, lines, line, path, disrupt and weights through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import typer
from typer.testing import CliRunner

from linewatch.cli.detect import register
from linewatch.storage import Store


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps "detect" a sub-command
        """Nothing."""

    return app


def _db(tmp_path: Path, mini: SimpleNamespace) -> Path:
    db = tmp_path / "lw.duckdb"
    memory = mini.make_store()
    disk = Store.open(db)
    for table in ("cdr", "cells", "subscribers"):
        disk.write_arrow(table, memory.query_arrow(f"SELECT * FROM {table}"), mode="append")
    disk.close()
    memory.close()
    return db


def test_detect_then_lines_line_path_and_disrupt(tmp_path: Path, mini: SimpleNamespace) -> None:
    runner = CliRunner()
    app = _app()
    db = str(_db(tmp_path, mini))
    result = runner.invoke(app, ["detect", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["lines"] == 1

    result = runner.invoke(app, ["detect", "lines", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)
    assert lines[0]["numbers"] == [mini.D1, mini.D2]
    line_id = lines[0]["line_id"]
    assert re.fullmatch(r"L[0-9A-F]{8}", line_id)  # named by a hash of its founding number

    result = runner.invoke(app, ["detect", "line", line_id, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {r["role"] for r in report["roles"]} >= {"deal_line", "controller", "runner", "trap"}
    assert report["disruption"]
    assert report["numbers_over_time"]

    result = runner.invoke(app, ["detect", "path", mini.K, mini.T, "--db", db,
                                 "--time-ordered", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["found"]

    result = runner.invoke(app, ["detect", "disrupt", line_id, "--remove",
                                 f"{mini.D1},{mini.D2}", "--level", "phone", "--db", db,
                                 "--json"])
    assert result.exit_code == 0, result.output
    what = json.loads(result.stdout)
    assert what["after"] > what["before"]

    result = runner.invoke(app, ["detect", "line", line_id, "--db", db])
    assert result.exit_code == 0, result.output
    assert "controller" in result.output


def test_weights_lists_the_score_components() -> None:
    result = CliRunner().invoke(_app(), ["detect", "weights", "--json"])
    assert result.exit_code == 0, result.output
    assert any(r["component"] == "broadcasts" for r in json.loads(result.stdout))
