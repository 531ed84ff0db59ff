"""Exports at scale: wall time, CPU time and peak memory of ``linewatch export`` per format.

    .venv/bin/python benchmarks/export.py [--scale small] [--lines 6] [--days 30] [--db STORE]

Builds a simulated world (simulate -> ingest -> analyse) unless ``--db`` names an analysed
store, then runs ``linewatch export FORMAT`` for every format (whole case, analyst role) in a
child process and prints one JSON line per format with the node and link counts, the size
written and the measurements. The store is copied first: an export writes an audit entry.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured

from linewatch.vocabulary import EXPORT_FORMATS

SUFFIX = {"i2": ".anx", "graphml": ".graphml", "gexf": ".gexf", "neo4j": "", "ftm": ".json",
          "csv": ".zip"}


def _world(folder: Path, scale: str, lines: int, days: int) -> Path:
    from linewatch.ingest import ingest_paths
    from linewatch.pipeline import analyse
    from linewatch.simulate import simulate
    from linewatch.storage import Store

    simulate(folder / "scenario", seed=3, scale=scale, lines=lines, days=days)  # type: ignore[arg-type]
    db = folder / "world.duckdb"
    with Store.open(db) as store:
        ingest_paths(store, [folder / "scenario" / "data"])
        analyse(store)
    return db


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="small")
    parser.add_argument("--lines", type=int, default=6)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lw-bench-export-") as tmp:
        folder = Path(tmp)
        source = args.db or _world(folder, args.scale, args.lines, args.days)
        db = folder / "copy.duckdb"
        shutil.copyfile(source, db)
        cli = str(Path(sys.executable).with_name("linewatch"))
        for fmt in EXPORT_FORMATS:
            out = folder / f"out-{fmt}{SUFFIX[fmt]}"
            measured = run_measured([cli, "export", fmt, "--db", str(db), "--out", str(out),
                                     "--json"])
            summary = json.loads(measured.stdout)
            print(json.dumps({"format": fmt, "nodes": summary["nodes"],
                              "links": summary["edges"], "mib": round(_size(out) / 2**20, 1),
                              "wall_s": round(measured.wall_s, 2),
                              "cpu_s": round(measured.cpu_s, 2),
                              "peak_mib": round(measured.peak_mib)}), flush=True)


if __name__ == "__main__":
    main()
