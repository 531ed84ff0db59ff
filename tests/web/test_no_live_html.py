"""Markup in the data never becomes live markup in the web app.

Every text field the pages show (names, nicknames, addresses, cell site names and areas,
event offences and details, tip and intelligence text) gets an HTML payload: an image with
an ``onerror`` handler, a link and a bold element, each with the class ``pwn``. Every page is
visited (map tooltips hovered) as an analyst; no element with that class may exist, and the
payload must show as literal text. A second test checks the source: nothing in ``web/src``
hands a string to an API that parses HTML except through ``textContent`` (``web/src/dom.ts``).

The payload goes in through the front door: a tiny simulated world's input files get it in
every text column the pages show, then the world is ingested and analysed as usual.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user
from linewatch.ingest import ingest_paths
from linewatch.pipeline import analyse
from linewatch.simulate import simulate
from linewatch.storage import Store

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
WEB_SRC = Path(__file__).resolve().parents[2] / "web" / "src"
PASSWORD = "no live html password 5"
PAYLOAD = (' <img src=x class=pwn onerror="document.title=\'pwned\'">'
           '<a href="/x" class=pwn>link</a><b class=pwn>bold</b>')
LITERAL = "<b class=pwn>bold</b>"
#: the text columns of each input file that the pages show; every value gets the payload
PLANTED = {
    "nominals.csv": ("surname", "forenames", "address", "nickname"),
    "addresses.csv": ("address",),
    "events.csv": ("address", "offence", "detail"),
    "cells.csv": ("site_name", "area"),
    "seizures.csv": ("description",),
    "subscribers.csv": ("subscriber_name", "subscriber_address"),
    "tips.csv": ("text",),
    "intel.csv": ("text",),
}


def plant(data: Path) -> int:
    """Append the payload to every planted column of the scenario's files; cells changed."""
    changed = 0
    for name, columns in PLANTED.items():
        path = data / name
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
        for row in rows:
            for column in columns:
                if row.get(column):
                    row[column] += PAYLOAD
                    changed += 1
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return changed


def planted_world(folder: Path) -> Store:
    """A tiny simulated world whose text carries the payload, ingested and analysed."""
    scenario = folder / "scenario"
    simulate(scenario, seed=3, scale="tiny", lines=2, days=8)
    assert plant(scenario / "data") > 100
    store = Store.open(folder / "planted.duckdb")
    ingest_paths(store, [scenario / "data"])
    analyse(store)
    return store


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = planted_world(tmp_path_factory.mktemp("no-live-html"))
    ids = {
        "person": store.scalar("SELECT person_id FROM target_list ORDER BY rank LIMIT 1"),
        "child": store.scalar("SELECT person_id FROM safeguarding_list ORDER BY rank LIMIT 1"),
        "deal": store.scalar("SELECT number FROM line_numbers ORDER BY line_id LIMIT 1"),
        "line": store.scalar("SELECT line_id FROM lines ORDER BY score DESC LIMIT 1"),
    }
    ids["address"] = store.scalar("SELECT address FROM address_cuckooing WHERE cuckooed "
                                  "ORDER BY cuckooing_score DESC LIMIT 1")
    add_user(store, "ana", "analyst", PASSWORD)
    add_user(store, "pat", "partner", PASSWORD)
    app = create_app(Settings(secret_key="no-live-html-secret-" + "r4Tq9Wm2Lx7Vb3Nz"),
                     store=store)
    yield {"url": live_server(app), "ids": {k: quote(str(v), safe="") for k, v in ids.items()}}
    store.close()


def pages(ids: dict[str, str]) -> list[str]:
    return [
        f"#/search?q={quote('bold')}", f"#/person/{ids['person']}", f"#/person/{ids['child']}",
        f"#/phone/{ids['deal']}", f"#/address/{ids['address']}", f"#/address?address="
        f"{ids['address']}", "#/lines", f"#/line/{ids['line']}", "#/targets", "#/safeguarding",
        "#/tips", "#/intel", f"#/timeline?entity=person%3A{ids['person']}",
        f"#/timeline?entity=address%3A{ids['address']}", "#/timeline", "#/map", "#/operations",
        "#/labels",
    ]


def _signed_in(browser: Any, url: str, name: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")
    return page, errors


def _visit(page: Any, url: str, where: str) -> None:
    page.goto(url + "/" + where)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)


def _hover_map_markers(page: Any, wanted: int = 3, step: int = 6) -> int:
    """Sweep the mouse over the map, rows from the middle outwards, until ``wanted``
    tooltips (built on hover; the markers are drawn on a canvas) showed the planted text."""
    box = page.locator("#map").bounding_box()
    assert box, "the map did not render"
    middle = box["y"] + box["height"] / 2
    offsets = sorted(range(-int(box["height"] / 2) + step, int(box["height"] / 2), step),
                     key=abs)
    seen: set[str] = set()
    for dy in offsets:
        for x in range(int(box["x"]) + step, int(box["x"] + box["width"]) - step, step):
            page.mouse.move(x, middle + dy)
            for text in page.locator(".leaflet-tooltip").all_text_contents():  # no waiting
                if LITERAL in text:
                    seen.add(text)
                elif text:
                    live = page.locator(".leaflet-tooltip .pwn").count()
                    assert not live, f"a map tooltip made live markup from data: {text!r}"
            if len(seen) >= wanted:
                return len(seen)
    return len(seen)


def test_no_page_turns_data_into_live_markup(server: dict[str, Any], browser: Any) -> None:
    page, errors = _signed_in(browser, server["url"], "ana")
    shown_literally = 0
    for where in pages(server["ids"]):
        _visit(page, server["url"], where)
        if where == "#/map":
            tooltips = _hover_map_markers(page)
            assert tooltips, "no map tooltip showed the planted text"
            shown_literally += tooltips
        assert page.locator(".pwn").count() == 0, f"live markup from data on {where}"
        assert page.title() != "pwned", where
        body = page.locator("body").text_content() or ""
        shown_literally += LITERAL in body
    assert shown_literally >= 8  # the planted text really reached the pages, as text
    assert errors == []


def test_every_page_works_for_a_partner_on_filtered_answers(server: dict[str, Any],
                                                            browser: Any) -> None:
    # the partner allowlist drops fields: no page may break on what is left
    page, errors = _signed_in(browser, server["url"], "pat")
    for where in pages(server["ids"]):
        _visit(page, server["url"], where)
        assert page.locator(".pwn").count() == 0, f"live markup from data on {where}"
        assert errors == [], (where, errors)
    _visit(page, server["url"], "#/map")
    assert _hover_map_markers(page)


HTML_SINKS = re.compile(r"\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write"
                        r"|createContextualFragment|DOMParser|srcdoc")
LEAFLET_SINKS = re.compile(r"\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent"
                           r"|setContent)\(\s*(?!textContent\()")


@pytest.mark.parametrize("source", sorted(WEB_SRC.rglob("*.ts")), ids=lambda p: p.name)
def test_no_string_reaches_an_html_parser(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    assert not HTML_SINKS.search(text), f"{source.name}: use h()/textContent, never HTML"
    for match in LEAFLET_SINKS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        pytest.fail(f"{source.name}:{line}: Leaflet content must be textContent(...) "
                    "(a string would be parsed as HTML)")
