"""End to end, as a user runs it: simulate, ingest, analyse, beside a floor measured in the run.

Each command runs in a child process (``benchmarks/_measure.py``: wall, CPU of all threads and
peak resident memory from the kernel's accounting). ``analyse`` reports each stage's own wall
and CPU time (``summary.timing``, written into the run records too). The floor is DuckDB's own
bare work on the same ``cdr`` table, measured in the same run after the analysis: a scan that
reads every column the pipeline uses, and one group-by over the calling number. Each stage is
printed in "passes of the floor" (its wall time over the group-by's), the measure the
national-scale issue asks for.

    .venv/bin/python benchmarks/pipeline.py --scale small
    .venv/bin/python benchmarks/pipeline.py --scale medium --json out/pipeline-medium.json
    .venv/bin/python benchmarks/pipeline.py --scale large --keep /data/large

The scenario and the store are made in a temporary folder (or ``--keep``), never reused.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured

LINEWATCH = str(Path(sys.executable).with_name("linewatch"))

SCAN = ("SELECT count(*), count(DISTINCT a_number), min(start_time), max(start_time), "
        "sum(coalesce(duration_s, 0)) FROM cdr")
GROUP_BY = ("SELECT count(*) FROM (SELECT a_number, count(*) AS n, count(DISTINCT b_number) "
            "AS k, min(start_time) AS f FROM cdr GROUP BY a_number)")


def floor(db: Path, repeats: int) -> dict[str, float]:
    """Median seconds of DuckDB's bare scan and group-by of ``cdr`` (after one warm run)."""
    from linewatch.storage import Store

    out: dict[str, float] = {}
    with Store.open(db, read_only=True) as store:
        rows = int(store.scalar("SELECT count(*) FROM cdr"))
        for name, sql in (("scan", SCAN), ("group_by", GROUP_BY)):
            store.query(sql)
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                store.query(sql)
                times.append(time.perf_counter() - start)
            out[name] = statistics.median(times)
    out["cdr_rows"] = rows
    return out


def run(scale: str, seed: int, folder: Path, repeats: int) -> dict[str, Any]:
    data, db = folder / "scenario", folder / "case.duckdb"
    steps: dict[str, Any] = {}
    sim = run_measured([LINEWATCH, "simulate", "--scale", scale, "--seed", str(seed),
                        "--out", str(data)])
    steps["simulate"] = sim
    steps["ingest"] = run_measured([LINEWATCH, "ingest", str(data / "data"), "--db", str(db)])
    analyse = run_measured([LINEWATCH, "analyse", "--db", str(db), "--json"])
    steps["analyse"] = analyse
    summaries = json.loads(analyse.stdout)
    stages = {name: s["timing"] for name, s in summaries.items()
              if isinstance(s, dict) and isinstance(s.get("timing"), dict)}
    base = floor(db, repeats)
    per_pass = base["group_by"] or 1e-9
    return {
        "scale": scale, "seed": seed, "cdr_rows": base["cdr_rows"],
        "commands": {k: {"wall_s": round(v.wall_s, 2), "cpu_s": round(v.cpu_s, 2),
                         "peak_mib": round(v.peak_mib)} for k, v in steps.items()},
        "stages": {k: {**v, "passes_of_floor": round(v["wall_s"] / per_pass, 1)}
                   for k, v in stages.items()},
        "floor": {"scan_s": round(base["scan"], 3), "group_by_s": round(base["group_by"], 3)},
        "analyse_passes_of_floor": round(analyse.wall_s / per_pass, 1),
        "ingest_rows_per_s": round(base["cdr_rows"] / max(steps["ingest"].wall_s, 1e-9)),
    }


def show(result: dict[str, Any]) -> None:
    print(f"scale {result['scale']} (seed {result['seed']}), {result['cdr_rows']:,} cdr rows")
    print(f"floor: bare scan {result['floor']['scan_s']:.3f} s, group-by "
          f"{result['floor']['group_by_s']:.3f} s (one pass)")
    print(f"{'command':>10} {'wall s':>9} {'CPU s':>9} {'peak MiB':>9}")
    for name, m in result["commands"].items():
        print(f"{name:>10} {m['wall_s']:9.2f} {m['cpu_s']:9.2f} {m['peak_mib']:9,}")
    print(f"{'stage':>10} {'wall s':>9} {'CPU s':>9} {'passes':>9}")
    for name, s in result["stages"].items():
        print(f"{name:>10} {s['wall_s']:9.2f} {s['cpu_s']:9.2f} {s['passes_of_floor']:9.1f}")
    print(f"analyse end to end: {result['analyse_passes_of_floor']} passes of the floor; "
          f"ingest {result['ingest_rows_per_s']:,} cdr rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="small", choices=("tiny", "small", "medium",
                                                             "large"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the scenario and store here")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.scale, args.seed, args.keep, args.repeats)
    else:
        with tempfile.TemporaryDirectory(prefix="lw-pipeline-") as tmp:
            result = run(args.scale, args.seed, Path(tmp), args.repeats)
    show(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
