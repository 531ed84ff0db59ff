"""Ingest throughput and memory, next to DuckDB's bare read of the same file in the same run.

    .venv/bin/python benchmarks/ingest.py [--rows 10000000] [--out benchmarks/out]

Generates N CDR rows (UK mobiles in mixed written forms, ISO times, cells, IMEIs), writes them
as Parquet and CSV, then for each format measures in a fresh child process:

* baseline: ``CREATE TABLE cdr AS SELECT * FROM read_parquet/read_csv(...)`` in a new DuckDB file
  (DuckDB's bare read and store of the same rows, no cleaning);
* linewatch: ``linewatch ingest`` of the same file into a new store (cleaning, provenance,
  duplicate check, quarantine, one transaction).

Times are of the import itself (measured inside the child, without interpreter start-up):
wall time and CPU time (all threads; the fairer ratio on a shared machine). Peak RSS is the
whole child's, from the kernel. Prints rows/s, peak RSS and the ratio linewatch/baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured

CHUNK = 1_000_000


def generate(rows: int, parquet: Path, csv: Path, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    writer: pq.ParquetWriter | None = None
    with csv.open("wb") as csv_handle:
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            a = rng.integers(0, 200_000, n)
            b = rng.integers(0, 200_000, n)
            secs = np.sort(rng.integers(0, 90 * 86400, n)) + 1_767_225_600  # from 2026-01-01
            forms = rng.integers(0, 3, n)
            def fmt(nums: np.ndarray, forms: np.ndarray = forms) -> list[str]:
                out = []
                for num, form in zip(nums.tolist(), forms.tolist(), strict=True):
                    digits = f"{900000 + num % 100000:06d}"
                    if form == 0:
                        out.append(f"07700 {digits}")
                    elif form == 1:
                        out.append(f"+447700{digits}")
                    else:
                        out.append(f"447700{digits}")
                return out
            times = np.array(secs, dtype="datetime64[s]").astype(str).tolist()
            table = pa.table({
                "event_id": [f"E{start + i}" for i in range(n)],
                "start_time": times,
                "a_number": fmt(a), "b_number": fmt(b),
                "event_type": np.where(rng.random(n) < 0.6, "sms", "voice").tolist(),
                "duration_s": rng.integers(0, 900, n),
                "a_cell_id": [f"CELL{c}" for c in rng.integers(0, 4000, n).tolist()],
                "a_imei": [f"35{c:013d}" for c in (a * 7).tolist()],
            })
            if writer is None:
                writer = pq.ParquetWriter(parquet, table.schema)  # row groups of 1M rows
            writer.write_table(table)
            pacsv.write_csv(table, csv_handle, pacsv.WriteOptions(include_header=start == 0))
    if writer is not None:
        writer.close()


def baseline_cmd(path: Path, db: Path) -> list[str]:
    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
    code = (
        "import time, duckdb\n"
        f"c = duckdb.connect({str(db)!r})\n"
        "t = time.perf_counter(); p = time.process_time()\n"
        f"c.execute(\"CREATE TABLE cdr AS SELECT * FROM {reader}('{path}')\").fetchall()\n"
        "c.close()\n"
        "print(time.perf_counter() - t, time.process_time() - p)\n")
    return [sys.executable, "-c", code]


def linewatch_cmd(path: Path, db: Path) -> list[str]:
    code = (
        "import time\n"
        "from linewatch.storage import Store\n"
        "from linewatch.ingest import ingest_paths\n"
        f"s = Store.open({str(db)!r})\n"
        "t = time.perf_counter(); p = time.process_time()\n"
        f"r = ingest_paths(s, [{str(path)!r}])\n"
        "s.close()\n"
        "assert r.rows_quarantined == 0, r\n"
        "print(time.perf_counter() - t, time.process_time() - p)\n")
    return [sys.executable, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="lw-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    parquet, csv = folder / "cdr.parquet", folder / "cdr.csv"
    if args.generate_only:
        generate(args.rows, parquet, csv)
        return
    print(f"generating {args.rows:,} rows in {folder} ...", flush=True)
    # in a child, so that the measured children do not inherit the generator's memory
    subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--out", str(folder),
                    "--generate-only"], check=True)
    print(f"{'format':8} {'engine':10} {'wall s':>8} {'cpu s':>8} {'rows/s':>12} "
          f"{'peak MiB':>9}")
    for path in (parquet, csv):
        results = {}
        for label, build in (("baseline", baseline_cmd), ("linewatch", linewatch_cmd)):
            db = folder / f"{label}-{path.suffix[1:]}.duckdb"
            db.unlink(missing_ok=True)
            measured = run_measured(build(path, db))
            seconds, cpu = (float(x) for x in measured.stdout.strip().splitlines()[-1].split())
            results[label] = (seconds, cpu)
            print(f"{path.suffix[1:]:8} {label:10} {seconds:8.2f} {cpu:8.2f} "
                  f"{args.rows / seconds:12,.0f} {measured.peak_mib:9.0f}", flush=True)
            db.unlink(missing_ok=True)
        (base_wall, base_cpu), (lw_wall, lw_cpu) = results["baseline"], results["linewatch"]
        print(f"{path.suffix[1:]:8} speed ratio linewatch/baseline: wall "
              f"{base_wall / lw_wall:.2f}, cpu {base_cpu / lw_cpu:.2f}")


if __name__ == "__main__":
    main()
