"""``linewatch case create --from-lake``: a case store filled from a lake's cleaned records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.errors import InputError
from linewatch.ingest.from_lake import LakeSelection, fill_from_lake
from linewatch.storage import Store
from linewatch.storage.lake import write_lake

runner = CliRunner()


@pytest.fixture(scope="module")
def world_lake(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[Path, Path]:
    """The analysed world's store (read-only) and a lake written from it."""
    lake = tmp_path_factory.mktemp("case-lake") / "lake"
    with Store.open(analysed_world.db, read_only=True) as store:
        write_lake(store, lake)
    return analysed_world.db, lake


def _create(case: Path, lake: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["case", "create", "--db", str(case), "--from-lake", str(lake),
                                 "--json", *extra])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


def test_a_date_range_takes_those_days_calls_their_cells_and_subscribers(
        world_lake: tuple[Path, Path], tmp_path: Path) -> None:
    db, lake = world_lake
    with Store.open(db, read_only=True) as source:
        days = [r[0] for r in source.query(
            "SELECT DISTINCT CAST(start_time AS DATE) FROM cdr ORDER BY 1")]
        first, last = days[1], days[2]
        want = source.query_dicts(
            "SELECT * EXCLUDE (_batch, _file, _row) FROM cdr WHERE CAST(start_time AS DATE) "
            "BETWEEN ? AND ? ORDER BY _batch, _file, _row", [first, last])
        numbers = {n for r in want for n in (r["a_number"], r["b_number"])}
        cells = {c for r in want for c in (r["a_cell_id"], r["b_cell_id"]) if c}
        subscribers = source.scalar(
            "SELECT count(*) FROM subscribers WHERE list_contains(?, number)", [sorted(numbers)])
        total = source.count("cdr")
    case = tmp_path / "case.duckdb"
    report = _create(case, lake, "--from", str(first), "--to", str(last))
    assert report["rows"] == {"cdr": len(want), "cells": len(cells),
                              "subscribers": subscribers}
    assert 0 < len(want) < total
    with Store.open(case, read_only=True) as got:
        rows = got.query_dicts("SELECT * FROM cdr ORDER BY _row")
        assert [{k: v for k, v in r.items() if k not in ("_batch", "_file", "_row")}
                for r in rows] == want
        assert {r["_batch"] for r in rows} == {report["batch_id"]}
        assert [r["_row"] for r in rows] == list(range(1, len(rows) + 1))
        assert {r[0] for r in got.query("SELECT cell_id FROM cells")} == cells
        batch = got.query_dicts("SELECT * FROM import_batches")
        assert len(batch) == 1 and batch[0]["rows_imported"] == sum(report["rows"].values())
        assert batch[0]["paths"] == [str(lake.resolve())]
        files = got.query_dicts("SELECT kind, path, format, rows_imported FROM import_files "
                                "ORDER BY kind")
        assert [f["kind"] for f in files] == ["cdr", "cells", "subscribers"]
        assert all(f["format"] == "lake" and f"days {first} to {last}" in f["path"]
                   for f in files)


def test_numbers_and_hops_take_their_calls_and_adding_again_takes_nothing(
        world_lake: tuple[Path, Path], tmp_path: Path) -> None:
    db, lake = world_lake
    with Store.open(db, read_only=True) as source:
        number = str(source.scalar("SELECT number FROM line_numbers ORDER BY number LIMIT 1"))
        direct = source.scalar("SELECT count(*) FROM cdr WHERE a_number = ? OR b_number = ?",
                               [number, number])
        contacts = sorted({r[0] for r in source.query(
            "SELECT b_number FROM cdr WHERE a_number = ? UNION SELECT a_number FROM cdr "
            "WHERE b_number = ?", [number, number])} | {number})
        widened = source.scalar("SELECT count(*) FROM cdr WHERE list_contains(?, a_number) "
                                "OR list_contains(?, b_number)", [contacts, contacts])
    national = "0" + number.removeprefix("+44")  # as an analyst types it
    case = tmp_path / "case.duckdb"
    assert _create(case, lake, "--number", national)["rows"]["cdr"] == direct
    more = _create(case, lake, "--number", number, "--hops", "1", "--add")
    assert direct < widened and more["rows"]["cdr"] == widened - direct
    assert more["rows_duplicate"]["cdr"] == direct
    again = _create(case, lake, "--number", number, "--hops", "1", "--add")
    assert again["batch_id"] is None and sum(again["rows"].values()) == 0
    with Store.open(case, read_only=True) as got:
        assert got.count("cdr") == widened
        assert got.scalar("SELECT count(*) FROM import_batches") == 2


def test_a_case_store_from_the_lake_finds_the_stores_lines(
        world_lake: tuple[Path, Path], tmp_path: Path) -> None:
    db, lake = world_lake
    with Store.open(db, read_only=True) as source:
        first, last = source.query_one(
            "SELECT min(CAST(start_time AS DATE)), max(CAST(start_time AS DATE)) FROM cdr") \
            or (None, None)
        lines = sorted(tuple(sorted(n for (n,) in source.query(
            "SELECT number FROM line_numbers WHERE line_id = ?", [line_id])))
            for (line_id,) in source.query("SELECT line_id FROM lines"))
    case = tmp_path / "case.duckdb"
    _create(case, lake, "--from", str(first), "--to", str(last))
    ran = runner.invoke(app, ["analyse", "--db", str(case), "--stage", "detect", "--json"])
    assert ran.exit_code == 0, ran.output
    with Store.open(case, read_only=True) as got:
        found = sorted(tuple(sorted(n for (n,) in got.query(
            "SELECT number FROM line_numbers WHERE line_id = ?", [line_id])))
            for (line_id,) in got.query("SELECT line_id FROM lines"))
    assert lines and found == lines


def test_a_case_needs_a_selection_a_new_store_and_matching_records(
        world_lake: tuple[Path, Path], tmp_path: Path) -> None:
    _, lake = world_lake
    case = tmp_path / "case.duckdb"
    for extra, message in ((), "a whole lake is not a case"),  \
            (("--hops", "1", "--from", "2020-01-01"), "hops need numbers"), \
            (("--from", "2020-02-01", "--to", "2020-01-01"), "ends"), \
            (("--from", "01/02/2020"), "YYYY-MM-DD"), \
            (("--number", "not a phone"), "not a phone number"):
        refused = runner.invoke(app, ["case", "create", "--db", str(case), "--from-lake",
                                      str(lake), *extra])
        assert isinstance(refused.exception, InputError), (extra, refused.output)
        assert message in str(refused.exception)
    assert not case.exists()
    with Store.open(case) as store, pytest.raises(InputError, match="no call records"):
        fill_from_lake(store, lake, LakeSelection(first_day=dt.date(1999, 1, 1),
                                                  last_day=dt.date(1999, 1, 2)))
    refused = runner.invoke(app, ["case", "create", "--db", str(case), "--from-lake",
                                  str(lake), "--from", "2020-01-01"])
    assert isinstance(refused.exception, InputError) and "--add" in str(refused.exception)
