"""The embedded store: one DuckDB file, versioned schema migrations, bound parameters only.

This module, :mod:`linewatch.storage.engine`, :mod:`linewatch.storage.encryption` and
:mod:`linewatch.storage.copies` are the only places that import ``duckdb``. Every other stage
talks to a :class:`Store`. With ``LINEWATCH_STORE_KEY`` set the store file is encrypted
(:mod:`linewatch.storage.encryption`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from linewatch.errors import StoreError
from linewatch.storage.encryption import (
    STORE_CATALOG,
    StoreKeyError,
    connect_encrypted,
    is_encrypted,
    store_key_from_env,
    unkeyed_problem,
)
from linewatch.storage.migrations import LATEST_VERSION, MIGRATIONS
from linewatch.storage.recovery import is_lock_error, replay_problem
from linewatch.vocabulary import DEFAULT_DB

#: an attached in-memory database for derived, rebuildable tables (search index, summaries):
#: unlike temporary tables, every cursor of the store sees them, and nothing reaches the file
CACHE_DB = "lw_cache"
_SESSION_SETTINGS = ("SET TimeZone = 'UTC'", "SET enable_progress_bar = false")
Params = Sequence[Any] | dict[str, Any] | None
#: ``Store.open(key=FROM_ENV)``: the key is ``LINEWATCH_STORE_KEY`` (none when it is unset)
FROM_ENV = "<from LINEWATCH_STORE_KEY>"


def held_message(target: str, error: str) -> str | None:
    """One line for a store another process holds (DuckDB allows one writing process), or
    ``None`` when ``error`` is something else; a write-ahead log that cannot be replayed
    gets its own message (:mod:`linewatch.storage.recovery`), not this one."""
    replay = replay_problem(target, error)
    if replay is not None:
        return replay
    if not is_lock_error(error):
        return None
    found = re.search(r"PID (\d+)", error)
    who = f"process {found.group(1)}" if found else "another process"
    return (f"{target} is held by {who}, most likely a running 'linewatch serve': stop it "
            f"first, or work on a copy of the file (DuckDB lets one process write a store)")


class Store:
    """A linewatch store backed by a DuckDB database file (or ``:memory:``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self._con = con
        self.path = path
        self._lock = threading.RLock()
        self._in_transaction = False
        self._parallel_reads = False
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._cursor_lock = threading.Lock()
        self._cache_attached = False
        self.read_only = False
        self.closed = False
        self._schema_current = False
        self.encrypted = False
        self._key: str | None = None  # for encrypted copies (backups); never printed
        self._session: tuple[str, ...] = _SESSION_SETTINGS

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, read_only: bool = False,
             migrate: bool = True, key: str | None = FROM_ENV) -> Store:
        """Open (creating when needed) the store at ``path`` and bring its schema up to date.

        ``key`` encrypts the store (default: ``LINEWATCH_STORE_KEY``; ``None``: no key). An
        encrypted store without its key, or an unencrypted one with a key, is refused with a
        one-line :class:`~linewatch.storage.encryption.StoreKeyError`.
        """
        target = str(path)
        if key == FROM_ENV:
            key = store_key_from_env()
        if target == ":memory:":
            key = None
        if target != ":memory:":
            parent = Path(target).resolve().parent
            if not parent.exists():
                raise StoreError(f"{target}: folder {parent} does not exist")
            if read_only and not Path(target).exists():
                raise StoreError(f"{target}: no such store (run 'linewatch ingest' first)")
        if key is not None:
            con = connect_encrypted(target, key, read_only=read_only)
        elif is_encrypted(target):
            raise StoreKeyError(unkeyed_problem(target))
        else:
            try:
                con = duckdb.connect(target, read_only=read_only)
            except duckdb.Error as exc:
                raise StoreError(held_message(target, str(exc))
                                 or f"{target}: cannot open store ({exc})") from exc
        for setting in _SESSION_SETTINGS:
            con.execute(setting)
        con.execute(f"SET memory_limit = '{memory_limit()}'")
        store = cls(con, target)
        store.read_only = read_only
        if key is not None:
            store.encrypted = True
            store._key = key
            store._session = (*_SESSION_SETTINGS, f"USE {STORE_CATALOG}")
        if migrate and not read_only:
            store.migrate()
        return store

    def close(self) -> None:
        with self._lock:
            self.closed = True
            self._parallel_reads = False
            for cursor in self._cursors:
                with contextlib.suppress(duckdb.Error):
                    cursor.close()
            self._cursors.clear()
            self._con.close()

    # -- concurrency -----------------------------------------------------------------------
    def enable_parallel_reads(self) -> None:
        """Let each thread read through its own DuckDB cursor, without the store's lock.

        For the web server: many requests read at once, and one query no longer waits for
        another (or for an audit commit). Writes and transactions still go through the one
        connection under the lock, and a thread inside :meth:`transaction` reads there too,
        so it sees its own uncommitted rows. Derived tables that readers need must live in
        :meth:`cache_db`, not in temporary tables (those belong to one connection).
        """
        self._parallel_reads = True

    def second_connection(self) -> Store:
        """A :class:`Store` on a new connection to the same open database.

        For the server's job writer: its transaction (an import, an analysis run) is its own,
        with its own lock, so reads through :meth:`enable_parallel_reads` cursors keep seeing
        the last committed data and small writes on this store (audit entries, sessions) never
        wait for it. DuckDB's MVCC keeps the two apart as long as they change different rows.
        """
        with self._lock, self._cursor_lock:
            con = self._con.cursor()
            self._cursors.append(con)  # closed with this store
        for setting in self._session:
            con.execute(setting)
        other = Store(con, self.path)
        other._schema_current = self._schema_current
        other.encrypted = self.encrypted
        other._key = self._key
        other._session = self._session
        return other

    def interrupt(self) -> None:
        """Stop the query running on this store's connection (it raises in its thread); used
        to cancel a job, whose transaction then rolls back."""
        self._con.interrupt()

    def cache_db(self) -> str:
        """The name of the store's attached in-memory database (created on first use)."""
        with self._lock:
            if not self._cache_attached:
                self._con.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {CACHE_DB} (READ_WRITE)")
                self._cache_attached = True
        return CACHE_DB

    def _reader(self) -> duckdb.DuckDBPyConnection | None:
        """This thread's own cursor, or ``None`` when reads must use the shared connection."""
        in_transaction: int = getattr(self._local, "depth", 0)
        if not self._parallel_reads or in_transaction:
            return None
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            # not the store's lock: a thread's first read must not wait for a write either
            with self._cursor_lock:
                cursor = self._con.cursor()
                for setting in self._session:
                    cursor.execute(setting)
                self._cursors.append(cursor)
            self._local.cursor = cursor
        return cursor

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------------
    def schema_version(self) -> int:
        if not self.table_exists("schema_migrations"):
            return 0
        row = self.query("SELECT max(version) FROM schema_migrations")
        return int(row[0][0] or 0)

    def migrate(self, to: int | None = None) -> int:
        """Apply every migration newer than the store's version (up to version ``to``, if
        given), each in its own transaction; returns the store's version afterwards.

        A store written by a newer linewatch (a version this code does not know) is refused
        rather than used with a schema the code does not understand.
        """
        target = LATEST_VERSION if to is None else to
        with self._lock:
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
            )
            current = self.schema_version()
            if current > LATEST_VERSION:
                raise StoreError(f"{self.path}: schema version {current} is newer than this "
                                 f"linewatch knows ({LATEST_VERSION}); upgrade linewatch")
            for migration in MIGRATIONS:
                if migration.version <= current or migration.version > target:
                    continue
                with self.transaction():
                    for statement in migration.statements():
                        self._con.execute(statement)
                    self._con.execute(
                        "INSERT INTO schema_migrations (version, description) VALUES (?, ?)",
                        [migration.version, migration.description],
                    )
            version = self.schema_version()
            self._schema_current = version == LATEST_VERSION
            return version

    def ensure_schema(self) -> None:
        """Make sure the schema is up to date before writing to a migration-owned table.

        A store from :meth:`open` already is (this is then a no-op); one opened with
        ``migrate=False`` is migrated now. Read-only stores are left as they are.
        """
        if not self._schema_current and not self.read_only:
            self.migrate()

    # -- queries ---------------------------------------------------------------------------
    def execute(self, sql: str, params: Params = None) -> None:
        """Run a statement with bound parameters; never format values into ``sql``."""
        with self._lock:
            try:
                self._con.execute(sql, params).fetchall()
            except duckdb.Error as exc:
                raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock:
            if rows:
                try:
                    self._con.executemany(sql, rows)
                except duckdb.Error as exc:
                    raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc

    def query(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        reader = self._reader()
        if reader is not None:
            try:
                return reader.execute(sql, params).fetchall()
            except duckdb.Error as exc:
                raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc
        with self._lock:
            try:
                return self._con.execute(sql, params).fetchall()
            except duckdb.Error as exc:
                raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc

    def query_one(self, sql: str, params: Params = None) -> tuple[Any, ...] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Params = None) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def query_dicts(self, sql: str, params: Params = None) -> list[dict[str, Any]]:
        reader = self._reader()
        if reader is not None:
            return _dicts(reader, sql, params)
        with self._lock:
            return _dicts(self._con, sql, params)

    def query_arrow(self, sql: str, params: Params = None) -> pa.Table:
        reader = self._reader()
        if reader is not None:
            return _arrow(reader, sql, params)
        with self._lock:
            return _arrow(self._con, sql, params)

    def write_arrow(self, table: str, data: pa.Table, *, mode: str = "replace",
                    json_columns: Sequence[str] = ()) -> None:
        """Write an Arrow table as ``table`` (``replace``, ``append`` or ``create``);
        ``json_columns`` (strings holding JSON) are typed JSON as the table is made. Never
        ``ALTER ... TYPE`` afterwards: DuckDB 1.5 cannot replay that from its write-ahead
        log, so a crash after it leaves a store that will not open (storage.recovery)."""
        _check_identifier(table)
        name = f"_arrow_{uuid.uuid4().hex}"
        casts = ", ".join(f"CAST({_check_identifier(c)} AS JSON) AS {c}" for c in json_columns)
        select = f"SELECT * REPLACE ({casts}) FROM {name}" if casts else f"SELECT * FROM {name}"  # noqa: S608 - checked names
        with self._lock:
            self._con.register(name, data)
            try:
                if mode == "replace":
                    self._con.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")
                elif mode == "create":
                    self._con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS "
                                      f"{select} LIMIT 0")
                    self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")  # noqa: S608 - table names pass _check_identifier
                elif mode == "append":
                    self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")  # noqa: S608 - table names pass _check_identifier
                else:
                    raise StoreError(f"unknown write mode '{mode}'")
            except duckdb.Error as exc:
                raise StoreError(f"writing {table}: {exc}") from exc
            finally:
                self._con.unregister(name)

    def write_rows(self, table: str, rows: list[dict[str, Any]], *, mode: str = "replace",
                   schema: pa.Schema | None = None) -> None:
        """Write Python dicts as a table (small outputs: runs, explanations, overrides)."""
        if not rows and schema is None:
            if mode == "replace" and self.table_exists(table):
                self.execute(f"DELETE FROM {_check_identifier(table)}")  # noqa: S608 - table names pass _check_identifier
            return
        data = pa.Table.from_pylist(rows, schema=schema)
        self.write_arrow(table, data, mode=mode)

    @contextlib.contextmanager
    def registered(self, name: str, data: pa.Table) -> Iterator[str]:
        """Make an Arrow table visible to SQL as ``name`` for the duration of the block
        (to this thread's queries: a reader cursor's registrations are its own)."""
        _check_identifier(name)
        reader = self._reader()
        if reader is not None:
            reader.register(name, data)
            try:
                yield name
            finally:
                reader.unregister(name)
            return
        with self._lock:
            self._con.register(name, data)
        try:
            yield name
        finally:
            with self._lock:
                self._con.unregister(name)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All-or-nothing block: commit at the end, roll back on any exception."""
        with self._lock:
            if self._in_transaction:
                yield self
                return
            self._con.execute("BEGIN TRANSACTION")
            self._in_transaction = True
            self._local.depth = 1  # this thread's reads now go through the transaction
            try:
                yield self
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            else:
                self._con.execute("COMMIT")
            finally:
                self._in_transaction = False
                self._local.depth = 0

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the store file (after an import or an analysis, so a
        crash later can only cost the work in flight; see :mod:`linewatch.storage.recovery`).
        Skipped inside a transaction and on read-only or in-memory stores."""
        if self.read_only or self.path == ":memory:" or bool(getattr(self._local, "depth", 0)):
            return
        with self._lock:
            if not self._in_transaction:
                # best effort: DuckDB may decline while other connections write
                with contextlib.suppress(duckdb.Error):
                    self._con.execute("CHECKPOINT")

    # -- catalogue -------------------------------------------------------------------------
    def table_exists(self, name: str) -> bool:
        rows = self.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
        return bool(rows[0][0])

    def columns(self, table: str) -> list[str]:
        rows = self.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table])
        return [r[0] for r in rows]

    def count(self, table: str) -> int:
        if not self.table_exists(table):
            return 0
        return int(self.scalar(f"SELECT count(*) FROM {_check_identifier(table)}"))  # noqa: S608 - table names pass _check_identifier

    def export_parquet(self, table_or_sql: str, path: str | Path, *,
                       partition_by: str | None = None) -> Path:
        """Write a table (or a SELECT) to a Parquet file, e.g. to hand to the Spark engine.

        With ``partition_by`` (a column of the rows), ``path`` is a folder of Hive-style
        partitions, ``path/column=value/part-N.parquet``.
        """
        source = table_or_sql if " " in table_or_sql else f"SELECT * FROM {_check_identifier(table_or_sql)}"  # noqa: S608 - table names pass _check_identifier
        target = Path(path)
        options = "FORMAT parquet"
        if partition_by is not None:
            options += (f", PARTITION_BY ({_check_identifier(partition_by)}), "
                        "FILENAME_PATTERN 'part-{i}'")
        with self._lock:
            self._con.execute(f"COPY ({source}) TO '{_quote_path(target)}' ({options})")
        return target

    def raw_connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for the storage and engine layers only."""
        return self._con

    def splink_db_api(self) -> Any:
        """A Splink database API bound to this store's connection.

        Inside an open transaction (an analysis run as one job of the server) it gets a
        scratch in-memory connection instead: Splink tests whether a table exists by catching
        DuckDB's error, and any error aborts the whole transaction. Training and scoring need
        only the records they are given, so nothing of the store is lost by this.
        """
        from splink import DuckDBAPI

        if self._in_transaction:
            scratch = duckdb.connect(":memory:")
            for setting in _SESSION_SETTINGS:
                scratch.execute(setting)
            scratch.execute(f"SET memory_limit = '{memory_limit()}'")
            return DuckDBAPI(connection=scratch)
        return DuckDBAPI(connection=self._con)

    def json(self, value: Any) -> str:
        return json.dumps(value, default=str, ensure_ascii=False)


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: Params) -> list[dict[str, Any]]:
    try:
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.Error as exc:
        raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc


def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: Params) -> pa.Table:
    try:
        if params is None:
            return con.sql(sql).to_arrow_table()
        return con.sql(sql, params=params).to_arrow_table()
    except duckdb.Error as exc:
        raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc


def memory_limit() -> str:
    """DuckDB's memory limit: ``LINEWATCH_MEMORY_LIMIT`` (e.g. ``4GB``), default 8GB.

    Above it DuckDB spills to disk, so an import or analysis of any size runs in bounded memory.
    """
    value = os.environ.get("LINEWATCH_MEMORY_LIMIT", "8GB").strip()
    if not value.replace(".", "").rstrip("KMGTBkmgtib").isdigit():
        raise StoreError(f"LINEWATCH_MEMORY_LIMIT '{value}' is not a size like 4GB")
    return value


def _check_identifier(name: str) -> str:
    """Allow only plain identifiers where SQL cannot take a bound parameter (table names)."""
    if not name.replace("_", "").isalnum() or name[0].isdigit():
        raise StoreError(f"'{name}' is not a valid table name")
    return name


def _quote_path(path: Path) -> str:
    return str(path).replace("'", "''")


def check_identifier(name: str) -> str:
    """Public form of the identifier check, for modules that build table names."""
    return _check_identifier(name)
