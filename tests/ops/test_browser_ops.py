"""The operation pages in a real browser (Debian chromium driven by Playwright).

The server is the same as in ``tests/web/test_browser.py`` (uvicorn in a thread over an
in-memory store) but over the operations world of ``ops_world``. The built web app must include
the operation pages: ``npm run build`` in ``web/`` (or point ``LINEWATCH_WEB_STATIC`` at a
build). Screenshots go to ``test-artifacts/screenshots/ops-*.png``. The browser is never
downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ops_world import build, outcomes

from linewatch import ops
from linewatch.api import Settings, create_app
from linewatch.api.routes.operations import router
from linewatch.api.users import add_user
from linewatch.storage import Store

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(os.environ.get("LINEWATCH_WEB_STATIC",
                             ROOT / "src" / "linewatch" / "web" / "static"))
SHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "browser test password 1"
RELEASE = ("Kent Police executed five warrants in Chatham. Four people were arrested on "
           "suspicion of being concerned in the supply of Class A drugs. Officers seized "
           "£20,000 in cash and a machete.")



def _built_with_operations() -> bool:
    assets = STATIC / "assets"
    return assets.is_dir() and any("Plan an operation" in p.read_text(errors="ignore")
                                   for p in assets.glob("*.js"))


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str]) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file() or not _built_with_operations():
        pytest.fail(f"the web app in {STATIC} is not built with the operation pages: run "
                    "'npm ci && npm run build' in web/")
    store = Store.open(":memory:")
    build(store)
    store.write_rows("addresses", [
        {"address": "3 Sample Street, London", "postcode": "SE25 6AB", "lat": 51.397,
         "lon": -0.075},
        {"address": "40 High Street, Gillingham", "postcode": "ME7 1AA", "lat": 51.388,
         "lon": 0.548}], mode="append")
    store.execute("CREATE TABLE lines (line_id VARCHAR, score DOUBLE, first_seen TIMESTAMP, "
                  "last_seen TIMESTAMP, explanation JSON, run_id VARCHAR)")
    store.execute("INSERT INTO lines VALUES ('L1', 0.97, TIMESTAMP '2024-01-01', "
                  "TIMESTAMP '2024-03-04', '{}', 't')")
    for name, role in (("ana", "analyst"), ("sue", "supervisor"), ("kent1", "partner")):
        add_user(store, name, role, PASSWORD)
    ops.set_partner_force(store, "kent1", "Kent Police", set_by="admin")
    app = create_app(Settings(secret_key="browser-ops-secret-" + "x7Qp2Lm9Zt4Rv8Wc",
                              static_dir=STATIC), store=store)
    if not any(getattr(r, "path", "").startswith("/api/operations") for r in app.routes):
        app.include_router(router, prefix="/api")
    yield {"url": live_server(app), "store": store}




def _shot(page: Any, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ops-{name}.png"), full_page=full)


def _sign_in(browser: Any, url: str, name: str) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url + "/")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")
    return page


def test_plan_approve_carry_out_record_and_review(server: dict[str, Any],
                                                  browser: Any) -> None:
    url = server["url"]
    errors: list[str] = []
    ana = _sign_in(browser, url, "ana")
    ana.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    ana.click("a[href='#/operations']")
    ana.wait_for_selector("text=Plan an operation")
    ana.fill("#op-name", "Operation Kestrel")
    ana.fill("#op-at", "2024-03-05T05:00")
    ana.fill("#op-line", "L1")
    ana.fill("#op-people", "P4")
    _shot(ana, "01-plan-form")
    ana.click("#op-create")
    ana.wait_for_selector("text=Warrant packages")
    ana.wait_for_selector(".leaflet-container")
    assert ana.locator("text=Kent Police — 2 addresses").count() == 1
    assert ana.locator("text=Metropolitan Police — 1 address").count() == 1
    assert ana.locator("#op-approve").count() == 0  # analysts do not approve
    ana.wait_for_timeout(600)
    _shot(ana, "02-board-draft")
    ana.click("#addr-A1 summary")
    ana.locator("#addr-A1").scroll_into_view_if_needed()
    assert ana.locator("#addr-A1 >> text=Cuckooed address: the resident is a victim").count()
    _shot(ana, "03-warrant-package")

    sue = _sign_in(browser, url, "sue")
    sue.goto(url + "/#/operation/OP1")
    sue.click("#op-approve")
    sue.wait_for_selector(".badge >> text=approved")
    _shot(sue, "04-approved")

    ana.reload()
    ana.wait_for_selector("select.day-status[data-address='A1']")
    ana.select_option("select.day-status[data-address='A1']", "entered")
    ana.wait_for_selector(".leaflet-tooltip >> text=A1 · entered")
    _shot(ana, "05-on-the-day")
    ana.click("text=Paste a whole outcomes document (JSON)")
    import json

    ana.fill("#rec-json", json.dumps(outcomes()))
    ana.click("text=Record document")
    ana.wait_for_selector("text=Recorded 12 result(s)")
    ana.reload()
    ana.wait_for_selector("#op-summary")
    summary = ana.locator("#op-summary").text_content() or ""
    assert "Two people were arrested" in summary and "Jayden" not in summary
    ana.locator("#op-summary").scroll_into_view_if_needed()
    _shot(ana, "06-summary")
    ana.fill("#rc-text", RELEASE)
    ana.click("#rc-run")
    ana.wait_for_selector("#rc-out >> text=conflict", timeout=60_000)
    ana.locator("#rc-out").scroll_into_view_if_needed()
    _shot(ana, "07-reconcile")
    ana.click("#af-run")
    ana.wait_for_selector("#af-out >> text=Targets arrested")
    ana.locator("#af-out").scroll_into_view_if_needed()
    _shot(ana, "08-after")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_partner_board_holds_only_its_force(server: dict[str, Any], browser: Any) -> None:
    store = server["store"]
    if not ops.list_operations(store):
        op = ops.create_operation(store, "Operation Kestrel", user="ana",
                                  planned_at="2024-03-05T05:00", line_id="L1",
                                  person_ids=["P4"])
        ops.approve(store, op, user="sue")
    kent = _sign_in(browser, server["url"], "kent1")
    kent.click("a[href='#/operations']")
    kent.wait_for_selector("table a[href^='#/operation/']")
    kent.click("table a[href^='#/operation/']")
    kent.wait_for_selector("text=sanitised for Kent Police")
    body = kent.locator("main").text_content() or ""
    assert "Sample Street" not in body and "Metropolitan Police —" not in body
    assert "shotgun" not in body and "Record outcomes" not in body
    kent.wait_for_timeout(600)
    _shot(kent, "09-partner-board")
