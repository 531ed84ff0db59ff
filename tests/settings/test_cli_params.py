"""``linewatch analyse --params``: a bad settings file stops before any stage runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linewatch.cli.app import main
from linewatch.storage import Store


@pytest.mark.parametrize("content, message", [
    (json.dumps({"detect": {"treshold": 0.6}}), "detect setting 'treshold' is unknown"),
    (json.dumps({"score": {"max_targets": 12.7}}), "score setting 'max_targets'"),
    (json.dumps({"detection": {}}), "unknown stage(s) detection"),
    ("{not json", "cannot read settings"),
])
def test_a_bad_settings_file_is_a_one_line_error_and_nothing_runs(
        tmp_path: Path, content: str, message: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    params = tmp_path / "params.json"
    params.write_text(content, encoding="utf-8")
    db = tmp_path / "lw.duckdb"
    monkeypatch.setattr("sys.argv", ["linewatch", "analyse", "--db", str(db),
                                     "--params", str(params)])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and len(error.strip().splitlines()) == 1
    assert message in error
    with Store.open(str(db)) as store:
        assert store.scalar("SELECT count(*) FROM analysis_runs") == 0
