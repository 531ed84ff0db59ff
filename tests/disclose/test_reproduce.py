"""``reproduce`` re-runs an analysis from its recorded inputs: the analysed world comes back
identical (its outputs byte for byte once run ids are masked), and planted changes (an
edited output row, an altered setting, a deleted record) are reported as differences."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.disclose import reproduce, write_package
from linewatch.disclose.canonical import masked_lines, read_lines
from linewatch.storage import Store

runner = CliRunner()


def _run_id(store: Store, stage: str) -> str:
    return str(store.scalar("SELECT run_id FROM analysis_runs WHERE stage = ? AND "
                            "status = 'done' ORDER BY finished_at DESC LIMIT 1", [stage]))


@pytest.fixture
def case(analysed_world: Any, tmp_path: Path) -> Iterator[Store]:
    with analysed_world.open_copy(tmp_path / "case") as store:
        yield store


def test_the_analysis_comes_back_identical_byte_for_byte(analysed_world: Any,
                                                          tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path / "case")
    with Store.open(db, read_only=True) as store:
        last = _run_id(store, "safeguard")
        write_package(store, last, tmp_path / "recorded")
    result = runner.invoke(app, ["reproduce", last, "--db", str(db), "--keep",
                                 str(tmp_path / "scratch"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["identical"] and report["differences"] == []
    assert list(report["reproduced_as"]) == [
        f"{s}-" + k.split("-", 1)[1] for s, k in zip(
            ("resolve", "text", "detect", "score", "safeguard"), report["reproduced_as"],
            strict=True)]
    assert sum(len(t) for t in report["compared"].values()) >= 20
    # the re-run's own package holds the same outputs, byte for byte with run ids masked
    with Store.open(tmp_path / "scratch" / "reproduce.duckdb", read_only=True) as scratch:
        write_package(scratch, report["reproduced_as"][last], tmp_path / "again")
    recorded = sorted((tmp_path / "recorded" / "outputs").rglob("*.jsonl"))
    again = sorted((tmp_path / "again" / "outputs").rglob("*.jsonl"))
    assert [p.name for p in recorded] == [p.name for p in again] and len(recorded) >= 20
    for before, after in zip(recorded, again, strict=True):
        assert before.read_bytes() != b"", before
        assert "\n".join(masked_lines(read_lines(before))).encode() == \
            "\n".join(masked_lines(read_lines(after))).encode(), before.name
    assert masked_lines(read_lines(tmp_path / "recorded" / "explanations.jsonl")) == \
        masked_lines(read_lines(tmp_path / "again" / "explanations.jsonl"))


def test_an_edited_output_row_is_a_difference(case: Store) -> None:
    run_id = _run_id(case, "resolve")
    person, name = case.query("SELECT person_id, display_name FROM persons "
                              "ORDER BY person_id LIMIT 1")[0]
    case.execute("UPDATE persons SET display_name = 'Planted Name' WHERE person_id = ?",
                 [person])
    result = reproduce(case, run_id)
    assert [(d.table, d.only_recorded, d.only_reproduced) for d in result.unexpected] == \
        [("persons", 1, 1)]
    assert "Planted Name" in result.differences[0].sample_recorded[0]
    assert name in result.differences[0].sample_reproduced[0]


def test_an_altered_setting_is_a_difference(case: Store) -> None:
    run_id = _run_id(case, "resolve")
    params = json.loads(str(case.scalar(
        "SELECT CAST(params AS VARCHAR) FROM analysis_runs WHERE run_id = ?", [run_id])))
    params["threshold"] = 0.999  # stricter linkage than the run's: fewer records merge
    case.execute("UPDATE analysis_runs SET params = ? WHERE run_id = ?",
                 [json.dumps(params), run_id])
    result = reproduce(case, run_id)
    changed = {d.table: d for d in result.unexpected}
    assert {"persons", "person_records"} <= set(changed)
    assert changed["persons"].reproduced > changed["persons"].recorded


def test_a_deleted_record_is_unexpected_until_a_tombstone_explains_it(case: Store) -> None:
    run_id = _run_id(case, "resolve")
    case.execute("DELETE FROM nominals WHERE rowid = (SELECT min(rowid) FROM nominals)")
    unexplained = reproduce(case, run_id)
    assert unexplained.deleted_since == {"nominals": 1}
    assert unexplained.unexpected, "a vanished record must change the re-run"
    assert any("no retention tombstone" in n for n in unexplained.notes)

    # the retention stage's migration creates this table; the test only writes the record
    case.execute("""CREATE TABLE IF NOT EXISTS retention_tombstones (
        tombstone_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, key_hash VARCHAR NOT NULL,
        reason_code VARCHAR NOT NULL, mopi_group INTEGER, rows_removed BIGINT,
        deleted_by VARCHAR NOT NULL, deleted_at TIMESTAMP NOT NULL)""")
    case.execute("INSERT INTO retention_tombstones (tombstone_id, kind, key_hash, reason_code, "
                 "mopi_group, rows_removed, deleted_by, deleted_at) VALUES "
                 "('T1', 'nominals', 'x', 'review_delete', 3, 1, 'sup', now()::TIMESTAMP)")
    explained = reproduce(case, run_id)
    assert explained.differences and not explained.unexpected
    assert all("deleted under retention" in (d.expected or "") for d in explained.differences)
    assert any(n.startswith("expected:") for n in explained.notes)
