"""Each analysis stage writes exactly the output tables and columns it declares, and every
table a full analysis leaves in the store is either made by the migrations or declared by a
stage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linewatch.detect.tables import OUTPUT_COLUMNS as DETECT
from linewatch.ingest import ingest_paths
from linewatch.people.output import OUTPUT_COLUMNS as SCORE_AND_SAFEGUARD
from linewatch.pipeline import analyse
from linewatch.resolve.outputs import OUTPUT_COLUMNS as RESOLVE
from linewatch.simulate import simulate
from linewatch.storage import Store
from linewatch.text.intake import OUTPUT_COLUMNS as TEXT

DECLARED = {**RESOLVE, **TEXT, **DETECT, **SCORE_AND_SAFEGUARD}


def _columns(store: Store) -> dict[str, tuple[str, ...]]:
    rows = store.query(
        "SELECT table_name, list(column_name ORDER BY ordinal_position) "
        "FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_name <> 'schema_migrations' GROUP BY 1")
    return {table: tuple(columns) for table, columns in rows}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A small simulated world, imported and analysed by every stage, in a store file."""
    out = tmp_path_factory.mktemp("outputs")
    simulate(out / "world", seed=7, scale="tiny", lines=3, days=10)
    with Store.open(out / "case.duckdb") as store:
        ingest_paths(store, [out / "world" / "data"])
        analyse(store)
    return out / "case.duckdb"


def test_no_table_is_declared_twice() -> None:
    parts = [RESOLVE, TEXT, DETECT, SCORE_AND_SAFEGUARD]
    assert sum(len(p) for p in parts) == len(DECLARED)


def test_every_stage_writes_exactly_its_declared_columns(analysed: Path) -> None:
    with Store.open(analysed, read_only=True) as store:
        written = _columns(store)
    assert {t: written.get(t) for t in DECLARED} == DECLARED


def test_every_stored_table_is_a_migration_table_or_a_declared_output(
        analysed: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "fresh.duckdb") as fresh:
        migrated = set(_columns(fresh))
    with Store.open(analysed, read_only=True) as store:
        stored = set(_columns(store))
    assert not migrated & set(DECLARED), "a stage output must not also be a migration table"
    assert stored - migrated - set(DECLARED) == set()
