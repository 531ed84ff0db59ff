"""``disclose`` writes a run's package: the runs it read, inputs with their hashes, settings,
code and library versions, outputs and explanations, all listed in a SHA-256 manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.disclose.package import verify_package
from linewatch.storage import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def package(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("disclose")
    db = analysed_world.copy(folder)
    with Store.open(db, read_only=True) as store:
        run_id = store.scalar("SELECT run_id FROM analysis_runs WHERE stage = 'score'")
    result = runner.invoke(app, ["disclose", str(run_id), "--db", str(db), "--out",
                                 str(folder / "package")])
    assert result.exit_code == 0, result.output
    return folder / "package"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_manifest_hashes_every_file(package: Path) -> None:
    manifest = _json(package / "manifest.json")
    files = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    assert set(manifest["sha256"]) == files - {"manifest.json"}
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256((package / name).read_bytes()).hexdigest() == digest
    assert verify_package(package) == []
    (package / "runs.json").write_text("{}", encoding="utf-8")
    assert verify_package(package) == ["runs.json: changed since the package was written"]


def test_runs_carry_settings_code_and_library_versions(package: Path) -> None:
    manifest = _json(package / "manifest.json")
    runs = _json(package / "environment.json")
    assert runs["dependencies"]["duckdb"] and runs["dependencies"]["splink"]
    stages = [r.split("-")[0] for r in manifest["runs"]]
    assert stages == ["resolve", "text", "detect", "score"]


def test_inputs_are_listed_with_hashes_and_copied(package: Path, analysed_world: Any) -> None:
    inputs = _json(package / "inputs.json")
    written = sorted(p for p in analysed_world.data.rglob("*") if p.is_file())
    assert len(inputs) == len(written)
    for row in inputs:
        copy = package / row["copied_as"]
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == row["sha256"]


def test_outputs_and_explanations_are_the_run_s(package: Path) -> None:
    manifest = _json(package / "manifest.json")
    score_run = manifest["run_id"]
    priority = (package / "outputs" / score_run / "person_priority.jsonl").read_text().split("\n")
    assert all(json.loads(line)["run_id"] == score_run for line in priority if line)
    explained = [json.loads(line) for line in
                 (package / "explanations.jsonl").read_text().split("\n") if line]
    tables = {e["table"] for e in explained}
    assert {"person_priority", "target_list", "lines", "person_roles"} <= tables
    assert all(e["summary"] for e in explained)
    assert sum(manifest["outputs"][score_run].values()) == sum(
        1 for p in (package / "outputs" / score_run).glob("*.jsonl")
        for line in p.read_text().split("\n") if line)


def test_runs_record_their_dependencies(analysed_world: Any) -> None:
    with Store.open(analysed_world.db, read_only=True) as store:
        recorded = [json.loads(r[0]) for r in store.query(
            "SELECT CAST(dependencies AS VARCHAR) FROM analysis_runs")]
    assert recorded and all(r["leidenalg"] and r["igraph"] and r["pyarrow"] for r in recorded)
