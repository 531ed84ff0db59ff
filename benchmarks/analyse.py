"""Benchmark: the detection feature + scoring pipeline against a pandas + networkx baseline.

Generates a synthetic CDR with NumPy straight into Parquet (no simulator), then measures, each
in a fresh subprocess so peak memory is the step's own:

* ``pipeline``: ``linewatch.detect.pipeline.compute_features`` on DuckDB over the Parquet file
  plus the vectorised score, at ``--rows`` rows (default 10 million);
* ``baseline``: the same features written the straightforward way with pandas and networkx,
  at ``--baseline-rows`` rows (default 1 million: the baseline does not scale much further on
  a small machine), and the pipeline again at that size for a like-for-like ratio.

Usage::

    .venv/bin/python benchmarks/analyse.py --rows 10000000 --threads 2 --memory-limit 10GB

Prints one line per measurement and a JSON summary (wall seconds, peak RSS, rows/s, ratio).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

T0 = np.datetime64("2024-09-02T00:00:00", "us")
DAYS = 28
CONTACTS = 24


# -- synthetic data ---------------------------------------------------------------------------
def generate(path: Path, rows: int, seed: int = 7, chunk: int = 4_000_000) -> dict[str, Any]:
    """Write ``rows`` CDR rows to ``path`` (Parquet) and cells to ``path.cells.parquet``."""
    rng = np.random.default_rng(seed)
    n_numbers = max(2_000, rows // 120)
    towns = max(4, n_numbers // 20_000)
    cells_per_town = 40
    town = rng.integers(0, towns, n_numbers)
    home_cell = town * cells_per_town + rng.integers(0, cells_per_town, n_numbers)
    # contacts mostly in the same town: offsets within a window of neighbouring ids
    order = np.argsort(town, kind="stable")
    rank = np.empty(n_numbers, np.int64)
    rank[order] = np.arange(n_numbers)
    offsets = rng.integers(-2_000, 2_000, (n_numbers, CONTACTS))
    contacts = order[np.clip(rank[:, None] + offsets, 0, n_numbers - 1)]
    activity = rng.pareto(1.5, n_numbers) + 0.2
    weights = activity / activity.sum()
    n_deal = max(4, n_numbers // 20_000)
    deal = rng.choice(n_numbers, n_deal, replace=False)
    numbers = pa.array([f"+447{700000000 + i}" for i in range(n_numbers)])
    imeis = pa.array([f"35{rng.integers(10**12, 10**13)}" for _ in range(n_numbers + n_deal)])
    cell_ids = pa.array([f"234-10-{c // 1000}-{c % 1000}" for c in range(towns * cells_per_town)])
    writer: pq.ParquetWriter | None = None
    written = 0
    while written < rows:
        k = min(chunk, rows - written)
        n_deal_rows = min(k // 20, n_deal * 150 * DAYS)
        a = rng.choice(n_numbers, k - n_deal_rows, p=weights)
        b = contacts[a, rng.integers(0, CONTACTS, len(a))]
        # deal lines: customers order, the line answers, daily broadcasts to 100 customers
        line = deal[rng.integers(0, n_deal, n_deal_rows)]
        customer = (contacts[line, rng.integers(0, CONTACTS, n_deal_rows)]
                    + rng.integers(0, 5, n_deal_rows) * 997) % n_numbers
        inbound = rng.random(n_deal_rows) < 0.5
        a = np.concatenate([a, np.where(inbound, customer, line)])
        b = np.concatenate([b, np.where(inbound, line, customer)])
        seconds = rng.integers(0, DAYS * 86_400, k)
        burst = np.zeros(k, bool)
        burst[-n_deal_rows:] = rng.random(n_deal_rows) < 0.3
        seconds[burst] = (seconds[burst] // 86_400) * 86_400 + 36_000 + rng.integers(0, 120,
                                                                                     burst.sum())
        same = a == b
        b[same] = (b[same] + 1) % n_numbers
        sms = rng.random(k) < 0.55
        own_cell = np.where(rng.random(k) < 0.8, home_cell[a],
                            town[a] * cells_per_town + rng.integers(0, cells_per_town, k))
        imei_idx = np.where(np.isin(a, deal) & (rng.random(k) < 0.3), n_numbers
                            + np.searchsorted(np.sort(deal), a).clip(0, n_deal - 1), a)
        table = pa.table({
            "event_id": pa.array(np.arange(written, written + k).astype(str)),
            "start_time": pa.array(T0 + seconds.astype("timedelta64[s]"), pa.timestamp("us")),
            "a_number": pa.DictionaryArray.from_arrays(pa.array(a, pa.int32()), numbers),
            "b_number": pa.DictionaryArray.from_arrays(pa.array(b, pa.int32()), numbers),
            "event_type": pa.array(np.where(sms, "sms", "voice")),
            "duration_s": pa.array(np.where(sms, 0, rng.integers(5, 600, k))),
            "a_cell_id": pa.DictionaryArray.from_arrays(pa.array(own_cell, pa.int32()), cell_ids),
            "b_cell_id": pa.nulls(k, pa.string()),
            "a_imei": pa.DictionaryArray.from_arrays(pa.array(imei_idx, pa.int32()), imeis),
            "a_imsi": pa.nulls(k, pa.string()), "b_imei": pa.nulls(k, pa.string()),
            "b_imsi": pa.nulls(k, pa.string()),
        })
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=1_000_000)
        written += k
    assert writer is not None
    writer.close()
    centre = rng.uniform([51.0, -2.5], [53.5, 0.5], (towns, 2))
    cell_town = np.repeat(np.arange(towns), cells_per_town)
    jitter = rng.normal(0, 0.02, (towns * cells_per_town, 2))
    pq.write_table(pa.table({"cell_id": cell_ids, "lat": centre[cell_town, 0] + jitter[:, 0],
                             "lon": centre[cell_town, 1] + jitter[:, 1]}),
                   cells_path(path))
    return {"rows": rows, "numbers": n_numbers, "towns": towns, "deal_lines": n_deal}


def cells_path(path: Path) -> Path:
    return path.with_suffix(".cells.parquet")


# -- the two implementations --------------------------------------------------------------------
def run_pipeline(path: Path, threads: int, memory_limit: str) -> dict[str, Any]:
    from linewatch.detect.params import DetectParams
    from linewatch.detect.pipeline import compute_features
    from linewatch.detect.score import columns, score_columns
    from linewatch.storage import Store
    from linewatch.storage.engine import engine_for

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        store.execute(f"SET threads = {int(threads)}")
        store.execute(f"SET memory_limit = '{memory_limit}'")
        store.execute(f"SET temp_directory = '{tmp}/spill'")
        engine = engine_for(store)
        engine.register_parquet("cdr", path)
        engine.register_parquet("cells", cells_path(path))
        result = compute_features(engine, DetectParams(), ["cdr", "cells"], with_edges=False)
        scores = score_columns(columns(result.features))
        store.close()
    return {"numbers": result.features.num_rows, "bursts": result.bursts.num_rows,
            "flagged": int((scores.score >= 0.5).sum())}


def run_baseline(path: Path) -> dict[str, Any]:
    """The same features, the straightforward way: pandas group-bys and networkx."""
    import networkx as nx
    import pandas as pd

    cdr = pd.read_parquet(path)
    cdr["a_number"] = cdr["a_number"].astype(str)
    cdr["b_number"] = cdr["b_number"].astype(str)
    cdr["a_cell_id"] = cdr["a_cell_id"].astype(str)
    local = cdr["start_time"].dt.tz_localize("UTC").dt.tz_convert("Europe/London")
    cdr["day"] = local.dt.date
    cdr["night"] = local.dt.hour < 6
    cdr["office"] = (local.dt.weekday < 5) & local.dt.hour.between(8, 17)
    half = pd.concat([
        pd.DataFrame({"num": cdr.a_number, "other": cdr.b_number, "out": True,
                      "day": cdr.day, "night": cdr.night, "office": cdr.office,
                      "sms": cdr.event_type == "sms", "cell": cdr.a_cell_id}),
        pd.DataFrame({"num": cdr.b_number, "other": cdr.a_number, "out": False,
                      "day": cdr.day, "night": cdr.night, "office": cdr.office,
                      "sms": cdr.event_type == "sms", "cell": None})])
    vol = half.groupby("num").agg(n=("out", "size"), n_out=("out", "sum"),
                                  night=("night", "mean"), office=("office", "mean"),
                                  days=("day", "nunique"))
    pair = half.groupby(["num", "other"]).agg(n=("out", "size"), n_out=("out", "sum"),
                                              days=("day", "nunique"))
    inbound = half[~half.out].groupby(["num", "other"])["day"].nunique()
    pair["days_in"] = inbound.reindex(pair.index).fillna(0)
    pair["n_in"] = pair.n - pair.n_out
    pair["initiates"] = pair.n_in > 0
    pair["repeat"] = pair.days_in >= 2
    pair["one_way"] = (pair.n_in == 0) | (pair.n_out == 0)
    pair["single"] = pair.days == 1
    contacts = pair.groupby(level=0).agg(
        contacts=("n", "size"), in_contacts=("initiates", "sum"), repeat=("repeat", "sum"),
        one_way=("one_way", "mean"), single=("single", "mean"))
    # bursts: runs of texts one minute apart or less to 10+ distinct recipients
    sms = cdr[cdr.event_type == "sms"].sort_values(["a_number", "start_time"])
    gap = sms.groupby("a_number")["start_time"].diff().dt.total_seconds()
    sms = sms.assign(session=(gap.isna() | (gap > 60)).cumsum())
    sessions = sms.groupby(["a_number", "session"]).agg(recipients=("b_number", "nunique"))
    bursts = sessions[sessions.recipients >= 10].groupby(level=0).agg(
        n_bursts=("recipients", "size"), max_burst=("recipients", "max"))
    handsets = cdr.groupby("a_number")["a_imei"].nunique()
    cells = pd.read_parquet(cells_path(path))
    located = half.dropna(subset=["cell"]).merge(cells, left_on="cell", right_on="cell_id")
    geo = located.groupby("num").agg(lat=("lat", "mean"), lon=("lon", "mean"),
                                     lat2=("lat", "var"), lon2=("lon", "var"),
                                     cells=("cell", "nunique"))
    # star shape: contacts of busy numbers that also talk to each other (networkx)
    graph = nx.Graph()
    graph.add_edges_from(pair.index.tolist())
    busy = contacts.index[(contacts.contacts >= 8) & (contacts.in_contacts >= 3)]
    star = {n: 1.0 - nx.clustering(graph, n) for n in busy[:20_000]}
    features = vol.join(contacts).join(bursts).join(handsets.rename("n_imei")).join(geo)
    features["star"] = pd.Series(star)
    return {"numbers": len(features), "bursts": int(bursts.n_bursts.sum())
            if len(bursts) else 0}


# -- measurement --------------------------------------------------------------------------------
def measure(kind: str, path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one implementation in a subprocess; returns wall time, peak RSS and its result."""
    cmd = [sys.executable, __file__, "--measure", kind, "--data", str(path),
           "--threads", str(args.threads), "--memory-limit", args.memory_limit]
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads),
           "POLARS_MAX_THREADS": str(args.threads)}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-4000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _child(kind: str, path: Path, threads: int, memory_limit: str) -> None:
    # libraries load before the clock starts, for both implementations
    if kind == "pipeline":
        import linewatch.detect.pipeline  # noqa: F401
    else:
        import networkx  # noqa: F401
        import pandas  # noqa: F401
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    result = (run_pipeline(path, threads, memory_limit) if kind == "pipeline"
              else run_baseline(path))
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    print(json.dumps({"kind": kind, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                      "peak_rss_gb": round(usage.ru_maxrss / 1024 / 1024, 2), **result}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--baseline-rows", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory-limit", default="10GB")
    ap.add_argument("--workdir", default=None, help="where the Parquet files go (temp dir)")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--measure", choices=["pipeline", "baseline"], help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        _child(args.measure, Path(args.data), args.threads, args.memory_limit)
        return
    work = Path(args.workdir or tempfile.mkdtemp(prefix="lw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"threads": args.threads, "memory_limit": args.memory_limit}
    sizes = [args.rows] if args.skip_baseline else sorted({args.rows, args.baseline_rows})
    for rows in sizes:
        path = work / f"cdr-{rows}.parquet"
        start = time.perf_counter()
        info = generate(path, rows)
        print(f"generated {rows:,} rows ({info['numbers']:,} numbers) in "
              f"{time.perf_counter() - start:.1f}s", flush=True)
        result = measure("pipeline", path, args)
        print(f"pipeline  {rows:>12,} rows: {result['wall_s']:8.1f}s wall "
              f"{result['cpu_s']:8.1f}s CPU  peak {result['peak_rss_gb']:.2f} GB  "
              f"({rows / result['wall_s']:,.0f} rows/s)", flush=True)
        summary[f"pipeline_{rows}"] = result
        if not args.skip_baseline and rows == args.baseline_rows:
            base = measure("baseline", path, args)
            print(f"baseline  {rows:>12,} rows: {base['wall_s']:8.1f}s wall "
                  f"{base['cpu_s']:8.1f}s CPU  peak {base['peak_rss_gb']:.2f} GB  "
                  f"({rows / base['wall_s']:,.0f} rows/s)", flush=True)
            summary[f"baseline_{rows}"] = base
            summary["speedup_wall"] = round(base["wall_s"] / result["wall_s"], 1)
            summary["speedup_cpu"] = round(base["cpu_s"] / result["cpu_s"], 1)
            print(f"speed-up at {rows:,} rows: {summary['speedup_wall']}x wall, "
                  f"{summary['speedup_cpu']}x CPU", flush=True)
        path.unlink(missing_ok=True)
        cells_path(path).unlink(missing_ok=True)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
