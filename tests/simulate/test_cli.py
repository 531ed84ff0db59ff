from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from linewatch.cli.simulate import register


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_simulate_then_evaluate_a_results_file(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(_app(), ["simulate", "--out", str(tmp_path / "s"), "--seed", "3",
                                  "--scale", "tiny", "--lines", "2", "--days", "3",
                                  "--noise", "0.2", "--region", "birmingham"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "s" / "data" / "cdr.csv").exists()
    assert (tmp_path / "s" / "truth" / "manifest.json").exists()
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"contract_version": 1, "phones": [], "persons": [],
                                   "analyses": {"text_extraction": False}}))
    scored = runner.invoke(_app(), ["evaluate", "--truth", str(tmp_path / "s" / "truth"),
                                    "--results", str(results), "--json"])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.output)
    assert report["tasks"]["deal_lines"] == {"status": "not_implemented"}
    table = runner.invoke(_app(), ["evaluate", "--truth", str(tmp_path / "s" / "truth"),
                                   "--results", str(results)])
    assert table.exit_code == 0 and "not implemented" in table.output


def test_simulate_rejects_an_unknown_scale(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["simulate", "--out", str(tmp_path), "--scale", "huge"])
    assert result.exit_code != 0
    assert not (tmp_path / "data").exists()
