"""The map in a real browser: layers toggle, the time slider replays, and trap or cuckooed
addresses stay visible above every cluster at every zoom."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
PASSWORD = "map browser password 5"
MOVEMENT = "#map-layers input[data-layer=\"Lines' movement\"]"


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("map-browser"))
    add_user(store, "ana", "analyst", PASSWORD)
    app = create_app(Settings(secret_key="map-browser-secret-" + "Kd7Vq2Mx9Lr4Tw"),
                     store=store)
    yield {"url": live_server(app), "store": store}
    store.close()


def map_state(page: Any) -> dict[str, Any]:
    raw = page.get_attribute("#map", "data-map")
    return json.loads(raw) if raw else {}


def wait_for(page: Any, ok: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
    deadline = time.monotonic() + 15
    while True:
        state = map_state(page)
        if state and ok(state):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: the map says {state}")
        page.wait_for_timeout(100)


def flagged_on_screen(page: Any) -> int:
    """Flagged markers drawn and not covered by anything else (a cluster, a line): the element
    at each marker's centre is a flagged marker (two flagged houses may share a spot)."""
    return int(page.evaluate("""() => [...document.querySelectorAll('.flagged-marker')]
        .filter(m => { const r = m.getBoundingClientRect();
                       if (!r.width) return false;
                       const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                       return !!(top && top.closest('.flagged-marker')); }).length"""))


def test_layers_slider_and_flagged_addresses(server: dict[str, Any], browser: Any) -> None:
    store = server["store"]
    flagged = store.scalar("""SELECT count(*) FROM addresses a WHERE lat IS NOT NULL AND (
        upper(trim(address)) IN (SELECT upper(trim(address)) FROM address_cuckooing
                                 WHERE cuckooed)
        OR upper(trim(address)) IN (SELECT upper(trim(address)) FROM line_addresses))""")
    assert flagged, "the analysed world has trap or cuckooed addresses with coordinates"
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server["url"] + "/")
    page.fill("#login-name", "ana")
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")
    page.goto(server["url"] + "/#/map")
    start = wait_for(page, lambda s: s["layers"]["Lines' movement"] > 0, "movement layer")
    assert start["flagged"] == flagged
    assert start["layers"]["ANPR reads"] == 0  # off until asked for

    # layers toggle
    page.check("#map-layers input[data-layer='ANPR reads']")
    wait_for(page, lambda s: s["layers"]["ANPR reads"] > 0, "ANPR on")
    page.uncheck(MOVEMENT)
    wait_for(page, lambda s: s["layers"]["Lines' movement"] == 0, "movement off")
    page.check(MOVEMENT)
    full = wait_for(page, lambda s: s["layers"]["Lines' movement"] > 0, "movement on")

    # the time slider replays: early on little is shown, at the end everything
    page.fill("#map-time", "0")
    early = wait_for(page, lambda s: s["layers"]["Lines' movement"] < full["layers"]["Lines' movement"],
                     "slider at the start")
    assert early["layers"]["ANPR reads"] <= full["layers"]["ANPR reads"]
    assert "up to" in (page.text_content("#map-time-label") or "")
    page.fill("#map-time", "600")
    middle = wait_for(page, lambda s: s["layers"]["Lines' movement"] >= early["layers"]["Lines' movement"], "mid")
    page.fill("#map-time", "1000")
    wait_for(page, lambda s: s["layers"] == full["layers"] and
             s["layers"]["Lines' movement"] >= middle["layers"]["Lines' movement"], "the end")

    # zoomed right out, ordinary addresses cluster but every flagged one is drawn on top
    for _ in range(8):
        if "leaflet-disabled" in (page.get_attribute(".leaflet-control-zoom-out", "class") or ""):
            break
        # a dispatched click: the button may turn disabled between the check and the click
        # when the last zoom lands (Leaflet ignores a click on a disabled button), where
        # page.click would wait for it to be enabled again
        page.dispatch_event(".leaflet-control-zoom-out", "click")
        page.wait_for_timeout(250)
    page.wait_for_timeout(600)
    assert page.locator(".marker-cluster").count() >= 1, "addresses cluster when zoomed out"
    assert page.locator(".flagged-marker").count() == flagged
    assert flagged_on_screen(page) == flagged
    page.uncheck("#map-layers input[data-layer='Trap and cuckooed addresses']")
    assert page.locator(".flagged-marker").count() == 0
    page.check("#map-layers input[data-layer='Trap and cuckooed addresses']")
    assert page.locator(".flagged-marker").count() == flagged
    assert not [e for e in errors if "401" not in e], errors
    page.close()
