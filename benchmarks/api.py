"""p95 latency of search, person profile and 2-hop neighbourhood under 20 concurrent clients.

A real uvicorn server runs in a child process on a free localhost port; an asyncio + httpx
load loop (bounded in requests and seconds, loopback only) drives it. The store is either an
existing one (``--db``, e.g. a ``linewatch demo`` store; a benchmark user is added) or a
made-up one built with :func:`linewatch.api.sample.build_sample_store` at the scale given.

    python benchmarks/api.py --lines 40 --customers 300 --days 56      # ~1.6M cdr rows
    python benchmarks/api.py --db demo/demo-small-7.duckdb
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

USER, PASSWORD = "bench-analyst", "benchmark password " + secrets.token_hex(4)
SERVER = """
import sys, uvicorn
from linewatch.api import Settings, create_app
settings = Settings(db=sys.argv[1], port=int(sys.argv[2]))
uvicorn.run(create_app(settings), host="127.0.0.1", port=settings.port, access_log=False,
            log_level="warning")
"""


def prepare(args: argparse.Namespace) -> tuple[Path, dict[str, list[str]]]:
    """The store to serve, with a benchmark user, and the ids to query."""
    from linewatch.api.sample import build_sample_store
    from linewatch.api.users import add_user, get_user, set_password
    from linewatch.storage import Store

    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.duckdb"
    with Store.open(db) as store:
        if not args.db:
            t0 = time.perf_counter()
            counts = build_sample_store(store, lines=args.lines, customers=args.customers,
                                        days=args.days, texts_per_day=args.texts)
            print(f"built sample store {counts} in {time.perf_counter() - t0:.1f}s",
                  file=sys.stderr)
        if get_user(store, USER) is None:
            add_user(store, USER, "analyst", PASSWORD)
        else:
            set_password(store, USER, PASSWORD)
        ids = {
            "persons": [r[0] for r in store.query(
                "SELECT person_id FROM persons USING SAMPLE 200 ROWS")],
            "names": [r[0] for r in store.query(
                "SELECT surname FROM persons WHERE surname IS NOT NULL USING SAMPLE 100 ROWS")],
            "phones": [r[0] for r in store.query(
                "SELECT number FROM phone_roles WHERE role <> 'customer' "
                "USING SAMPLE 200 ROWS")],
        }
        sizes = {t: store.count(t) for t in ("cdr", "persons", "phone_roles", "lines")}
    print(f"store {db}: {sizes}", file=sys.stderr)
    return db, ids


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _worker(client: httpx.AsyncClient, urls: list[str], out: list[float],
                  errors: list[str], deadline: float) -> None:
    while urls and time.monotonic() < deadline:
        url = urls.pop()
        t0 = time.perf_counter()
        res = await client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        if res.status_code != 200:
            errors.append(f"{res.status_code} {url}")


async def run_scenario(base: str, cookies: httpx.Cookies, urls: list[str], clients: int,
                       seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    todo = list(reversed(urls))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits,
                                 timeout=60) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(_worker(client, todo, latencies, errors,
                                       time.monotonic() + seconds) for _ in range(clients)))
        wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "errors": len(errors), "p50_ms": round(q[49], 1),
            "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "max_ms": round(latencies[-1], 1), "rps": round(len(latencies) / wall, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="serve an existing store instead of a made-up one")
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--customers", type=int, default=150)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--texts", type=int, default=2, help="texts per customer per day")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="per scenario")
    parser.add_argument("--seconds", type=float, default=60, help="cap per scenario")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    db, ids = prepare(args)
    port = _free_port()
    env = dict(os.environ, LINEWATCH_SECRET_KEY=secrets.token_urlsafe(48))
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/tip", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        login = httpx.post(base + "/api/auth/login", json={"name": USER, "password": PASSWORD})
        login.raise_for_status()
        n = args.requests
        phones, persons = ids["phones"] or ["+447700900000"], ids["persons"] or ["P1"]
        terms = (ids["names"] or ["smith"]) + [p[-6:] for p in phones]
        scenarios = {
            "search": [f"/api/search?q={terms[i % len(terms)]}" for i in range(n)],
            "person profile": [f"/api/persons/{persons[i % len(persons)]}" for i in range(n)],
            "2-hop neighbourhood": [
                f"/api/graph/neighbours?entity=phone:{phones[i % len(phones)].replace('+', '%2B')}"
                f"&depth=2&max_nodes=500" for i in range(n)],
        }
        results = {}
        for name, urls in scenarios.items():
            asyncio.run(run_scenario(base, login.cookies, urls[:20], args.clients, 30))  # warm
            results[name] = asyncio.run(run_scenario(base, login.cookies, urls, args.clients,
                                                     args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=20)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'scenario':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'req/s':>8}")
    for name, r in results.items():
        print(f"{name:<22}{r['requests']:>9}{r['errors']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
              f"{r['p99_ms']:>9}{r['rps']:>8}")


if __name__ == "__main__":
    main()
