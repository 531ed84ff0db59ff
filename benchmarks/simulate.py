"""Simulator speed: CDR rows per second and peak memory.

Runs ``linewatch.simulate`` in a child process (so peak RSS is the simulator's alone) and
reports the time spent building the world, streaming the CDR, and writing the records.

    python benchmarks/simulate.py                      # medium scale (~10M cdr rows)
    python benchmarks/simulate.py --scale small        # ~1M rows
    python benchmarks/simulate.py --rows 3000000       # medium preset resized to ~3M rows
    python benchmarks/simulate.py --scale large --out /data/large   # ~100M rows, keep output
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

ROWS_PER_PERSON_DAY = 2.8  # measured: cdr rows per person per day at the default rates


def _child(args: argparse.Namespace) -> None:
    from linewatch.simulate import SCALES, simulate

    preset = SCALES[args.scale]
    days = args.days or preset.days
    persons = None
    if args.rows:
        persons = max(200, int(args.rows / (days * ROWS_PER_PERSON_DAY)))
    marks: dict[str, float] = {"start": time.perf_counter()}
    cpu: dict[str, float] = {"start": time.process_time()}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "records" and "cdr_done" not in marks:
            marks["cdr_done"] = time.perf_counter()
            cpu["cdr_done"] = time.process_time()
            cpu["peak_rss_mib_at_cdr_done"] = resource.getrusage(
                resource.RUSAGE_SELF).ru_maxrss / 1024
        if stage == "done":
            marks["done"] = time.perf_counter()

    summary = simulate(args.out, seed=args.seed, scale=args.scale, days=days, persons=persons,
                       progress=progress)
    cdr_seconds = marks["cdr_done"] - marks["start"]
    cdr_cpu = cpu["cdr_done"] - cpu["start"]
    print(json.dumps({
        "scale": args.scale, "days": days, "persons": summary.config.persons,
        "lines": summary.config.lines, "cdr_rows": summary.cdr_rows,
        "seconds_to_cdr_done": round(cdr_seconds, 2),
        "seconds_total": round(marks["done"] - marks["start"], 2),
        "cdr_rows_per_s": round(summary.cdr_rows / cdr_seconds),
        "cpu_seconds_to_cdr_done": round(cdr_cpu, 2),
        "cdr_rows_per_cpu_s": round(summary.cdr_rows / cdr_cpu),
        "peak_rss_mib_at_cdr_done": round(cpu["peak_rss_mib_at_cdr_done"], 1),
        "counts": summary.counts,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="medium", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--rows", type=int, default=0, help="resize the population to ~N rows")
    parser.add_argument("--days", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="keep the scenario here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    from _measure import run_measured

    out = args.out or Path(tempfile.mkdtemp(prefix="lw-sim-bench-"))
    cmd = [sys.executable, __file__, "--child", "--scale", args.scale, "--rows", str(args.rows),
           "--days", str(args.days), "--seed", str(args.seed), "--out", str(out)]
    try:
        measured = run_measured(cmd)
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    report = json.loads(measured.stdout.strip().splitlines()[-1])
    report.update(wall_s=round(measured.wall_s, 2), cpu_s=round(measured.cpu_s, 2),
                  peak_rss_mib=round(measured.peak_mib, 1))
    print(json.dumps(report, indent=2))
    print(f"\n{report['cdr_rows']:,} cdr rows; {report['cdr_rows_per_s']:,} rows/s wall and "
          f"{report['cdr_rows_per_cpu_s']:,} rows per CPU second up to the end of the cdr "
          f"(world build included); peak RSS {report['peak_rss_mib']} MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
