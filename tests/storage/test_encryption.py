"""Encryption at rest: an encrypted store holds no plaintext, refuses a missing or wrong key
in one line, and converting or re-keying a store keeps every row.

These need DuckDB's httpfs extension from the ``duckdb-extension-httpfs`` wheel (a project
dependency pinned to the same DuckDB version): without it every test here fails, saying so.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest

from linewatch.errors import StoreError
from linewatch.storage import Store
from linewatch.storage.copies import rewrite_store, table_rows
from linewatch.storage.encryption import StoreKeyError, is_encrypted

NAME = "Quentin Ozymandias Plaintextworth"


def _key() -> str:
    return secrets.token_urlsafe(48)


def _rows(db: Path, key: str | None) -> dict[str, int]:
    with Store.open(db, key=key, read_only=True) as store:
        return table_rows(store.raw_connection(), str(store.scalar("SELECT current_database()")))


def _store_with_name(db: Path, key: str | None) -> None:
    with Store.open(db, key=key) as store:
        store.execute("CREATE TABLE witness (name VARCHAR)")
        store.executemany("INSERT INTO witness VALUES (?)", [[NAME]] * 200)


def test_an_encrypted_store_holds_no_plaintext_and_reads_back(tmp_path: Path) -> None:
    key = _key()
    plain, sealed = tmp_path / "plain.duckdb", tmp_path / "sealed.duckdb"
    _store_with_name(plain, None)
    _store_with_name(sealed, key)
    needle = NAME.encode("utf-8")
    assert needle in plain.read_bytes()  # the probe finds the name when it is there
    assert needle not in sealed.read_bytes()
    assert is_encrypted(sealed) and not is_encrypted(plain)
    with Store.open(sealed, key=key) as store:
        assert store.encrypted
        assert store.query("SELECT DISTINCT name FROM witness") == [(NAME,)]
        assert store.table_exists("schema_migrations")


def test_a_missing_wrong_or_weak_key_is_refused_in_one_line(tmp_path: Path) -> None:
    key = _key()
    db = tmp_path / "sealed.duckdb"
    _store_with_name(db, key)
    with pytest.raises(StoreKeyError, match="is encrypted: set LINEWATCH_STORE_KEY"):
        Store.open(db, key=None)
    with pytest.raises(StoreKeyError, match="not the key this store was encrypted with"):
        Store.open(db, key=_key())
    with pytest.raises(StoreKeyError, match="too weak"):
        Store.open(tmp_path / "new.duckdb", key="changeme")
    plain = tmp_path / "plain.duckdb"
    _store_with_name(plain, None)
    with pytest.raises(StoreKeyError, match="store encrypt"):
        Store.open(plain, key=key)


def test_the_key_comes_from_the_environment(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    key = _key()
    monkeypatch.setenv("LINEWATCH_STORE_KEY", key)
    db = tmp_path / "env.duckdb"
    _store_with_name(db, key)
    with Store.open(db) as store:
        assert store.encrypted and store.count("witness") == 200
    monkeypatch.setenv("LINEWATCH_STORE_KEY", "short")
    with pytest.raises(StoreKeyError, match="too weak"):
        Store.open(db)


def test_reader_cursors_and_the_writer_connection_use_the_encrypted_store(
        tmp_path: Path) -> None:
    import threading

    key = _key()
    db = tmp_path / "sealed.duckdb"
    _store_with_name(db, key)
    with Store.open(db, key=key) as store:
        store.enable_parallel_reads()
        writer = store.second_connection()
        writer.execute("INSERT INTO witness VALUES ('someone else')")
        seen: list[Any] = []
        reader = threading.Thread(target=lambda: seen.append(store.count("witness")))
        reader.start()
        reader.join()
        assert seen == [201]


def test_converting_and_rekeying_keep_every_row(analysed_world: Any, tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path)
    before = _rows(db, None)
    assert before["main.persons"] > 0
    first, second = _key(), _key()
    rewrite_store(db, None, first)
    assert is_encrypted(db) and _rows(db, first) == before
    with pytest.raises(StoreKeyError, match="already encrypted"):
        rewrite_store(db, None, second)
    rewrite_store(db, first, second)
    assert _rows(db, second) == before
    with pytest.raises(StoreKeyError):
        Store.open(db, key=first)
    with Store.open(db, key=second, read_only=True) as store:
        names = [r[0] for r in store.query(
            "SELECT display_name FROM persons WHERE display_name IS NOT NULL LIMIT 3")]
    content = db.read_bytes()
    assert names and not any(n.encode("utf-8") in content for n in names)
    leftovers = [p.name for p in tmp_path.iterdir() if "rewrite" in p.name]
    assert leftovers == []


def test_a_copy_into_an_existing_file_is_refused(tmp_path: Path) -> None:
    from linewatch.storage.copies import copy_store

    db = tmp_path / "plain.duckdb"
    _store_with_name(db, None)
    taken = tmp_path / "taken.duckdb"
    taken.write_bytes(b"")
    with Store.open(db) as store, pytest.raises(StoreError, match="already exists"):
        copy_store(store, taken)
