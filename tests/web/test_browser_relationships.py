"""The person page's Relationships card, in Debian's chromium: each recorded relationship with
its type, a link to the entity at the other end and its source; hidden by handling code."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

STATIC = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web" / "static"
PASSWORD = "relationships card password 9"


@pytest.fixture(scope="module")
def server(live_server: Any, analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("relationships-card"))
    for role in ("analyst", "safeguarding"):
        add_user(store, role, role, PASSWORD)
    person, other = (r[0] for r in store.query(
        "SELECT person_id FROM persons ORDER BY person_id LIMIT 2"))
    (system, mine), (_, theirs) = (store.query_one(
        "SELECT source_system, record_id FROM person_records WHERE person_id = ? "
        "ORDER BY 1, 2 LIMIT 1", [p]) for p in (person, other))
    for kind, subtype, to_type, to_ref, code in [
            ("family", "sibling", "person", theirs, "P"),
            ("drives", None, "vehicle", "AB12CDE", "C")]:
        store.execute("INSERT INTO relationships (source_system, from_type, from_ref, type, "
                      "subtype, to_type, to_ref, source, source_evaluation, "
                      "intelligence_assessment, handling_code) VALUES (?, 'person', ?, ?, ?, "
                      "?, ?, 'custody record', 'B', '2', ?)",
                      [system, mine, kind, subtype, to_type, to_ref, code])
    app = create_app(Settings(secret_key="relationships-card-" + "Qw7Er4Ty1Ui8Op2A"),
                     store=store)
    yield {"url": live_server(app), "person": person, "other": other}
    store.close()


def _card_text(browser: Any, server: dict[str, Any], name: str) -> tuple[str, list[str]]:
    page = browser.new_page()
    try:
        page.goto(server["url"] + "/")
        page.fill("#login-name", name)
        page.fill("#login-password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("nav.sidenav")
        page.goto(f"{server['url']}/#/person/{server['person']}")
        card = page.locator("section.card", has=page.locator(
            "h2", has_text=re.compile(r"^Relationships$")))
        deadline = time.monotonic() + 20
        while not card.count() or page.locator("#content .loading").count():
            if time.monotonic() > deadline:
                raise AssertionError("no Relationships card")
            page.wait_for_timeout(100)
        page.wait_for_timeout(500)  # the page's other requests (labels, intel) finish
        hrefs = [a.get_attribute("href") or "" for a in card.locator("a").all()]
        return card.inner_text(), hrefs
    finally:
        page.close()


def test_the_card_lists_typed_links_to_the_other_entity(browser: Any,
                                                        server: dict[str, Any]) -> None:
    text, hrefs = _card_text(browser, server, "analyst")
    assert "family" in text and "sibling" in text and "drives" in text
    assert "custody record, B2P" in text
    assert f"#/person/{server['other']}" in hrefs
    assert any("AB12CDE" in h for h in hrefs)


def test_a_c_coded_relationship_is_not_shown_to_a_safeguarding_officer(
        browser: Any, server: dict[str, Any]) -> None:
    text, _ = _card_text(browser, server, "safeguarding")
    assert "family" in text and "drives" not in text
