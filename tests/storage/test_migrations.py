"""The store's schema history: frozen migrations, and upgrades from every earlier version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import pytest

from linewatch.api.tables import TABLES as APP_TABLES
from linewatch.errors import StoreError
from linewatch.ops.tables import TABLES as OPS_TABLES
from linewatch.schema.contract import KINDS, F
from linewatch.storage import Store, migrations
from linewatch.storage.migrations import LATEST_VERSION, MIGRATIONS

#: tables that stages wrote into before migration 3 created them for every store
STAGE_RECORD_TABLES = {*APP_TABLES, *OPS_TABLES, "article_outcomes", "target_overrides",
                       "referrals", "person_overrides", "resolve_models"}
_SAMPLE: dict[str, Any] = {
    "VARCHAR": "x", "JSON": '{"k": 1}', "BIGINT": 7, "INTEGER": 3, "DOUBLE": 1.5,
    "BOOLEAN": True, "DATE": dt.date(2024, 5, 1), "TIMESTAMP": dt.datetime(2024, 5, 1, 12, 30),
    "VARCHAR[]": ["a", "b"], "BIGINT[]": [1, 2],
}


def _tables(store: Store) -> dict[str, list[tuple[str, str]]]:
    rows = store.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name <> 'schema_migrations' "
        "ORDER BY table_name, ordinal_position")
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, ctype in rows:
        found.setdefault(table, []).append((column, ctype))
    return found


def _fill(store: Store, table: str, columns: list[tuple[str, str]], n: int) -> None:
    """Insert ``n`` rows with a value of its type in every column (keys made unique)."""
    for i in range(n):
        values = []
        for column, ctype in columns:
            if ctype not in _SAMPLE:
                pytest.fail(f"{table}.{column}: add a sample value for type {ctype}")
            value = _SAMPLE[ctype]
            if ctype == "VARCHAR":
                value = f"{table}-{column}-{i}"
            elif ctype in ("BIGINT", "INTEGER"):
                value = value + i
            values.append(value)
        names = ", ".join(f'"{c}"' for c, _ in columns)
        marks = ", ".join("?" for _ in columns)
        store.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)


def _snapshot(store: Store, tables: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """Every row of ``tables``, reading only the columns each had at that time."""
    found = {}
    for table, columns in tables.items():
        names = ", ".join(f'"{c}"' for c, _ in columns)
        found[table] = store.query(f"SELECT {names} FROM {table} ORDER BY ALL")
    return found


def _latest_tables(tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    with Store.open(tmp_path / "fresh.duckdb") as fresh:
        return _tables(fresh)


@pytest.mark.parametrize("level", range(LATEST_VERSION))
def test_a_store_at_every_earlier_version_upgrades_with_its_rows(tmp_path: Path,
                                                                 level: int) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path, migrate=False) as old:
        assert old.migrate(to=level) == level
        before = _tables(old)
        for table, columns in before.items():
            _fill(old, table, columns, 2)
        rows = _snapshot(old, before)
    if level:
        assert set(before) >= {k for k, kind in KINDS.items() if kind.since == 1}
    with Store.open(path) as store:
        assert store.schema_version() == LATEST_VERSION
        after = _tables(store)
        assert after == _latest_tables(tmp_path)
        assert _snapshot(store, before) == rows
        for table in before:
            assert store.count(table) == 2
        versions = [r[0] for r in store.query("SELECT version FROM schema_migrations ORDER BY 1")]
        assert versions == [m.version for m in MIGRATIONS][:len(versions)]
        assert versions[-1] == LATEST_VERSION


def test_a_store_whose_stages_had_made_their_own_tables_upgrades(tmp_path: Path) -> None:
    """Before migration 3 the web app, operations, overrides and outcomes created their tables
    themselves on first use (the statements that are now migration 3): those stay, rows and
    all."""
    takeover = next(m for m in MIGRATIONS if "users" in " ".join(m.statements()))
    path = tmp_path / "before.duckdb"
    with Store.open(path, migrate=False) as old:
        old.migrate(to=takeover.version - 1)
        for statement in takeover.statements():
            old.execute(statement)
        made = {t: c for t, c in _tables(old).items() if t in STAGE_RECORD_TABLES}
        assert set(made) == STAGE_RECORD_TABLES
        for table, columns in made.items():
            _fill(old, table, columns, 1)
        rows = _snapshot(old, made)
    with Store.open(path) as store:
        assert store.schema_version() == LATEST_VERSION
        assert _snapshot(store, made) == rows


def test_migration_1_does_not_follow_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = MIGRATIONS[0].statements()
    cdr = KINDS["cdr"]
    monkeypatch.setitem(KINDS, "cdr", dataclasses.replace(
        cdr, fields=(*cdr.fields, F("handset_model"))))
    assert MIGRATIONS[0].statements() == frozen
    try:
        reloaded = importlib.reload(migrations)
        assert reloaded.MIGRATIONS[0].statements() == frozen
    finally:
        monkeypatch.undo()
        importlib.reload(migrations)
    assert not any("handset_model" in s for s in frozen)


def test_the_contract_agrees_with_the_migrated_kind_tables(memory_store: Store) -> None:
    """A change to ``schema/contract.py`` needs a migration that changes the table alike."""
    tables = _tables(memory_store)
    for kind in KINDS.values():
        assert tables[kind.name] == kind.storage_columns(), kind.name


def test_every_table_stages_record_into_is_made_by_the_migrations(memory_store: Store) -> None:
    assert STAGE_RECORD_TABLES | {"analyst_labels"} <= set(_tables(memory_store))


def test_versions_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert LATEST_VERSION == len(MIGRATIONS)


def test_migrate_stops_at_the_requested_version_and_ensure_schema_finishes(
        tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb", migrate=False) as store:
        assert store.migrate(to=1) == 1
        assert not store.table_exists("users")
        assert not store.table_exists("analyst_labels")
        store.ensure_schema()
        assert store.schema_version() == LATEST_VERSION
        assert store.table_exists("users")


def test_a_store_from_a_newer_linewatch_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with Store.open(path) as store:
        store.execute("INSERT INTO schema_migrations (version, description) VALUES (?, ?)",
                      [LATEST_VERSION + 1, "from the future"])
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)
