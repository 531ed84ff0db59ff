"""Copies of a whole store: backups, encrypting an unencrypted store, rotating its key.

A copy is DuckDB's ``COPY FROM DATABASE`` into a newly attached file: one read transaction,
so it is a consistent snapshot of everything committed (what sits in the WAL included), taken
while the store stays open and in use. The new file is encrypted when given a key. Encrypting
and rotating a key then verify the copy (every table's row count) before it replaces the
original file, so an interruption leaves the original as it was.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from linewatch.errors import StoreError
from linewatch.storage.encryption import (
    StoreKeyError,
    attach_sql,
    check_store_key,
    is_encrypted,
    load_cipher,
    quote,
    remove_quietly,
)
from linewatch.storage.store import Store

_TABLES_SQL = ("SELECT schema_name, table_name FROM duckdb_tables() "
               "WHERE database_name = ? AND NOT temporary ORDER BY schema_name, table_name")


@dataclass(frozen=True)
class CopyReport:
    """What a copy holds: the file, whether it is encrypted, and each table's rows."""

    path: Path
    encrypted: bool
    rows: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "encrypted": self.encrypted,
                "tables": len(self.rows), "rows": sum(self.rows.values())}


def table_rows(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    """Rows of every table of ``catalog`` (``schema.table`` -> count), in one snapshot."""
    found: dict[str, int] = {}
    for schema, table in con.execute(_TABLES_SQL, [catalog]).fetchall():
        name = f'"{catalog}"."{schema}"."{table}"'.replace("\x00", "")
        found[f"{schema}.{table}"] = int(con.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # type: ignore[index]  # noqa: S608 - names from the catalogue, quoted
    return found


#: ``copy_store(key=SAME_KEY)``: encrypt the copy as the store is (with its key, or not at all)
SAME_KEY = "<the store's own key>"


def copy_store(store: Store, target: Path, key: str | None = SAME_KEY) -> CopyReport:
    """Copy every table of ``store`` into the new file ``target`` (encrypted with ``key``).

    Runs on the store's own connection outside any transaction (the server's writer calls it
    between jobs); ``target`` must not exist. Returns the copy's row counts.
    """
    target = Path(target)
    if target.exists():
        raise StoreError(f"{target} already exists: choose a new file")
    if not target.resolve().parent.is_dir():
        raise StoreError(f"{target}: folder {target.resolve().parent} does not exist")
    if key == SAME_KEY:
        key = store._key  # storage-internal
    if key is not None:
        check_store_key(key)
    con = store.raw_connection()
    alias = f"lw_copy_{uuid.uuid4().hex[:12]}"
    with store._lock:  # storage-internal: no statement may interleave the copy
        source = str(con.execute("SELECT current_database()").fetchone()[0])  # type: ignore[index]
        try:
            if key is not None:
                load_cipher(con)
                con.execute(attach_sql(target, key, alias))
            else:
                con.execute(f"ATTACH '{quote(str(target))}' AS {alias}")
            con.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
            rows = table_rows(con, alias)
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                con.execute(f"DETACH {alias}")
            remove_quietly(target)
            remove_quietly(Path(f"{target}.wal"))
            raise StoreError(f"copying the store to {target} failed: {exc}") from exc
        con.execute(f"DETACH {alias}")
    return CopyReport(target, key is not None, rows)


def rewrite_store(path: Path, old_key: str | None, new_key: str) -> CopyReport:
    """Replace the store file at ``path`` by a copy encrypted with ``new_key`` (``old_key``:
    the key it has now, ``None`` when it is not encrypted), verified table by table first.

    The store must not be open elsewhere (stop the server). The old file is overwritten by the
    rename; its plaintext may survive on the disk's free blocks (see docs/security.md).
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such store")
    if old_key is None and is_encrypted(path):
        raise StoreKeyError(f"{path} is already encrypted: use 'linewatch store rekey' to "
                            "change its key")
    if old_key is not None and old_key == new_key:
        raise StoreKeyError("the new store key is the same as the old one")
    temporary = path.with_name(f"{path.name}.rewrite-{uuid.uuid4().hex[:8]}")
    with Store.open(path, key=old_key, migrate=False) as store:
        before = table_rows(store.raw_connection(),
                            str(store.scalar("SELECT current_database()")))
        report = copy_store(store, temporary, new_key)
    if report.rows != before:
        remove_quietly(temporary)
        raise StoreError(f"the encrypted copy of {path} does not hold the same rows; "
                         "the store was left as it was")
    with Store.open(temporary, key=new_key, read_only=True, migrate=False) as check:
        if table_rows(check.raw_connection(), str(check.scalar("SELECT current_database()"))) \
                != before:
            remove_quietly(temporary)
            raise StoreError(f"the encrypted copy of {path} reads back differently; the store "
                             "was left as it was")
    remove_quietly(Path(f"{path}.wal"))  # closed cleanly above: any WAL is already merged
    os.replace(temporary, path)
    return CopyReport(path, True, report.rows)
