"""The feature pipeline over one Parquet lake: DuckDB, Spark local[1], local[2], a 2-worker cluster.

Builds a world once (``linewatch simulate``, ``ingest``, ``lake write``), then runs
``linewatch lake features`` over the same lake once per configuration, each in a child process
as a user would run it (``benchmarks/_measure.py``: wall, CPU and peak memory of that process).
The command reports its own start-up (Spark: the JVM, the session and, on the cluster, the
executors joining; DuckDB: opening the files) and its feature time separately. The cluster is
a Spark standalone master and two workers (one core each) on 127.0.0.1, started by this script
from the PySpark installation (``linewatch.storage.cluster``); its start-up is timed on its own.
Ratios are against DuckDB measured in the same run. Every configuration's features are
compared with DuckDB's (same numbers, values within 1e-6), so a fast wrong answer shows.

    .venv/bin/python benchmarks/spark_scaling.py --scale small
    .venv/bin/python benchmarks/spark_scaling.py --scale medium --json out/spark-medium.json

CPU is core-seconds of all the work: the command's Python, its JVM (``jvm_cpu_s``: in local mode
the driver runs the tasks too) and, on the cluster, the master's, workers' and executors' CPU
while it ran (``/proc``, Linux). On a shared machine CPU is the steadier measure; wall time is
what a user waits. Results and what they show: docs/scaling.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import Measured, run_measured

LINEWATCH = str(Path(sys.executable).with_name("linewatch"))
CONFIGS = ("duckdb", "local[1]", "local[2]", "cluster-2w")


def build_lake(folder: Path, scale: str, seed: int) -> dict[str, Any]:
    """simulate -> ingest -> lake write; returns the lake's manifest and each step's time."""
    world, db, lake = folder / "world", folder / "store.duckdb", folder / "lake"
    steps = {
        "simulate": run_measured([LINEWATCH, "simulate", "--scale", scale, "--seed", str(seed),
                                  "--out", str(world)]),
        "ingest": run_measured([LINEWATCH, "ingest", str(world / "data"), "--db", str(db)]),
        "lake_write": run_measured([LINEWATCH, "lake", "write", "--db", str(db), "--lake",
                                    str(lake), "--json"]),
    }
    manifest = json.loads(steps["lake_write"].stdout)
    return {"manifest": manifest, "steps": {k: round(v.wall_s, 1) for k, v in steps.items()}}


def features(lake: Path, out: Path, engine: str, master: str,
             conf: dict[str, str]) -> tuple[Measured, dict[str, Any]]:
    command = [LINEWATCH, "lake", "features", "--lake", str(lake), "--out", str(out),
               "--engine", engine, "--master", master, "--json"]
    for key, value in conf.items():
        command += ["--conf", f"{key}={value}"]
    measured = run_measured(command)
    return measured, json.loads(measured.stdout)


def differences(expected: Path, got: Path) -> int:
    """Cells where two feature files disagree beyond 1e-6 (a missing number counts as one)."""
    want = {r["number"]: r for r in pq.read_table(expected).to_pylist()}
    have = {r["number"]: r for r in pq.read_table(got).to_pylist()}
    bad = len(want.keys() ^ have.keys())
    for number in want.keys() & have.keys():
        for column, value in want[number].items():
            other = have[number].get(column)
            if isinstance(value, float) and isinstance(other, float):
                same = (math.isnan(value) and math.isnan(other)) or math.isclose(
                    value, other, rel_tol=1e-6, abs_tol=1e-6)
            else:
                same = value == other
            bad += not same
    return bad


def run(scale: str, seed: int, folder: Path, driver_memory: str, worker_memory: str,
        executor_memory: str, configs: list[str]) -> dict[str, Any]:
    from linewatch.storage.cluster import StandaloneCluster

    load_before = os.getloadavg()
    built = build_lake(folder, scale, seed)
    lake = folder / "lake"
    rows = built["manifest"]["kinds"]["cdr"]["rows"]
    results: dict[str, dict[str, Any]] = {}
    local_conf = {"spark.driver.memory": driver_memory}
    for name in ["duckdb", *(c for c in configs if c != "duckdb")]:  # the baseline first
        out = folder / f"features-{name}.parquet"
        cluster_start = None
        cluster_cpu = 0.0
        if name == "duckdb":
            measured, report = features(lake, out, "duckdb", "local[1]", {})
        elif name.startswith("local"):
            measured, report = features(lake, out, "spark", name, local_conf)
        else:
            began = time.perf_counter()
            with StandaloneCluster(workers=2, cores_per_worker=1, worker_memory=worker_memory,
                                   executor_memory=executor_memory) as cluster:
                cluster_start = time.perf_counter() - began
                cpu_before = cluster.cpu_seconds()
                measured, report = features(lake, out, "spark", cluster.master_url,
                                            {**cluster.session_config(), **local_conf})
                time.sleep(3)  # the workers reap their executors once the application ends
                cluster_cpu = cluster.cpu_seconds() - cpu_before
        results[name] = {
            "wall_s": round(measured.wall_s, 2),
            # the command's Python, its driver JVM (in local mode, all the work) and, on the
            # cluster, the master's, workers' and executors' CPU while it ran
            "cpu_s": round(measured.cpu_s + (report.get("jvm_cpu_s") or 0.0) + cluster_cpu, 2),
            "peak_mib": round(measured.peak_mib), "startup_s": report["startup_s"],
            "features_s": report["features_s"], "numbers": report["numbers"],
            "cluster_start_s": round(cluster_start, 2) if cluster_start is not None else None,
            "differences_from_duckdb": differences(folder / "features-duckdb.parquet", out)}
        print(f"  {name}: {json.dumps(results[name])}", flush=True)
    base = results["duckdb"]
    for r in results.values():
        r["wall_vs_duckdb"] = round(r["wall_s"] / base["wall_s"], 2)
        r["features_vs_duckdb"] = round(r["features_s"] / max(base["features_s"], 1e-9), 2)
        r["features_us_per_row"] = round(r["features_s"] / rows * 1e6, 3)
        r["cpu_us_per_row"] = round(r["cpu_s"] / rows * 1e6, 3)
    return {"scale": scale, "seed": seed, "cdr_rows": rows, "cores": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "build": built["steps"], "results": results}


def print_table(result: dict[str, Any]) -> None:
    print(f"\n{result['scale']}: {result['cdr_rows']:,} cdr rows, {result['cores']} cores, "
          f"load average before {result['load_before']} after {result['load_after']}")
    header = (f"{'config':<11} {'wall s':>8} {'start s':>8} {'feat s':>8} {'cluster s':>9} "
              f"{'CPU s':>7} {'MiB':>6} {'wall/duck':>9} {'feat/duck':>9} {'us/row':>7} "
              f"{'CPU us/row':>10} diff")
    print(header)
    for name, r in result["results"].items():
        cluster = f"{r['cluster_start_s']:.1f}" if r["cluster_start_s"] is not None else "-"
        print(f"{name:<11} {r['wall_s']:>8.1f} {r['startup_s']:>8.1f} {r['features_s']:>8.1f} "
              f"{cluster:>9} {r['cpu_s']:>7.1f} {r['peak_mib']:>6} {r['wall_vs_duckdb']:>9.2f} "
              f"{r['features_vs_duckdb']:>9.2f} {r['features_us_per_row']:>7.2f} "
              f"{r['cpu_us_per_row']:>10.2f} {r['differences_from_duckdb']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("tiny", "small", "medium"), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="Folder to build in (kept); default: a "
                        "temporary folder, removed")
    parser.add_argument("--driver-memory", default="3g")
    parser.add_argument("--worker-memory", default="3g")
    parser.add_argument("--executor-memory", default="2g")
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=list(CONFIGS),
                        help="Which to run (DuckDB, the baseline, always runs)")
    parser.add_argument("--json", type=Path, help="Also write the results as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lw-spark-scaling-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        result = run(args.scale, args.seed, folder, args.driver_memory, args.worker_memory,
                     args.executor_memory, args.configs)
    print_table(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
