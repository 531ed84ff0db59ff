"""The ``extract`` command, registered on a throwaway Typer app."""

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from linewatch.cli.text import register

TEXT = "Seven people were arrested in Margate and £5,000 cash was seized. Deal line 07700 900555."


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("version")
    def version() -> None:  # a second command keeps Typer in multi-command mode
        typer.echo("test")

    return app


def test_extract_json_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["arrests"] == 7 and data["cash_gbp"] == 5000
    assert data["phones"] == ["+447700900555"] and data["locations"] == ["Margate"]


def test_extract_json_keeps_non_ascii_characters(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("He was arrested in Bo\u2019ness with \u00a3900 in cash.", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", str(path), "--json"])
    assert "Bo\u2019ness" in result.output  # printed as is, not as a \\u escape
    assert json.loads(result.output)["cash_gbp"] == 900


def test_extract_reads_stdin_and_prints_a_table() -> None:
    result = CliRunner().invoke(_app(), ["extract", "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    assert "Everything found" in result.output
    assert "+447700900555" in result.output and "phonenumbers" in result.output


def test_missing_file_is_a_clear_error() -> None:
    result = CliRunner().invoke(_app(), ["extract", "/no/such/file.txt"])
    assert result.exit_code == 2
    assert "file not found" in result.output
