"""Compute engines that run one portable SQL pipeline on DuckDB or Apache Spark.

Analytics are written once, as SQL steps in DuckDB's dialect (the project's reference dialect),
and run either inside the store's DuckDB connection or, through sqlglot, on a Spark session
when one machine is not enough. Like Splink's pipelines, each step is a named SELECT that later
steps refer to by name.
"""

from __future__ import annotations

import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot

from linewatch.errors import LinewatchError, StoreError
from linewatch.storage.store import Store, check_identifier

REFERENCE_DIALECT = "duckdb"


@dataclass(frozen=True)
class Step:
    """One named step of a pipeline: a SELECT that may use earlier steps by name."""

    name: str
    sql: str
    materialise: bool = False


class Engine(ABC):
    """Runs SQL written in the reference dialect; returns Arrow tables."""

    name: str = "abstract"
    dialect: str = REFERENCE_DIALECT

    def translate(self, sql: str) -> str:
        if self.dialect == REFERENCE_DIALECT:
            return sql
        return ";\n".join(sqlglot.transpile(sql, read=REFERENCE_DIALECT, write=self.dialect))

    @abstractmethod
    def register_arrow(self, name: str, data: pa.Table) -> None: ...

    @abstractmethod
    def register_parquet(self, name: str, path: str | Path) -> None: ...

    @abstractmethod
    def define(self, step: Step) -> None:
        """Make ``step.name`` refer to the step's result for later steps."""

    @abstractmethod
    def fetch(self, sql: str) -> pa.Table: ...

    def run(self, steps: Sequence[Step]) -> pa.Table:
        """Define every step but the last, and return the last step's rows."""
        if not steps:
            raise LinewatchError("a pipeline needs at least one step")
        for step in steps[:-1]:
            self.define(step)
        return self.fetch(steps[-1].sql)

    def close(self) -> None:  # noqa: B027 - optional hook
        pass


class DuckDBEngine(Engine):
    """The default engine: runs inside the store's own DuckDB connection."""

    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, store: Store | None = None, *,
                 connection: duckdb.DuckDBPyConnection | None = None) -> None:
        """Inside ``store``'s connection, or a bare ``connection`` (e.g. over a lake)."""
        if connection is None:
            if store is None:
                raise LinewatchError("a DuckDB engine needs a store or a connection")
            connection = store.raw_connection()
        self.store = store
        self._con = connection

    def register_arrow(self, name: str, data: pa.Table) -> None:
        self._con.register(check_identifier(name), data)

    def register_parquet(self, name: str, path: str | Path) -> None:
        quoted = str(path).replace("'", "''")
        self._con.execute(f"CREATE OR REPLACE TEMP VIEW {check_identifier(name)} AS "  # noqa: S608 - checked name; path quoted, views take no parameters
                          f"SELECT * FROM read_parquet('{quoted}')")

    def define(self, step: Step) -> None:
        kind = "TABLE" if step.materialise else "VIEW"
        self._exec(f"CREATE OR REPLACE TEMP {kind} {check_identifier(step.name)} AS {step.sql}")

    def drop(self, step: Step) -> None:
        """Drop a step's temporary table or view (DuckDB keeps them until closed)."""
        kind = "TABLE" if step.materialise else "VIEW"
        self._exec(f"DROP {kind} IF EXISTS temp.{check_identifier(step.name)}")

    def fetch(self, sql: str) -> pa.Table:
        try:
            return self._con.sql(sql).to_arrow_table()
        except Exception as exc:  # duckdb.Error, re-raised with the SQL attached
            raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc

    def close(self) -> None:
        if self.store is None:  # a bare connection is this engine's own
            self._con.close()

    def _exec(self, sql: str) -> None:
        try:
            self._con.execute(sql).fetchall()
        except Exception as exc:
            raise StoreError(f"{exc}\nSQL: {sql[:2000]}") from exc


class SparkEngine(Engine):
    """Apache Spark (``pip install 'linewatch[spark]'``); local mode unless a master is given."""

    name = "spark"
    dialect = "spark"

    def __init__(self, master: str = "local[2]", config: dict[str, str] | None = None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise LinewatchError(
                "the Spark engine needs pyspark: pip install 'linewatch[spark]'") from exc
        builder = (SparkSession.builder.master(master).appName("linewatch")
                   .config("spark.sql.session.timeZone", "UTC")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "4")
                   .config("spark.sql.execution.arrow.pyspark.enabled", "true"))
        jar = _splink_similarity_jar()
        if jar:  # Splink's string-similarity UDFs, so linkage can share this JVM
            builder = builder.config("spark.jars", jar)
        for key, value in (config or {}).items():
            builder = builder.config(key, value)
        self.spark: Any = builder.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")

    def register_arrow(self, name: str, data: pa.Table) -> None:
        frame = self.spark.createDataFrame(data)
        frame.createOrReplaceTempView(check_identifier(name))

    def register_parquet(self, name: str, path: str | Path) -> None:
        self.spark.read.parquet(str(path)).createOrReplaceTempView(check_identifier(name))

    def define(self, step: Step) -> None:
        frame = self.spark.sql(self.translate(step.sql))
        if step.materialise:
            frame = frame.cache()
        frame.createOrReplaceTempView(check_identifier(step.name))

    def fetch(self, sql: str) -> pa.Table:
        translated = self.translate(sql)
        try:
            frame = self.spark.sql(translated)
            return frame.toArrow()
        except Exception as exc:
            raise StoreError(f"{exc}\nSQL: {translated[:2000]}") from exc

    def process_cpu_seconds(self) -> float | None:
        """CPU time the driver's JVM has used so far (in local mode, all the work); None
        where ``/proc`` cannot tell (not Linux)."""
        pid = int(self.spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid())
        return proc_cpu_seconds(pid)

    def close(self) -> None:
        self.spark.stop()


def proc_cpu_seconds(pid: int, *, with_children: bool = False) -> float | None:
    """User and system CPU of process ``pid`` from ``/proc`` (Linux), optionally with that of
    its children it has waited for; None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # from field 3 (state) on
    ticks = sum(int(v) for v in fields[11:15 if with_children else 13])  # utime stime cu cs
    return ticks / os.sysconf("SC_CLK_TCK")


def _splink_similarity_jar() -> str:
    from splink.backends.spark import similarity_jar_location

    location: str = similarity_jar_location()
    return location


def engine_for(store: Store, name: str = "duckdb", **options: Any) -> Engine:
    """The engine called ``name`` over ``store``'s data.

    For Spark, the tables a pipeline needs are exported from the store to Parquet and read
    by Spark (``export_tables_to``); with real big data, point Spark at the bundle instead.
    """
    if name == "duckdb":
        return DuckDBEngine(store)
    if name == "spark":
        engine = SparkEngine(**{k: v for k, v in options.items() if k in {"master", "config"}})
        tables: Sequence[str] = options.get("tables", ())
        if tables:
            folder = Path(options.get("workdir") or Path.cwd() / ".linewatch-spark")
            folder.mkdir(parents=True, exist_ok=True)
            for table in tables:
                path = folder / f"{table}-{uuid.uuid4().hex[:8]}.parquet"
                store.export_parquet(table, path)
                engine.register_parquet(table, path)
        return engine
    raise LinewatchError(f"unknown engine '{name}' (choose duckdb or spark)")
