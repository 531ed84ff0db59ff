"""The export downloads in a real browser: the line page's and the link chart's Export
buttons deliver a file built for the signed-in role, and each download is audited."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
PASSWORD = "browser export password 7"


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("browser-exports"))
    add_user(store, "ana", "analyst", PASSWORD)
    line = store.scalar("SELECT line_id FROM lines ORDER BY line_id LIMIT 1")
    app = create_app(Settings(secret_key="browser-export-secret-" + "k3Vq8Zr2Lw6Tn9"),
                     store=store)
    yield {"url": live_server(app), "store": store, "line": line}
    store.close()


def _sign_in(page: Any, url: str) -> None:
    page.goto(url + "/")
    page.fill("#login-name", "ana")
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")


def test_line_page_and_chart_download_exports(server: dict[str, Any], browser: Any,
                                             tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    _sign_in(page, server["url"])
    page.goto(f"{server['url']}/#/line/{server['line']}")
    page.wait_for_selector(".export-control")
    page.select_option(".export-control .export-format", "i2")
    with page.expect_download() as info:
        page.click(".export-control .export-button")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".anx"
    chart = ET.parse(path).getroot()  # noqa: S314 - the file this test just downloaded
    ids = {e.get("EntityId") for e in chart.iter("Entity")}
    assert f"line:{server['line']}" in ids
    target = server["store"].scalar("SELECT target FROM audit_log WHERE action = 'export' "
                                    "ORDER BY seq DESC LIMIT 1")
    assert target == f"i2:line:{server['line']}"

    page.goto(f"{server['url']}/#/chart?entity=" + f"line:{server['line']}")
    page.locator("#chart-status", has_text="nodes").wait_for()
    page.select_option(".chart-toolbar .export-format", "graphml")
    with page.expect_download() as info:
        page.click(".chart-toolbar .export-button")
    assert info.value.suggested_filename.endswith(".graphml")
    detail = server["store"].scalar("SELECT CAST(detail AS VARCHAR) FROM audit_log "
                                    "WHERE action = 'export' ORDER BY seq DESC LIMIT 1")
    assert '"n_selected"' in detail and f"line:{server['line']}" in detail
    context.close()
