"""The watchlist page in a real browser: watch a number, see the alert a new record raises,
stop watching."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user
from linewatch.storage import Store
from linewatch.watch import check_watches

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
PASSWORD = "browser watches password " + secrets.token_hex(4)


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = Store.open(tmp_path_factory.mktemp("browser-watches") / "watches.duckdb")
    add_user(store, "ana", "analyst", PASSWORD)
    app = create_app(Settings(secret_key=secrets.token_urlsafe(48)), store=store)
    yield {"url": live_server(app), "store": store}
    store.close()


def _wait_text(page: Any, selector: str, ok: Any, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = page.locator(selector).first.text_content() or ""
        if ok(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} still says {text!r}")
        page.wait_for_timeout(100)


def test_watch_a_number_read_its_alert_and_stop(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_context().new_page()
    page.goto(server["url"] + "/")
    page.fill("#login-name", "ana")
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")
    page.click("nav.sidenav a[href='#/watches']")
    page.wait_for_selector("#watch-value")
    page.select_option("#watch-kind", "phone")
    page.fill("#watch-value", "07700 900555")
    page.click("#content form button[type=submit]")
    _wait_text(page, "#content [role=status]", lambda t: "Watching +447700900555" in t)
    store = server["store"]
    store.write_rows("cdr", [{"a_number": "+447700900556", "b_number": "+447700900555",
                              "event_type": "sms", "event_id": "E-BROWSER", "_batch": 1,
                              "_file": 1, "_row": 1}], mode="append")
    assert len(check_watches(store, batch_id=1)) == 1
    page.reload()
    _wait_text(page, "#content", lambda t: "new records in cdr" in t)
    assert "cdr E-BROWSER" in (page.locator("#content").text_content() or "")
    page.click("button[aria-label='Stop watching +447700900555']")
    _wait_text(page, "#content [role=status]", lambda t: "Stopped watching" in t)
    assert store.scalar("SELECT count(*) FROM audit_log WHERE user_name = 'ana' "
                        "AND action = 'alerts_read'") >= 2
