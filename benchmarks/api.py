"""p95 latency of search, person profile and 2-hop neighbourhood under 20 concurrent clients.

A real server (``linewatch serve``'s code path, uvicorn, one process) runs in a child process
on a free localhost port and `wrk <https://github.com/wg/wrk>`_ (``apt-get install wrk``)
drives it: 20 connections on one wrk thread, each sending its next request as soon as the
last one is answered, for a fixed time per scenario. A Lua script rotates through the request
paths (different people, names and numbers, so nothing is served twice in a row) and sends the
session cookie of a benchmark analyst.

Baseline, measured in the same run under the same load: ``GET /api/auth/me``, the cheapest
signed-in request (session check and JSON, no store query). Each scenario is reported as
latency and as a ratio to that floor.

The store is an existing one (``--db``, e.g. a ``linewatch demo --scale medium`` store; a
benchmark user is added to it) or, without ``--db``, the demo's: a simulated scenario put
through ingest and the analysis stages (:func:`linewatch.demo.prepare_demo`, ``--scale``).

    linewatch demo --scale medium --no-serve --out /tmp/medium
    python benchmarks/api.py --db /tmp/medium/demo-medium-7.duckdb
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from _server import served, sign_in

USER, PASSWORD = "bench-analyst", "benchmark password " + secrets.token_hex(4)
#: wrk script: rotate through PATHS (filled in per scenario) and print the latency summary
LUA = """
local paths = {%(paths)s}
local cookie = "%(cookie)s"
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = cookie})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"p50\\": %%f, \\"p95\\": %%f, "
    .. "\\"p99\\": %%f, \\"max\\": %%f, \\"status_errors\\": %%d, \\"socket_errors\\": %%d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def prepare(args: argparse.Namespace) -> tuple[Path, dict[str, list[str]]]:
    """The store to serve, with a benchmark user, and the ids to query."""
    from linewatch.api.users import add_user, get_user, set_password
    from linewatch.demo import prepare_demo
    from linewatch.storage import Store

    if args.db:
        db = Path(args.db)
    else:
        t0 = time.perf_counter()
        db = prepare_demo(Path(tempfile.mkdtemp()), scale=args.scale, seed=args.seed).db
        print(f"simulated and analysed a {args.scale} scenario in "
              f"{time.perf_counter() - t0:.1f}s", file=sys.stderr)
    with Store.open(db) as store:
        if get_user(store, USER) is None:
            add_user(store, USER, "analyst", PASSWORD)
        else:
            set_password(store, USER, PASSWORD)
        ids = {
            "persons": [r[0] for r in store.query(
                "SELECT person_id FROM persons USING SAMPLE 1000 ROWS (reservoir, 11)")],
            "names": [r[0] for r in store.query(
                "SELECT DISTINCT surname FROM persons WHERE surname IS NOT NULL "
                "USING SAMPLE 300 ROWS (reservoir, 12)")],
            "phones": [r[0] for r in store.query(
                "SELECT number FROM phone_roles WHERE role <> 'customer' "
                "USING SAMPLE 1000 ROWS (reservoir, 13)")],
        }
        sizes = {t: store.count(t) for t in ("cdr", "persons", "phone_roles", "lines")}
    print(f"store {db}: {sizes}", file=sys.stderr)
    return db, ids


def run_wrk(base: str, cookie: str, paths: list[str], clients: int,
            seconds: float) -> dict[str, Any]:
    """Run wrk against ``paths`` (rotating) and return its latency summary in ms."""
    lua = LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "cookie": cookie}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout", "30s",
             "-s", script.name, base], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    r = json.loads(line[len("RESULT "):])
    r["rps"] = round(r["requests"] / r["seconds"], 1)
    return r


def first_request_ms(base: str, cookies: httpx.Cookies, path: str) -> float:
    t0 = time.perf_counter()
    httpx.get(base + path, cookies=cookies, timeout=300).raise_for_status()
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="serve an existing store instead of a simulated one")
    parser.add_argument("--scale", default="small", help="simulated scenario's scale")
    parser.add_argument("--seed", type=int, default=7, help="simulated scenario's seed")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="per scenario")
    parser.add_argument("--only", action="append", metavar="SCENARIO",
                        help="run only this scenario (repeatable), e.g. search, 2-hop; "
                        "the floor always runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    db, ids = prepare(args)
    with served(db) as base:
        cookies = sign_in(base, USER, PASSWORD)
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        phones, persons = ids["phones"] or ["+447700900000"], ids["persons"] or ["P1"]
        terms = (ids["names"] or ["smith"]) + [p[-6:] for p in phones[:300]]
        scenarios = {
            "floor (/api/auth/me)": ["/api/auth/me"],
            "search": [f"/api/search?q={quote(t)}" for t in terms],
            "person profile": [f"/api/persons/{quote(p)}" for p in persons],
            "2-hop neighbourhood": [
                f"/api/graph/neighbours?entity={quote('phone:' + p)}"
                "&depth=2&max_nodes=500" for p in phones],
        }
        if args.only:
            scenarios = {name: paths for name, paths in scenarios.items() if name.startswith(
                "floor") or any(name.startswith(o) for o in args.only)}
        first = {name: round(first_request_ms(base, cookies, paths[0]), 1)
                 for name, paths in scenarios.items()}
        results = {}
        for name, paths in scenarios.items():
            run_wrk(base, cookie, paths[-50:], args.clients, 3)  # warm the code paths
            results[name] = run_wrk(base, cookie, paths, args.clients, args.seconds)
            results[name]["first_request_ms"] = first[name]
    floor = results["floor (/api/auth/me)"]
    for r in results.values():
        r["p95_vs_floor"] = round(r["p95"] / floor["p95"], 1) if floor["p95"] else None
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.clients} connections, {args.seconds:.0f} s per scenario (wrk)")
    print(f"{'scenario':<22}{'requests':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p99 ms':>8}{'req/s':>7}{'p95/floor':>10}{'first ms':>9}")
    for name, r in results.items():
        errors = r["status_errors"] + r["socket_errors"]
        print(f"{name:<22}{r['requests']:>9}{errors:>7}{r['p50']:>8.1f}{r['p95']:>8.1f}"
              f"{r['p99']:>8.1f}{r['rps']:>7}{r['p95_vs_floor']:>10}{r['first_request_ms']:>9}")


if __name__ == "__main__":
    main()
