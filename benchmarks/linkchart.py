"""Is the link chart smooth at 5,000 nodes? Frame times in Debian's chromium, measured.

A real server (``linewatch serve``'s code path) serves a store; Playwright drives
``/usr/bin/chromium`` (headless, software WebGL: no GPU, like a locked-down police desktop
without graphics drivers, so a lower bound for a real workstation). The benchmark signs in,
opens the link chart on a deal-line number with up to N nodes (3 hops), then records every
animation frame:

* **load**: from pressing *Show* until the chart says how many nodes it holds (API + merge);
* **layout**: the first seconds while ForceAtlas2 runs in its web worker and sigma redraws;
* **interaction**: scroll-wheel zooms and drags across the canvas (what an analyst does).

Baseline, in the same run and browser: the same chart capped at 300 nodes. Reported: frame
time p50/p95, frames per second, frames slower than 50 ms ("janky"), and the ratio of the
5,000-node p95 frame time to the baseline's.

    python benchmarks/linkchart.py --db /tmp/medium/demo-medium-7.duckdb
    python benchmarks/linkchart.py            # a simulated small scenario (prepare_demo)
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _server import served, sign_in

CHROMIUM = os.environ.get("LINEWATCH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--enable-unsafe-swiftshader"]
USER, PASSWORD = "bench-chart", "benchmark password " + secrets.token_hex(4)
#: injected into the page: collect the time between consecutive animation frames
FRAME_RECORDER = """() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t;
                        if (window.__recording) requestAnimationFrame(tick); };
  window.__recording = true;
  requestAnimationFrame(tick);
}"""


def prepare(args: argparse.Namespace) -> tuple[Path, str]:
    """The store (with a benchmark user) and the entity to chart: the busiest line's number (its
    three-hop neighbourhood reaches every line's customers, so thousands of nodes)."""
    from linewatch.api.users import add_user, get_user, set_password
    from linewatch.demo import prepare_demo
    from linewatch.storage import Store

    db = Path(args.db) if args.db else prepare_demo(Path(tempfile.mkdtemp()), scale="small").db
    with Store.open(db) as store:
        if get_user(store, USER) is None:
            add_user(store, USER, "analyst", PASSWORD)
        else:
            set_password(store, USER, PASSWORD)
        number = store.scalar(
            "SELECT d.number FROM phone_roles d JOIN (SELECT line_id, count(*) AS customers "
            "FROM phone_roles WHERE role = 'customer' GROUP BY line_id) c USING (line_id) "
            "WHERE d.role = 'deal_line' ORDER BY c.customers DESC, d.number LIMIT 1"
        ) if store.table_exists("phone_roles") else None
    if number is None:
        raise SystemExit("the store has no deal lines: run the pipeline first")
    return db, f"phone:{number}"


def _frames(page: Any, seconds: float, action: Any = None) -> list[float]:
    page.evaluate(FRAME_RECORDER)
    if action is not None:
        action(seconds)
    else:
        page.wait_for_timeout(seconds * 1000)
    page.evaluate("() => { window.__recording = false; }")
    frames: list[float] = page.evaluate("() => window.__frames")
    return frames[1:]


def _summary(frames: list[float]) -> dict[str, Any]:
    if len(frames) < 2:
        return {"frames": len(frames)}
    q = statistics.quantiles(frames, n=100)
    return {"frames": len(frames), "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1),
            "fps": round(1000 / statistics.mean(frames), 1),
            "janky": sum(1 for f in frames if f > 50)}


def measure(page: Any, base: str, entity: str, max_nodes: int, seconds: float
            ) -> dict[str, Any]:
    page.goto(f"{base}/#/chart?entity={quote(entity)}")
    page.wait_for_selector("#chart-status")
    page.wait_for_timeout(500)
    page.select_option("#chart-depth", "3")
    if page.locator(f"#chart-max option[value='{max_nodes}']").count() == 0:
        raise SystemExit(f"the chart page offers no '≤ {max_nodes} nodes' option")
    page.select_option("#chart-max", str(max_nodes))
    before = page.locator("#chart-status").text_content()
    t0 = time.perf_counter()
    page.click(".chart-toolbar button[type=submit]")
    deadline = time.monotonic() + 120
    while True:
        if page.locator("#guard-all").count():  # past the readable size: draw it all anyway
            page.click("#guard-all")
        status = page.locator("#chart-status").text_content() or ""
        if status[:1].isdigit() and "nodes" in status and status != before:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"the chart did not load: {status!r}")
        page.wait_for_timeout(20)
    load_ms = (time.perf_counter() - t0) * 1000
    layout = _frames(page, seconds)
    box = page.locator("#chart-canvas").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def interact(secs: float) -> None:
        end = time.monotonic() + secs
        step = 0
        while time.monotonic() < end:
            page.mouse.move(cx, cy)
            page.mouse.wheel(0, -240 if step % 4 < 2 else 240)
            page.mouse.down()
            page.mouse.move(cx + 120 * (1 if step % 2 else -1), cy + 60, steps=6)
            page.mouse.up()
            step += 1

    interaction = _frames(page, seconds, interact)
    return {"status": status, "load_ms": round(load_ms), "layout": _summary(layout),
            "interaction": _summary(interaction)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="serve an existing store instead of a made-up one")
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--baseline-nodes", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=6, help="per measured phase")
    parser.add_argument("--screenshot", help="save a screenshot of the big chart here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    db, entity = prepare(args)
    results: dict[str, Any] = {"entity": entity}
    with served(db) as base:
        cookies = sign_in(base, USER, PASSWORD)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900},
                                          bypass_csp=True)  # to inject the frame recorder
            context.add_cookies([{"name": k, "value": v, "url": base}
                                 for k, v in cookies.items()])
            page = context.new_page()
            results["baseline"] = measure(page, base, entity, args.baseline_nodes,
                                          args.seconds)
            results["big"] = measure(page, base, entity, args.nodes, args.seconds)
            if args.screenshot:
                page.screenshot(path=args.screenshot)
            browser.close()
    for phase in ("layout", "interaction"):
        big, small = results["big"][phase], results["baseline"][phase]
        if big.get("p95_ms") and small.get("p95_ms"):
            results["big"][phase]["p95_vs_baseline"] = round(big["p95_ms"] / small["p95_ms"], 2)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"chart of {entity}, chromium {CHROMIUM} (software WebGL)")
    for name in ("baseline", "big"):
        r = results[name]
        print(f"{name}: {r['status']}; load {r['load_ms']} ms")
        for phase in ("layout", "interaction"):
            print(f"  {phase:<12} {json.dumps(r[phase])}")


if __name__ == "__main__":
    main()
