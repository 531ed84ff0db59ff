"""The Parquet lake: cleaned input records as Parquet folders an engine reads in place.

Layout (one folder per input kind; ``docs/scaling.md`` describes it for people)::

    LAKE/_lake.json                          layout version, kinds, row counts, first/last day
    LAKE/cdr/day=YYYY-MM-DD/part-N.parquet   call records, partitioned by the UTC day of
                                             start_time (rows without a time: day=unknown)
    LAKE/cells/part-0.parquet                cell sites
    LAKE/subscribers/part-0.parquet          subscriber records

The records are the store's cleaned rows (numbers in E.164, times as naive UTC, the
provenance columns ``_batch``, ``_file``, ``_row`` kept), not the raw input files: cleaning
and quarantine are ingest's work. ``write_lake`` writes a lake from a store; ``open_lake``
gives an engine (Spark, local or on a cluster, or DuckDB) whose tables are the lake's kinds,
read straight from the Parquet files. ``LAKE`` may be a local folder or, for Spark, any URI
its Hadoop file system reads (``s3a://``, ``hdfs://``, ``abfss://``).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from linewatch.errors import InputError, LinewatchError
from linewatch.storage.engine import DuckDBEngine, Engine, SparkEngine
from linewatch.storage.store import Store

LAYOUT_VERSION = 1
#: the kinds the feature pipeline reads; ``cdr`` is required, the others optional
LAKE_KINDS = ("cdr", "cells", "subscribers")
#: kind -> the timestamp column whose UTC day partitions it
PARTITION_TIME = {"cdr": "start_time"}
MANIFEST = "_lake.json"


def write_lake(store: Store, lake: Path, *, kinds: Sequence[str] = LAKE_KINDS,
               replace: bool = False) -> dict[str, Any]:
    """Write ``store``'s records of ``kinds`` to the lake folder ``lake``; returns the manifest.

    An existing kind folder is an error unless ``replace`` (then it is rewritten whole).
    """
    lake.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"layout": LAYOUT_VERSION, "kinds": {}}
    for kind in kinds:
        if kind not in LAKE_KINDS:
            raise InputError(f"the lake holds {', '.join(LAKE_KINDS)}, not '{kind}'")
        rows = store.count(kind) if store.table_exists(kind) else 0
        if rows == 0:
            continue
        folder = lake / kind
        if folder.exists():
            if not replace:
                raise InputError(f"{folder} exists (pass replace to rewrite it)")
            shutil.rmtree(folder)
        entry: dict[str, Any] = {"rows": rows}
        time_column = PARTITION_TIME.get(kind)
        if time_column is None:
            folder.mkdir()
            store.export_parquet(kind, folder / "part-0.parquet")
        else:
            day = (f"coalesce(strftime(CAST({time_column} AS DATE), '%Y-%m-%d'), 'unknown')")
            store.export_parquet(f"SELECT *, {day} AS day FROM {kind}", folder,  # noqa: S608 - kind and column are constants of this module
                                 partition_by="day")
            first, last = store.query_one(
                f"SELECT min(CAST({time_column} AS DATE)), max(CAST({time_column} AS DATE)) "  # noqa: S608 - constants
                f"FROM {kind}") or (None, None)
            entry.update({"first_day": str(first), "last_day": str(last),
                          "partitioned_by": f"day of {time_column} (UTC)"})
        manifest["kinds"][kind] = entry
    if "cdr" not in manifest["kinds"]:
        raise InputError("the store holds no call records to write to a lake")
    (lake / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def is_uri(lake: str | Path) -> bool:
    return "://" in str(lake)


def local_kinds(lake: Path) -> list[str]:
    """The kinds present in a local lake (a folder holding at least one Parquet file)."""
    return [k for k in LAKE_KINDS if (lake / k).is_dir()
            and next((lake / k).rglob("*.parquet"), None) is not None]


def open_lake(lake: str | Path, engine: str = "spark", *, master: str = "local[2]",
              config: dict[str, str] | None = None) -> tuple[Engine, list[str]]:
    """An engine whose tables ``cdr`` (and ``cells``, ``subscribers`` if present) are the lake's.

    ``engine`` is ``spark`` (``master``: ``local[N]`` or a cluster's URL) or ``duckdb`` (an
    in-memory database reading the same files, for comparison on one machine).
    """
    if engine == "duckdb":
        if is_uri(lake):
            raise InputError("the DuckDB engine reads local lakes only", file=str(lake))
        kinds = _require_cdr(local_kinds(Path(lake)), lake)
        duck = DuckDBEngine(connection=duckdb.connect())
        for kind in kinds:
            duck.register_parquet(kind, Path(lake) / kind / "**" / "*.parquet")
        return duck, kinds
    if engine != "spark":
        raise LinewatchError(f"unknown engine '{engine}' (choose duckdb or spark)")
    spark = SparkEngine(master=master, config=config)
    try:
        if is_uri(lake):
            kinds = []
            for kind in LAKE_KINDS:
                with contextlib.suppress(Exception):  # a missing optional kind; cdr is checked below
                    spark.register_parquet(kind, f"{str(lake).rstrip('/')}/{kind}")
                    kinds.append(kind)
            _require_cdr(kinds, lake)
        else:
            kinds = _require_cdr(local_kinds(Path(lake)), lake)
            for kind in kinds:
                spark.register_parquet(kind, Path(lake).resolve() / kind)
    except BaseException:
        spark.close()
        raise
    return spark, kinds


def _require_cdr(kinds: list[str], lake: str | Path) -> list[str]:
    if "cdr" not in kinds:
        raise InputError("no call records in the lake (expected cdr/day=YYYY-MM-DD/"
                         "part-N.parquet)", file=str(lake))
    return kinds
