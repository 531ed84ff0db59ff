"""``linewatch lake``: write a Parquet lake, run the features over it, write results to it,
start a local cluster."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json
from linewatch.errors import InputError

lake_app = typer.Typer(help="The Parquet lake (docs/scaling.md): write one from a store, run "
                            "the feature pipeline over it on Spark or DuckDB, write an "
                            "analysis's results to it, and start a Spark standalone cluster "
                            "on this machine.", no_args_is_help=True)

LakeOption = Annotated[str, typer.Option("--lake", help="The lake: a folder, or for Spark any "
                                         "URI its file system reads (s3a://, hdfs://).")]


@lake_app.command("write")
def write(lake: Annotated[Path, typer.Option("--lake", help="Folder to write the lake to.")],
          db: DbOption = DEFAULT_DB_PATH,
          replace: Annotated[bool, typer.Option(
              "--replace", help="Rewrite kinds already in the lake.")] = False,
          as_json: JsonOption = False) -> None:
    """Write the store's cleaned cdr (partitioned by day), cells and subscribers to a lake."""
    from linewatch.storage.lake import write_lake

    with open_store(db, read_only=True) as store:
        manifest = write_lake(store, lake, replace=replace)
    if as_json:
        print_json(manifest)
        return
    for kind, entry in manifest["kinds"].items():
        out.print(f"{kind}: {entry['rows']:,} rows")
    out.print(f"lake written to {lake}")


@lake_app.command("features")
def features(lake: LakeOption,
             output: Annotated[Path, typer.Option(
                 "--out", help="Parquet file to write the per-number features to.")],
             engine: Annotated[str, typer.Option(
                 "--engine", help="spark or duckdb (DuckDB reading the same files).")] = "spark",
             master: Annotated[str, typer.Option(
                 "--master", help="Spark master: local[N] or spark://host:port.")] = "local[2]",
             conf: Annotated[list[str] | None, typer.Option(
                 "--conf", help="A Spark setting KEY=VALUE (repeatable), e.g. "
                 "spark.executor.memory=4g.")] = None,
             as_json: JsonOption = False) -> None:
    """Compute the per-number detection features from the lake alone (no store involved)."""
    import pyarrow.parquet as pq

    from linewatch.detect.params import make_params
    from linewatch.detect.pipeline import compute_features
    from linewatch.storage.engine import SparkEngine
    from linewatch.storage.lake import open_lake

    if engine not in ("spark", "duckdb"):
        raise InputError("--engine must be spark or duckdb", field="engine")
    settings = {}
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key.startswith("spark."):
            raise InputError(f"--conf takes spark.KEY=VALUE, not '{item}'", field="conf")
        settings[key] = value
    began = time.perf_counter()
    opened, kinds = open_lake(lake, engine, master=master, config=settings)
    started = time.perf_counter()
    jvm_cpu_s = None
    try:
        result = compute_features(opened, make_params(None), kinds, with_edges=False)
        if isinstance(opened, SparkEngine):
            used = opened.process_cpu_seconds()
            jvm_cpu_s = round(used, 2) if used is not None else None
    finally:
        opened.close()
    done = time.perf_counter()
    pq.write_table(result.features, output)
    summary: dict[str, Any] = {
        "engine": engine, "master": master if engine == "spark" else None, "kinds": kinds,
        "numbers": result.features.num_rows, "bursts": result.bursts.num_rows,
        "startup_s": round(started - began, 3), "features_s": round(done - started, 3),
        "total_s": round(time.perf_counter() - began, 3), "jvm_cpu_s": jvm_cpu_s,
        "out": str(output)}
    if as_json:
        print_json(summary)
        return
    out.print(json.dumps(summary))


@lake_app.command("results")
def results(lake: Annotated[Path, typer.Option("--lake", help="The lake folder to write to.")],
            db: DbOption = DEFAULT_DB_PATH,
            run: Annotated[str | None, typer.Option(
                "--run", help="Name the results after this run: one of the store's latest "
                "run of each stage (default: the latest of them).")] = None,
            replace: Annotated[bool, typer.Option(
                "--replace", help="Rewrite results of the same run already in the lake.")]
            = False,
            as_json: JsonOption = False) -> None:
    """Write the store's analysis results (lines, roles, targets, safeguarding, ...) to the
    lake as Parquet, with the record of the runs that made them (LAKE/_runs/RUN.json)."""
    from linewatch.results import RESULT_TABLES
    from linewatch.storage.lake_results import write_results

    with open_store(db, read_only=True) as store:
        record = write_results(store, lake, RESULT_TABLES, run_id=run, replace=replace)
    if as_json:
        print_json(record)
        return
    for table, entry in record["tables"].items():
        out.print(f"{table}: {entry['rows']:,} rows")
    out.print(f"results of run {record['run_id']} written to {lake}/results/run="
              f"{record['run_id']} (record: {lake}/_runs/{record['run_id']}.json)")


@lake_app.command("cluster")
def cluster(workers: Annotated[int, typer.Option("--workers", min=1, help="Workers to start.")]
            = 2,
            cores: Annotated[int, typer.Option("--cores", min=1, help="Cores per worker.")] = 1,
            memory: Annotated[str, typer.Option("--memory", help="Memory per worker.")] = "1g",
            ) -> None:
    """Start a Spark standalone master and workers on 127.0.0.1 until Ctrl-C or SIGTERM (for
    trying the cluster path: pass the printed URL to --master)."""
    from linewatch.storage.cluster import StandaloneCluster

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # a background job inherits SIGINT ignored, and SIGTERM would skip the clean stop
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    with StandaloneCluster(workers=workers, cores_per_worker=cores,
                           worker_memory=memory) as running:
        out.print(f"master {running.master_url} (status page {running.ui_url}), {workers} "
                  f"workers, started in {running.started_in_s:.1f} s; logs in "
                  f"{running.log_dir}. Ctrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            out.print("stopping")


def register(app: typer.Typer) -> None:
    """Add ``lake`` (with ``write``, ``features``, ``results``, ``cluster``)."""
    app.add_typer(lake_app, name="lake")
