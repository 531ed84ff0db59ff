"""The admin's users page in a real browser: only admins see it; disabling ends a session."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user
from linewatch.storage import Store

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
PASSWORD = "browser users password 1"


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = Store.open(tmp_path_factory.mktemp("browser-users") / "users.duckdb")
    for name, role in (("boss", "admin"), ("ana", "analyst")):
        add_user(store, name, role, PASSWORD)
    app = create_app(Settings(secret_key="browser-users-secret-" + "Wq3Tz8Lm5Rk2Yx7Vb"),
                     store=store)
    yield {"url": live_server(app), "store": store}
    store.close()


def _sign_in(page: Any, url: str, name: str) -> None:
    page.goto(url + "/")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")


def _wait_text(page: Any, selector: str, ok: Any, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = page.locator(selector).text_content() or ""
        if ok(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} still says {text!r}")
        page.wait_for_timeout(100)


def test_admin_disables_a_user_whose_open_page_is_signed_out(server: dict[str, Any],
                                                             browser: Any) -> None:
    analyst = browser.new_context().new_page()
    _sign_in(analyst, server["url"], "ana")
    assert analyst.locator("nav.sidenav a[href='#/users']").count() == 0
    admin = browser.new_context().new_page()
    _sign_in(admin, server["url"], "boss")
    admin.click("nav.sidenav a[href='#/users']")
    admin.wait_for_selector("[data-user='ana'] button.disable")
    admin.click("[data-user='ana'] button.disable")
    _wait_text(admin, "#users-status", lambda t: "Disabled ana" in t)
    admin.wait_for_selector("[data-user='ana'] button.enable")
    analyst.goto(server["url"] + "/#/lines")  # the next request of the live session
    analyst.wait_for_selector("#login-name")
    actions = [r[0] for r in server["store"].query(
        "SELECT action FROM audit_log WHERE user_name = 'boss' ORDER BY seq")]
    assert "user_disable" in actions and "view_users" in actions
