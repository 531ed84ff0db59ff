"""The jobs and account pages in a real browser: an analyst checks an import (seeing the
quarantine), confirms it, watches the job finish, and issues and revokes an API token."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
PASSWORD = "browser jobs password 3"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("browser-jobs"))
    add_user(store, "ana", "analyst", PASSWORD)
    app = create_app(Settings(secret_key="browser-jobs-secret-" + "Pq7Zr4Nd8Kx1Tc6Wm"),
                     store=store)
    yield {"url": live_server(app), "store": store, "data": analysed_world.data}
    app.state.jobs.stop(grace_seconds=0)


def _sign_in(page: Any, url: str, name: str) -> None:
    page.goto(url + "/")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")


def _cdr_with_a_bad_row(data: Path, folder: Path) -> Path:
    reader = list(csv.reader((data / "cdr.csv").open(encoding="utf-8")))
    header, body = reader[0], reader[1:]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for i in range(4):
        row = list(body[i])
        row[header.index("event_id")] = f"WEBJOB{i:05d}"
        if i == 2:
            row[header.index("start_time")] = "sometime soon"
        writer.writerow(row)
    target = folder / "cdr.csv"
    target.write_text(out.getvalue(), encoding="utf-8")
    return target


def _wait(ok: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_an_analyst_checks_confirms_and_follows_an_import(server: dict[str, Any], browser: Any,
                                                          tmp_path: Path) -> None:
    store = server["store"]
    before = store.count("cdr")
    page = browser.new_context().new_page()
    _sign_in(page, server["url"], "ana")  # (the signed-out start answers 401: not counted)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.click("nav.sidenav a[href='#/jobs']")
    page.wait_for_selector("#import-form")
    page.set_input_files("#import-files", str(_cdr_with_a_bad_row(server["data"], tmp_path)))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-preview")
    preview = page.locator("#import-preview").inner_text()
    assert "3 rows would be imported and 1 quarantined" in preview
    assert "start_time" in preview and "sometime soon" in preview
    assert store.count("cdr") == before  # checked, not imported
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "jobs-import-checked.png"), full_page=True)
    page.click("#confirm-import")
    status = page.locator("#jobs-status")
    _wait(lambda: "Import queued as" in (status.text_content() or ""), "the job to queue")
    job_id = (status.text_content() or "").split("Import queued as ")[1].rstrip(".")
    state = page.locator(f".job-state[data-job='{job_id}']")
    _wait(lambda: state.count() == 1 and (state.text_content() or "").strip() == "done",
          "the page to show the job done (it polls)")
    assert store.count("cdr") == before + 3
    row = page.locator("#job-list tr", has=state).inner_text()
    assert "ana" in row and "3 rows imported, 1 quarantined" in row
    page.screenshot(path=str(SHOTS / "jobs-import-done.png"), full_page=True)
    assert errors == []


def test_an_analyst_issues_and_revokes_a_token(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_context().new_page()
    _sign_in(page, server["url"], "ana")
    page.click("nav.sidenav a[href='#/account']")
    page.wait_for_selector("#issue-token")
    page.fill("#token-label", "laptop")
    page.click("#issue-token button[type=submit]")
    page.wait_for_selector("#token-value")
    token = (page.locator("#token-value").text_content() or "").strip()
    api = httpx.Client(base_url=server["url"], headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/jobs").status_code == 200
    page.wait_for_selector("#token-list button.revoke-token")
    assert "laptop" in page.locator("#token-list").inner_text()
    page.click("#token-list button.revoke-token")
    _wait(lambda: "Revoked" in (page.locator("#account-status").text_content() or ""),
          "the revocation")
    assert page.locator("#token-value").count() == 0  # shown once, then gone
    assert api.get("/api/jobs").status_code == 401
