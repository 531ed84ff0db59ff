"""Markup in the data never becomes live markup in the web app.

Every text field the pages show (names, nicknames, addresses, cell site names and areas,
event offences and details, tip and intelligence text) gets an HTML payload: an image with
an ``onerror`` handler, a link and a bold element, each with the class ``pwn``. Every page is
visited (map tooltips hovered) as an analyst; no element with that class may exist, and the
payload must show as literal text. A second test checks the source: nothing in ``web/src``
hands a string to an API that parses HTML except through ``textContent`` (``web/src/dom.ts``).

The payload is written into the stored tables of a copy of the analysed world (the raw and the
analysed text alike), which is what the API reads back, rather than through a fresh ingest:
the ingest keeps text verbatim (``tests/ingest``), so the pages see the same strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user
from linewatch.storage import Store

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
WEB_SRC = Path(__file__).resolve().parents[2] / "web" / "src"
PASSWORD = "no live html password 5"
PAYLOAD = (' <img src=x class=pwn onerror="document.title=\'pwned\'">'
           '<a href="/x" class=pwn>link</a><b class=pwn>bold</b>')
LITERAL = "<b class=pwn>bold</b>"
#: (table, text column) pairs the pages show; list columns get the payload in each element
FIELDS = [("persons", "display_name"), ("persons", "surname"), ("persons", "forenames"),
          ("persons", "address"), ("nominals", "surname"), ("nominals", "address"),
          ("addresses", "address"), ("address_cuckooing", "address"),
          ("line_addresses", "address"), ("events", "address"), ("events", "offence"),
          ("events", "detail"), ("cells", "site_name"), ("cells", "area"),
          ("seizures", "description"), ("tips", "text"), ("intel", "text")]
LISTS = [("persons", "nicknames")]


def plant(store: Store) -> None:
    for table, column in FIELDS:
        store.execute(f'UPDATE "{table}" SET "{column}" = coalesce("{column}", \'\') || ?',
                      [PAYLOAD])
    for table, column in LISTS:
        store.execute(f'UPDATE "{table}" SET "{column}" = '
                      f'list_transform("{column}", lambda x: x || ?)', [PAYLOAD])


@pytest.fixture(scope="module")
def server(live_server: Callable[[Any], str], analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("no-live-html"))
    ids = {
        "person": store.scalar("SELECT person_id FROM target_list ORDER BY rank LIMIT 1"),
        "child": store.scalar("SELECT person_id FROM safeguarding_list ORDER BY rank LIMIT 1"),
        "deal": store.scalar("SELECT number FROM line_numbers ORDER BY line_id LIMIT 1"),
        "line": store.scalar("SELECT line_id FROM lines ORDER BY score DESC LIMIT 1"),
    }
    plant(store)
    ids["address"] = store.scalar("SELECT address FROM address_cuckooing WHERE cuckooed "
                                  "ORDER BY cuckooing_score DESC LIMIT 1")
    add_user(store, "ana", "analyst", PASSWORD)
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


def test_no_page_turns_data_into_live_markup(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server["url"] + "/")
    page.fill("#login-name", "ana")
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")
    shown_literally = 0
    for where in pages(server["ids"]):
        page.goto(server["url"] + "/" + where)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(400)
        if where == "#/map":  # tooltips are built on hover: hover markers of every layer
            markers = page.locator("path.leaflet-interactive")
            for i in range(min(markers.count(), 40)):
                try:
                    markers.nth(i).hover(timeout=1000, force=True)
                except Exception:  # noqa: S112, BLE001 - a marker under another
                    continue
                tooltip = page.locator(".leaflet-tooltip")
                if tooltip.count() and LITERAL in (tooltip.first.text_content() or ""):
                    shown_literally += 1
            assert shown_literally, "no map tooltip showed the planted text"
        assert page.locator(".pwn").count() == 0, f"live markup from data on {where}"
        assert page.title() != "pwned", where
        body = page.locator("body").text_content() or ""
        shown_literally += LITERAL in body
    assert shown_literally >= 8  # the planted text really reached the pages, as text


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
