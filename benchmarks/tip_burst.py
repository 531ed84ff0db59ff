"""Analyst read latency while the public tip form takes a burst, right after a restart.

One run of a real server (``linewatch serve``'s code path in a child process, see
``_server.py``), started fresh on the store, so no tip has been extracted yet:

1. 20 analyst clients start reading as soon as the server answers; the first ``--warmup``
   seconds are not measured (the caches are built then, with or without tips);
2. **baseline**: the next ``--seconds`` of reads, no tips;
3. **burst**: ``--tips`` anonymous ``POST /tip`` sent together (the default rate limit's whole
   burst allowance, ``LINEWATCH_TIP_BURST``); reads are *during* the burst until every tip
   has been extracted (watched through the tips inbox), then *after* it for ``--seconds``.

Each reader loops over analyst pages' requests (lines, targets, safeguarding, a line, a phone,
a person, search), each answered before the next is sent (a closed loop: a slower server gets
fewer requests, never a queue). Latency is measured by the client from sending a request to
having read its whole answer. The readers are threads spread over ``--processes`` client
processes (httpx, one connection each), which share the machine's cores with the server; the
client's CPU per request is printed, so its share of the machine is known. The goal is an
analyst p95 under 200 ms during and after the burst.

    python benchmarks/tip_burst.py                 # a simulated small scenario
    python benchmarks/tip_burst.py --db STORE.duckdb --seconds 40
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
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


Sample = tuple[float, float, int, str]  # (sent at, ms, status, page kind)


def page_kind(path: str) -> str:
    """``/api/lines/L1`` -> ``line``, ``/api/lines`` -> ``lines``, ``/api/search?q=`` ->
    ``search``: the page a request is for, to break the latencies down."""
    parts = path.split("?")[0].strip("/").split("/")
    if len(parts) > 2:
        return parts[1].rstrip("s")
    return parts[-1]


def _read_loop(base: str, cookies: dict[str, str], paths: list[str], offset: int,
               stop: threading.Event | Any, samples: list[Sample],
               lock: threading.Lock) -> None:
    """One analyst: ``paths`` in turn from ``offset``, each answered before the next."""
    with httpx.Client(base_url=base, cookies=cookies, timeout=120) as client:
        i = offset
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            sent = time.monotonic()
            try:
                status = client.get(path).status_code
            except httpx.HTTPError:
                status = 0
            ms = (time.monotonic() - sent) * 1000
            with lock:
                samples.append((sent, ms, status, page_kind(path)))


def _reader_process(base: str, cookies: dict[str, str], paths: list[str], offsets: list[int],
                    stop: Any, out: Any) -> None:
    """A client process: one thread per analyst in ``offsets``; sends back its samples and
    the CPU seconds it used once ``stop`` is set."""
    samples: list[Sample] = []
    lock = threading.Lock()
    threads = [threading.Thread(target=_read_loop,
                                args=(base, cookies, paths, o, stop, samples, lock))
               for o in offsets]
    cpu = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((samples, time.process_time() - cpu))


class Readers:
    """``clients`` analysts reading ``paths`` in turn, spread over ``processes`` client
    processes (so the client's own work is not one interpreter's GIL); every latency kept
    with its time (``time.monotonic`` is the same clock in every process)."""

    def __init__(self, base: str, cookies: httpx.Cookies, paths: list[str],
                 clients: int, processes: int = 4) -> None:
        self.samples: list[Sample] = []
        self.client_cpu_s = 0.0
        context = multiprocessing.get_context("spawn")
        self.stop = context.Event()
        self.out: Any = context.Queue()
        jar = dict(cookies.items())
        groups = [list(range(clients))[p::processes] for p in range(min(processes, clients))]
        self.procs = [context.Process(target=_reader_process,
                                      args=(base, jar, paths, g, self.stop, self.out))
                      for g in groups]

    def __enter__(self) -> Readers:
        for p in self.procs:
            p.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for _p in self.procs:
            samples, cpu = self.out.get(timeout=300)
            self.samples.extend(samples)
            self.client_cpu_s += cpu
        for p in self.procs:
            p.join()
        self.samples.sort()


def summary(samples: list[Sample]) -> dict[str, Any]:
    ms = sorted(s[1] for s in samples)
    if not ms:
        return {"requests": 0}
    return {"requests": len(ms), "errors": sum(1 for s in samples if s[2] != 200),
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
            "max_ms": round(ms[-1], 1)}


def burst(base: str, tips: int) -> tuple[float, list[int]]:
    """Send ``tips`` tips at once, each on its own connection; returns when they were sent
    and their statuses. The client and its connections are made before the clock starts (a
    new httpx client costs tens of milliseconds of CPU, which would be the benchmark's load,
    not the server's)."""
    statuses: list[int] = []
    lock = threading.Lock()
    go = threading.Barrier(tips + 1)
    limits = httpx.Limits(max_connections=tips, max_keepalive_connections=tips)
    with httpx.Client(base_url=base, timeout=120, limits=limits) as client:
        def post(n: int) -> None:
            client.get("/tip.css")  # opens this thread's connection
            go.wait()
            res = client.post("/tip", data={"text": TIP.format(n=n)})
            with lock:
                statuses.append(res.status_code)

        threads = [threading.Thread(target=post, args=(n,)) for n in range(tips)]
        for t in threads:
            t.start()
        go.wait()
        sent = time.monotonic()
        for t in threads:
            t.join()
    return sent, statuses


def extracted(base: str, cookies: httpx.Cookies, tips: int, timeout: float) -> float | None:
    """When every tip of the burst carries its extraction (polled through the inbox)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base, cookies=cookies, timeout=120) as client:
        while time.monotonic() < deadline:
            # the burst's tips are the newest (nothing else arrives meanwhile): a short page
            inbox = client.get("/api/tips", params={"limit": tips + 10}).json()["tips"]
            ours = [t for t in inbox if "Station Road most nights" in (t["text"] or "")]
            if len(ours) >= tips and all(t["extraction"] for t in ours):
                return time.monotonic()
            time.sleep(0.5)
    return None


def run(db: Path, args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {}
    with served(db) as base:
        cookies = sign_in(base, USER, PASSWORD)
        paths = read_paths(base, cookies)
        with Readers(base, cookies, paths, args.clients, args.processes) as readers:
            time.sleep(args.warmup)
            baseline_from = time.monotonic()
            time.sleep(args.seconds)
            sent, statuses = burst(base, args.tips)
            accepted = sum(1 for s in statuses if s == 200)
            done = extracted(base, cookies, accepted, args.timeout)
            after_from = done if done is not None else time.monotonic()
            time.sleep(args.seconds)
            after_to = time.monotonic()
        samples = readers.samples
    result["tips_accepted"] = accepted
    result["extracted_after_s"] = None if done is None else round(done - sent, 1)
    result["baseline"] = summary([s for s in samples if baseline_from <= s[0] < sent])
    result["during"] = summary([s for s in samples if sent <= s[0] < after_from])
    result["after"] = summary([s for s in samples if after_from <= s[0] < after_to])
    measured = [s for s in samples if baseline_from <= s[0] < after_to]
    result["client_cpu_ms_per_request"] = round(
        1000 * readers.client_cpu_s / max(1, len(samples)), 2)
    result["by_page"] = {kind: summary([s for s in measured if s[3] == kind])
                         for kind in sorted({s[3] for s in measured})}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="serve an existing store instead of a simulated one")
    parser.add_argument("--scale", default="small", help="simulated scenario's scale")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--processes", type=int, default=4,
                        help="client processes the readers are spread over")
    parser.add_argument("--tips", type=int, default=20, help="tips in the burst")
    parser.add_argument("--warmup", type=float, default=30,
                        help="seconds of reads after the start that are not measured")
    parser.add_argument("--seconds", type=float, default=30,
                        help="seconds of the baseline, and of reads after the burst")
    parser.add_argument("--timeout", type=float, default=600,
                        help="give up waiting for the tips' extraction after this long")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    db = prepare(args)
    results = run(db, args)
    results["goal"] = {"p95_ms_under": GOAL_P95_MS, "met": all(
        results[k].get("p95_ms", float("inf")) < GOAL_P95_MS for k in ("during", "after"))}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.clients} analyst readers; burst of {args.tips} tips right after a restart "
          f"({args.warmup:.0f} s warm-up not measured, {args.seconds:.0f} s baseline)")
    print(f"{'reads':<26}{'requests':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>9}")
    for name, key in (("baseline (no tips)", "baseline"), ("during the burst", "during"),
                      ("after the burst", "after")):
        r = results[key]
        print(f"{name:<26}{r.get('requests', 0):>9}{r.get('errors', 0):>7}"
              f"{r.get('p50_ms', 0):>8}{r.get('p95_ms', 0):>8}{r.get('max_ms', 0):>9}")
    print("by page, baseline to the end of the after period:")
    for kind, r in results["by_page"].items():
        print(f"  {kind:<24}{r.get('requests', 0):>9}{r.get('errors', 0):>7}"
              f"{r.get('p50_ms', 0):>8}{r.get('p95_ms', 0):>8}{r.get('max_ms', 0):>9}")
    print(f"client CPU {results['client_cpu_ms_per_request']} ms per request "
          f"({args.processes} client processes)")
    print(f"tips accepted {results['tips_accepted']}, all extracted "
          f"{results['extracted_after_s']} s after the burst; goal p95 < {GOAL_P95_MS:.0f} ms "
          f"during and after: {'met' if results['goal']['met'] else 'NOT met'}")


if __name__ == "__main__":
    main()
