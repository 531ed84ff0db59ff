"""Analyst read latency while the public tip form takes a burst, right after a restart.

Two runs of a real server (``linewatch serve``'s code path in a child process, see
``_server.py``) on the same store, each started fresh so its caches and the text pipeline are
cold, as after a restart:

1. **baseline**: 20 analyst clients read for ``--seconds`` (no tips);
2. **burst**: the same readers, and at once ``--tips`` anonymous ``POST /tip`` sent together
   (the default rate limit's whole burst allowance, ``LINEWATCH_TIP_BURST``). Reads are split
   into *during* (until every tip of the burst has been extracted, watched through the tips
   inbox) and *after* (the rest of the run).

Each reader loops over analyst pages' requests (lines, targets, a person, a phone, search),
each answered before the next is sent; latency is measured by the client. The goal is an
analyst p95 under 200 ms during and after the burst.

    python benchmarks/tip_burst.py                 # a simulated small scenario
    python benchmarks/tip_burst.py --db STORE.duckdb --seconds 40
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from _server import served, sign_in

USER, PASSWORD = "bench-analyst", "benchmark password " + secrets.token_hex(4)
GOAL_P95_MS = 200.0
TIP = ("The blue Corsa parks outside number {n} Station Road most nights and two lads sell "
       "from it; one carries a knife and answers 07700 900{n:03d}.")


def prepare(args: argparse.Namespace) -> Path:
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
    return db


def read_paths(base: str, cookies: httpx.Cookies) -> list[str]:
    """Requests of the analyst pages, with ids the server itself lists."""
    with httpx.Client(base_url=base, cookies=cookies, timeout=300) as client:
        lines = client.get("/api/lines").json()
        targets = client.get("/api/targets").json().get("targets", [])
    paths = ["/api/lines", "/api/targets", "/api/safeguarding"]
    line_list = lines if isinstance(lines, list) else lines.get("lines", lines.get("data", []))
    for line in line_list[:5]:
        paths.append(f"/api/lines/{quote(str(line['line_id']))}")
        for number in (line.get("numbers") or [])[:2]:
            paths.append(f"/api/phones/{quote(str(number))}")
    for target in targets[:10]:
        paths.append(f"/api/persons/{quote(str(target['person_id']))}")
        name = str(target.get("display_name") or "").split(" ")[-1]
        if name:
            paths.append(f"/api/search?q={quote(name)}")
    return paths


class Readers:
    """``clients`` threads reading ``paths`` in turn; every latency kept with its time."""

    def __init__(self, base: str, cookies: httpx.Cookies, paths: list[str],
                 clients: int) -> None:
        self.samples: list[tuple[float, float, int]] = []  # (sent at, ms, status)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(base, cookies, paths, i))
                        for i in range(clients)]

    def _run(self, base: str, cookies: httpx.Cookies, paths: list[str], offset: int) -> None:
        with httpx.Client(base_url=base, cookies=cookies, timeout=120) as client:
            i = offset
            while not self.stop.is_set():
                path = paths[i % len(paths)]
                i += 1
                sent = time.monotonic()
                try:
                    status = client.get(path).status_code
                except httpx.HTTPError:
                    status = 0
                ms = (time.monotonic() - sent) * 1000
                with self.lock:
                    self.samples.append((sent, ms, status))

    def __enter__(self) -> Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join()


def summary(samples: list[tuple[float, float, int]]) -> dict[str, Any]:
    ms = sorted(s[1] for s in samples)
    if not ms:
        return {"requests": 0}
    return {"requests": len(ms), "errors": sum(1 for s in samples if s[2] != 200),
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
            "max_ms": round(ms[-1], 1)}


def burst(base: str, cookies: httpx.Cookies, tips: int) -> tuple[float, list[int]]:
    """Send ``tips`` tips at once; returns when they were sent and their statuses."""
    statuses: list[int] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        res = httpx.post(base + "/tip", data={"text": TIP.format(n=n)}, timeout=120)
        with lock:
            statuses.append(res.status_code)

    sent = time.monotonic()
    threads = [threading.Thread(target=post, args=(n,)) for n in range(tips)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sent, statuses


def extracted(base: str, cookies: httpx.Cookies, tips: int, timeout: float) -> float | None:
    """When every tip of the burst carries its extraction (polled through the inbox)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base, cookies=cookies, timeout=120) as client:
        while time.monotonic() < deadline:
            inbox = client.get("/api/tips", params={"limit": 500}).json()["tips"]
            ours = [t for t in inbox if "Station Road most nights" in (t["text"] or "")]
            if len(ours) >= tips and all(t["extraction"] for t in ours):
                return time.monotonic()
            time.sleep(0.5)
    return None


def run(db: Path, args: argparse.Namespace, with_burst: bool) -> dict[str, Any]:
    with served(db) as base:
        cookies = sign_in(base, USER, PASSWORD)
        paths = read_paths(base, cookies)
        with Readers(base, cookies, paths, args.clients) as readers:
            started = time.monotonic()
            result: dict[str, Any] = {}
            if with_burst:
                sent, statuses = burst(base, cookies, args.tips)
                done = extracted(base, cookies, sum(1 for s in statuses if s == 200),
                                 args.seconds * 4)
                result["tips_accepted"] = sum(1 for s in statuses if s == 200)
                result["extracted_after_s"] = None if done is None else round(done - sent, 1)
            rest = args.seconds - (time.monotonic() - started)
            time.sleep(max(rest, 0.0))
        samples = readers.samples
    if with_burst:
        end = done if done is not None else float("inf")
        result["during"] = summary([s for s in samples if s[0] < end])
        result["after"] = summary([s for s in samples if s[0] >= end])
    else:
        result["all"] = summary(samples)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="serve an existing store instead of a simulated one")
    parser.add_argument("--scale", default="small", help="simulated scenario's scale")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--tips", type=int, default=20, help="tips in the burst")
    parser.add_argument("--seconds", type=float, default=30, help="reading time per run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    db = prepare(args)
    results = {"baseline (no tips)": run(db, args, with_burst=False),
               "tip burst": run(db, args, with_burst=True)}
    burst_run = results["tip burst"]
    results["goal"] = {"p95_ms_under": GOAL_P95_MS, "met": all(
        burst_run[k].get("p95_ms", 0) < GOAL_P95_MS for k in ("during", "after"))}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.clients} analyst readers, {args.seconds:.0f} s per run, each right after a "
          f"restart; burst of {args.tips} tips")
    print(f"{'reads':<26}{'requests':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>9}")
    rows = [("baseline", results["baseline (no tips)"]["all"]),
            ("during the burst", burst_run["during"]), ("after the burst", burst_run["after"])]
    for name, r in rows:
        print(f"{name:<26}{r.get('requests', 0):>9}{r.get('errors', 0):>7}"
              f"{r.get('p50_ms', 0):>8}{r.get('p95_ms', 0):>8}{r.get('max_ms', 0):>9}")
    print(f"tips accepted {burst_run['tips_accepted']}, all extracted "
          f"{burst_run['extracted_after_s']} s after the burst; goal p95 < {GOAL_P95_MS:.0f} "
          f"ms: {'met' if results['goal']['met'] else 'NOT met'}")


if __name__ == "__main__":
    main()
