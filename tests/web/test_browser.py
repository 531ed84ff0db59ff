"""The analyst web app in a real browser: Debian's chromium driven by Playwright.

A real uvicorn server runs in a thread on a free localhost port over a copy of the analysed
world (the real stages' output, ``analysed_world`` in ``tests/conftest.py``).
Screenshots go to ``test-artifacts/screenshots/``. The browser is never downloaded: when
``/usr/bin/chromium`` is missing the tests fail and say how to install it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user

# the timeout includes building the session's analysed world when this module runs alone
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "browser test password 1"



@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("browser"))
    add_user(store, "ana", "analyst", PASSWORD)
    add_user(store, "sue", "supervisor", PASSWORD)
    nickname = store.scalar("SELECT nicknames[1] FROM persons p JOIN target_list t "
                            "USING (person_id) WHERE len(nicknames) > 0 ORDER BY t.rank LIMIT 1")
    deal = store.scalar("SELECT number FROM line_numbers ORDER BY line_id, last_seen DESC "
                        "LIMIT 1")
    runner = store.scalar("SELECT number FROM phone_roles WHERE role = 'runner' "
                          "ORDER BY line_id, number LIMIT 1")
    app = create_app(Settings(secret_key="browser-test-secret-" + "x7Qp2Lm9Zt4Rv8Wc"),
                     store=store)
    yield {"url": live_server(app), "store": store, "nickname": nickname,
           "deal": quote(deal, safe=""), "runner": quote(runner, safe="")}
    store.close()




def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _wait_text(page: Any, selector: str, ok: Any, timeout: float = 15.0) -> str:
    """Poll an element's text from Python (the CSP forbids Playwright's eval-based waits)."""
    deadline = time.monotonic() + timeout
    while True:
        text = page.locator(selector).text_content() or ""
        if ok(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} still says {text!r}")
        page.wait_for_timeout(100)


def _sign_in(page: Any, url: str, name: str = "ana") -> None:
    page.goto(url + "/")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")


def test_analyst_signs_in_searches_and_opens_a_profile(server: dict[str, Any],
                                                        browser: Any) -> None:
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server["url"] + "/")
    page.wait_for_selector("#login-name")
    _shot(page, "01-sign-in")
    _sign_in(page, server["url"])
    page.fill("#search-q", server["nickname"])
    page.click(".search-form button[type=submit]")
    page.wait_for_selector("text=/\\d+ results? for/")
    _shot(page, "02-search")
    page.click("table a[href^='#/person/']")
    page.wait_for_selector(".profile-head h1")
    page.wait_for_selector("text=Scores and why")
    assert page.locator("text=Identities (source records)").count() == 1
    _shot(page, "03-person")
    page.goto(server["url"] + "/#/phone/" + server["deal"])
    page.wait_for_selector("text=Top contacts")
    _shot(page, "04-phone")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_link_chart_loads_and_expands_neighbours(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, server["url"])
    page.goto(server["url"] + "/#/chart?entity=" + "phone%3A" + server["deal"])
    first = _wait_text(page, "#chart-status", lambda t: "nodes" in t)
    page.select_option("#chart-depth", "2")
    page.click(".chart-toolbar button[type=submit]")
    second = _wait_text(page, "#chart-status", lambda t: "nodes" in t and t != first)
    assert int(second.split()[0]) > int(first.split()[0])
    page.wait_for_timeout(1500)  # let the layout settle for the screenshot
    assert page.locator(".chart-canvas canvas").count() > 0
    _shot(page, "05-link-chart")


def test_line_page_and_safeguarding_list(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _sign_in(page, server["url"])
    page.goto(server["url"] + "/#/lines")
    page.wait_for_selector("table a[href^='#/line/']")
    _shot(page, "06-lines")
    page.click("table a[href^='#/line/']")
    page.wait_for_selector("text=Numbers over time")
    page.locator(".whatif-result").scroll_into_view_if_needed()
    page.locator("#whatif-run").scroll_into_view_if_needed()
    page.locator(".chip input[type=checkbox]").first.check()
    page.click("#whatif-run")
    page.wait_for_selector("text=fragmentation now")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(800)
    _shot(page, "07-line")
    page.goto(server["url"] + "/#/safeguarding")
    page.wait_for_selector("text=Cuckooed addresses")
    assert page.locator("table tbody tr").count() >= 2
    _shot(page, "08-safeguarding")


def test_public_tip_reaches_the_inbox(server: dict[str, Any], browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    public = context.new_page()
    public.goto(server["url"] + "/tip")
    _shot(public, "09-tip-form")
    public.fill("#text", "Browser tip: two lads selling from a blue car outside 4 Mill Lane.")
    public.click("button[type=submit]")
    public.wait_for_selector("text=Thank you")
    _shot(public, "10-tip-thanks")
    assert context.cookies() == []
    context.close()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, server["url"])
    page.goto(server["url"] + "/#/tips")
    page.wait_for_selector("text=Browser tip: two lads")
    _shot(page, "11-tips-inbox")


def test_supervisor_sees_the_audit_trail_and_map(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, server["url"], "sue")
    page.goto(server["url"] + "/#/audit")
    page.click("#audit-verify")
    page.wait_for_selector("text=Chain intact")
    _shot(page, "12-audit")
    page.goto(server["url"] + "/#/map?number=" + server["runner"])
    page.wait_for_selector(".leaflet-container")
    page.wait_for_timeout(500)
    _shot(page, "13-map")
    page.goto(server["url"] + "/#/intel")
    page.wait_for_selector("text=3x5x2 grading")
    _shot(page, "14-intel")
