"""The link chart's analyst tools in a real browser (Debian chromium via Playwright).

Each action is driven from the page's own controls (the node picker and the details panel's
buttons, as a keyboard user would) and its effect read back from what the chart shows: the
chart publishes its visible nodes, drawn label boxes, selection, pins and positions on its
container as ``data-chart``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
PASSWORD = "chart browser password 3"


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("chart-browser"))
    add_user(store, "ana", "analyst", PASSWORD)
    add_user(store, "pat", "partner", PASSWORD)
    deal = store.scalar("SELECT number FROM line_numbers ORDER BY line_id, last_seen DESC "
                        "LIMIT 1")
    app = create_app(Settings(secret_key="chart-browser-secret-" + "Hq3Zr8Lp2Wx6Tc"),
                     store=store)
    yield {"url": live_server(app), "store": store, "deal": deal}
    store.close()


def _sign_in(page: Any, url: str, name: str = "ana") -> None:
    page.goto(url + "/")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")


def chart_state(page: Any) -> dict[str, Any]:
    raw = page.get_attribute("#chart-canvas", "data-chart")
    return json.loads(raw) if raw else {}


def wait_for(page: Any, ok: Callable[[dict[str, Any]], bool], what: str,
             timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state = chart_state(page)
        if state and ok(state):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: the chart says {json.dumps(state)[:600]}")
        page.wait_for_timeout(150)


def settled(page: Any) -> dict[str, Any]:
    """The chart once its layout stopped and its labels were placed for the final positions."""
    wait_for(page, lambda s: not s["layoutRunning"] and s["nodes"] > 0, "layout never stopped")
    page.wait_for_timeout(900)  # the camera's fit animation, then one more label pass
    return chart_state(page)


def open_chart(page: Any, server: dict[str, Any], depth: str = "1",
               sign_in: bool = True) -> dict[str, Any]:
    if sign_in:
        _sign_in(page, server["url"])
    entity = quote("phone:" + server["deal"], safe="")
    page.goto(f"{server['url']}/#/chart?entity={entity}")
    page.wait_for_selector("#chart-canvas canvas")
    wait_for(page, lambda s: s["nodes"] > 1, "the chart did not load")
    if depth != "1":
        page.select_option("#chart-depth", depth)
        before = chart_state(page)["nodes"]
        page.click(".chart-toolbar button[type=submit]")
        wait_for(page, lambda s: s["nodes"] > before, "two hops did not load")
    return settled(page)


def overlapping(boxes: list[dict[str, Any]], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of label boxes that overlap by more than ``slack`` pixels (the chart publishes
    boxes rounded to a tenth of a pixel)."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] + slack < b["x"] + b["w"] and b["x"] + slack < a["x"] + a["w"]
                    and a["y"] + slack < b["y"] + b["h"] and b["y"] + slack < a["y"] + a["h"]):
                found.append((a["id"], b["id"]))
    return found


def center(state: dict[str, Any], server: dict[str, Any]) -> str:
    return "phone:" + server["deal"]


def leaves(state: dict[str, Any], server: dict[str, Any]) -> list[str]:
    """The centre's neighbours that are phones (a 1-hop chart), in a stable order."""
    return sorted(n for n, kind in state["kinds"].items()
                  if kind == "phone" and n != center(state, server))


def pick(page: Any, node: str, add: bool = False) -> None:
    page.select_option("#chart-node-pick", node)
    page.click("#pick-add" if add else "#pick-select")


def test_labels_are_readable_at_one_and_two_hops_and_every_zoom(server: dict[str, Any],
                                                                 browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    one = open_chart(page, server)
    assert one["visible"] >= 10
    assert {b["id"] for b in one["labels"]} == set(one["ids"]), "every node labelled at 1 hop"
    assert not overlapping(one["labels"])
    assert page.locator(".legend img.legend-icon").count() >= 6  # a shape per entity type
    assert {"phone", "line"} <= set(one["kinds"].values())
    two = open_chart(page, server, "2", sign_in=False)
    assert two["visible"] > one["visible"]
    assert len(two["labels"]) >= 20 and not overlapping(two["labels"])
    box = page.locator("#chart-canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for delta in (-700, -700, 1400, 1400):  # zoom in twice, then out beyond the start
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(900)
        state = chart_state(page)
        assert state["labels"] and not overlapping(state["labels"]), delta
    page.close()


def test_expand_collapse_hide_delete_and_pin(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    first = open_chart(page, server)
    a, b, c = leaves(first, server)[:3]
    pick(page, a)
    page.click("#act-expand")
    grown = wait_for(page, lambda s: s["nodes"] > first["nodes"], "expand added nothing")
    settled(page)
    page.click("#act-collapse")
    collapsed = wait_for(page, lambda s: s["nodes"] < grown["nodes"], "collapse removed nothing")
    assert set(first["ids"]) <= set(collapsed["ids"])
    pick(page, a)
    page.click("#act-hide")
    wait_for(page, lambda s: s["visible"] == s["nodes"] - 1
             and a not in {x["id"] for x in s["labels"]}, "hide")
    page.click("#show-hidden")
    wait_for(page, lambda s: s["visible"] == s["nodes"], "show hidden")
    pick(page, b)
    page.click("#act-delete")
    wait_for(page, lambda s: b not in s["ids"], "delete")
    pick(page, c)
    page.click("#act-pin")
    pinned = wait_for(page, lambda s: c in s["pinned"], "pin")
    page.click("text=Re-layout")
    page.wait_for_timeout(500)
    after = settled(page)
    assert after["pos"][c] == pinned["pos"][c], "a pinned node stays put"
    assert any(after["pos"][n] != pinned["pos"][n] for n in after["ids"] if n != c)
    page.close()


def test_group_ungroup_and_paths_between_two_selected_nodes(server: dict[str, Any],
                                                             browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    first = open_chart(page, server)
    a, b = leaves(first, server)[:2]
    pick(page, a)
    pick(page, b, add=True)
    page.click("#act-paths")
    path = wait_for(page, lambda s: len(s["highlighted"]) >= 3, "no path highlighted")
    assert path["highlighted"][0] == a and path["highlighted"][-1] == b
    assert center(first, server) in path["highlighted"]
    assert "Shortest path" in (page.text_content("#chart-status") or "")
    page.click("#clear-highlight")
    page.fill("#group-name", "Two customers")
    page.click("#act-group")
    grouped = wait_for(page, lambda s: a not in s["ids"] and b not in s["ids"], "group")
    group = [n for n in grouped["ids"] if n.startswith("group:")]
    assert len(group) == 1 and grouped["nodes"] == first["nodes"] - 1
    assert "Combined entity of 2" in (page.text_content("#chart-detail") or "")
    page.click("#act-ungroup")
    back = wait_for(page, lambda s: a in s["ids"] and b in s["ids"], "ungroup")
    assert not [n for n in back["ids"] if n.startswith("group:")]
    assert back["links"] == first["links"]
    page.close()


def test_time_replay_and_the_three_layouts(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    state = open_chart(page, server, "2")
    page.fill("#chart-time", "0")
    early = wait_for(page, lambda s: s["visibleLinks"] < s["links"], "replay hid nothing")
    assert early["visible"] < early["nodes"]
    page.fill("#chart-time", "500")
    middle = wait_for(page, lambda s: s["visibleLinks"] >= early["visibleLinks"], "mid")
    assert "up to" in (page.text_content("#chart-time-label") or "")
    page.fill("#chart-time", "1000")
    wait_for(page, lambda s: s["visibleLinks"] == s["links"] >= middle["visibleLinks"], "all")
    page.click("#chart-play")
    page.wait_for_timeout(400)
    assert chart_state(page)["visibleLinks"] < state["links"]
    wait_for(page, lambda s: s["visibleLinks"] == s["links"], "replay did not finish")

    page.select_option("#chart-layout", "hierarchy")
    layered = wait_for(page, lambda s: page.get_attribute("#chart-canvas", "data-layout")
                       == "hierarchy", "hierarchy")
    page.wait_for_timeout(300)
    layered = chart_state(page)
    top = layered["pos"][center(state, server)][1]
    customers = [n for n, r in layered["roles"].items() if r == "customer"]
    assert customers and all(layered["pos"][n][1] < top for n in customers), (
        top, layered["roles"][center(state, server)],
        sorted((layered["pos"][n][1], n) for n in customers)[-3:])
    page.select_option("#chart-layout", "circles")
    page.wait_for_timeout(300)
    circled = chart_state(page)
    assert circled["pos"] != layered["pos"]
    page.select_option("#chart-layout", "force")
    page.wait_for_timeout(500)
    forced = settled(page)
    assert forced["pos"] != circled["pos"] and not overlapping(forced["labels"])
    page.close()


def test_notes_save_reopen_export_and_print(server: dict[str, Any], browser: Any,
                                            tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    first = open_chart(page, server)
    a = leaves(first, server)[0]
    pick(page, a)
    page.fill("#note-text", "Seen handing over a package at the park")
    page.click("#note-add")
    noted = wait_for(page, lambda s: s["nodes"] == first["nodes"] + 1, "note")
    note = next(n for n, k in noted["kinds"].items() if k == "note")
    assert noted["links"] == first["links"] + 1  # attached to the node
    assert "Seen handing over" in (page.text_content("#chart-detail") or "")
    pick(page, a)
    page.click("#act-pin")
    page.fill("#chart-name", "Park handover")
    page.click("#chart-save")
    page.wait_for_selector("text=Saved “Park handover”")
    saved = chart_state(page)

    with page.expect_download() as png:
        page.click("#export-png")
    png_path = tmp_path / "chart.png"
    png.value.save_as(png_path)
    assert png.value.suggested_filename.endswith(".png")
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png_path.stat().st_size > 5000
    with page.expect_download() as svg:
        page.click("#export-svg")
    svg_path = tmp_path / "chart.svg"
    svg.value.save_as(svg_path)
    text = svg_path.read_text()
    assert text.startswith("<svg") and text.count("<circle") == saved["visible"]
    assert "Park handover".replace(" ", "-") in svg.value.suggested_filename

    page.emulate_media(media="print")
    assert not page.locator(".chart-toolbar").is_visible()
    assert page.locator("#chart-canvas").is_visible()
    page.emulate_media(media="screen")

    page.goto(server["url"] + "/#/search")
    page.goto(server["url"] + "/#/chart")
    page.wait_for_selector("#chart-saved option:has-text('Park handover')", state="attached")
    value = page.locator("#chart-saved option", has_text="Park handover").get_attribute("value")
    page.select_option("#chart-saved", value)
    page.click("#chart-open")
    reopened = wait_for(page, lambda s: s["nodes"] == saved["nodes"], "reopen")
    assert set(reopened["ids"]) == set(saved["ids"]) and note in reopened["ids"]
    assert set(reopened["pinned"]) == set(saved["pinned"]) and a in reopened["pinned"]
    assert reopened["pos"][a] == saved["pos"][a]
    page.close()


def test_details_read_as_sentences_and_follow_the_selection(server: dict[str, Any],
                                                             browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    first = open_chart(page, server)
    a, b = leaves(first, server)[:2]
    shown = []
    for node in (a, b):
        pick(page, node)
        page.wait_for_timeout(200)
        text = page.text_content("#chart-detail") or ""
        label = page.locator("#chart-detail h2").text_content() or ""
        assert label and label in text and "{" not in text and "[object" not in text
        assert "were in contact" in text or "—" in text  # its links as sentences
        shown.append(label)
    assert shown[0] != shown[1], "the panel follows the selection"
    # from the keyboard: a link in the panel selects the node it names
    page.locator("#chart-detail button.linklike").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert (page.locator("#chart-detail h2").text_content() or "") != shown[1]
    page.close()


def test_a_hairball_is_refused_with_filters_offered(server: dict[str, Any],
                                                   browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    before = open_chart(page, server, "2")
    page.select_option("#chart-depth", "3")
    page.click(".chart-toolbar button[type=submit]")
    page.wait_for_selector("#chart-guard")
    title = page.text_content("#chart-guard h2") or ""
    assert int(title.split()[3]) > 300
    assert chart_state(page)["nodes"] == before["nodes"], "nothing drawn meanwhile"
    page.fill("#guard-min", "1000000")  # only the strongest contacts: little is left
    for box in page.locator("#chart-guard input[name=guard-role]").all():
        if box.get_attribute("value") == "customer":
            box.uncheck()
    page.wait_for_selector("#guard-draw:not([disabled])")
    page.click("#guard-draw")
    drawn = wait_for(page, lambda s: page.locator("#chart-guard").count() == 0, "draw")
    assert 0 < drawn["nodes"] <= 300
    page.close()


def test_relationships_are_typed_coloured_and_filterable(server: dict[str, Any],
                                                         browser: Any) -> None:
    from linewatch.api.saved_charts import save_chart

    store = server["store"]
    people = [r[0] for r in store.query("SELECT person_id FROM persons ORDER BY 1 LIMIT 3")]
    nodes = [{"id": f"person:{p}", "attrs": {"label": f"P {p}", "x": i * 5.0, "y": 0.0,
                                              "nodeType": "person", "color": "#2f6fb3",
                                              "size": 6, "type": "icon",
                                              "api": {"id": f"person:{p}", "type": "person",
                                                      "key": p, "label": f"P {p}"}}}
             for i, p in enumerate(people)]
    def edge(a: int, b: int, kind: str, sub: str | None) -> dict[str, Any]:
        ends = (f"person:{people[a]}", f"person:{people[b]}")
        return {"source": ends[0], "target": ends[1],
                "attrs": {"linkType": kind, "color": "#999", "size": 1,
                          "api": {"id": f"{kind}-{a}-{b}", "source": ends[0],
                                  "target": ends[1], "type": kind, "subtype": sub,
                                  "label": None, "first": "2024-03-01",
                                  "last": "2024-06-01"}}}
    state = {"version": 1, "center": None, "nodes": nodes, "groups": [],
             "edges": [edge(0, 1, "family", "sibling"), edge(1, 2, "knows", None)],
             "hiddenLinkTypes": []}
    save_chart(store, "Relationships", state, "ana", "analyst")
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    _sign_in(page, server["url"])
    page.goto(server["url"] + "/#/chart")
    page.wait_for_selector("#chart-saved option:has-text('Relationships')", state="attached")
    value = page.locator("#chart-saved option", has_text="Relationships").get_attribute("value")
    page.select_option("#chart-saved", value)
    page.click("#chart-open")
    wait_for(page, lambda s: s["links"] == 2, "the relationship chart")
    chips = page.locator("#chart-relationships input")
    assert {chips.nth(i).get_attribute("value") for i in range(chips.count())} == \
        {"family", "knows"}
    swatch = page.locator("#chart-relationships label:has(input[value=family]) .line-swatch")
    assert "231, 41, 138" in (swatch.get_attribute("style") or "")  # family's own colour
    page.locator("#chart-relationships input[value=family]").uncheck()
    wait_for(page, lambda s: s["visibleLinks"] == 1, "family links hidden")
    pick(page, f"person:{people[1]}")
    assert "family (sibling)" in (page.text_content("#chart-detail") or "")
    page.close()


def test_a_partner_is_offered_no_saved_charts(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    _sign_in(page, server["url"], "pat")
    page.goto(f"{server['url']}/#/chart?entity={quote('phone:' + server['deal'], safe='')}")
    wait_for(page, lambda s: s["nodes"] > 1, "partner chart")
    page.wait_for_timeout(500)
    assert page.locator("#chart-save").count() == 0 and page.locator("#chart-saved").count() == 0
    page.close()
