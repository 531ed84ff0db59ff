"""Every page, for every role, at 1,280 and 1,440 px wide, in Debian's chromium.

Each visit fails on: a document wider than the window (horizontal overflow), a console error,
"[object Object]" in the text, or an absolute server path in the text. Long lists stay under
5,000 px at their default paging. axe-core (from web/node_modules, never a CDN) finds no
serious or critical violation on any page. Screenshots of every page go to
``test-artifacts/screenshots/pages`` (``LINEWATCH_SCREENSHOT_DIR`` overrides it: ``make
screenshots`` writes ``docs/screenshots``).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "linewatch" / "web" / "static"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("LINEWATCH_SCREENSHOT_DIR")
             or ROOT / "test-artifacts" / "screenshots" / "pages")
PASSWORD = "every page test password 7"
ROLES = ("admin", "supervisor", "analyst", "safeguarding", "partner")
WIDTHS = (1280, 1440)
ANALYSIS = {"admin", "supervisor", "analyst"}
POLICE = ANALYSIS | {"safeguarding"}
#: (name, hash, roles that have it in their menu or may open it)
PAGES: list[tuple[str, str, set[str]]] = [
    ("search", "#/search?q={nickname}", set(ROLES)),
    ("chart", "#/chart?entity=phone%3A{deal}", set(ROLES)),
    ("lines", "#/lines", set(ROLES)),
    ("line", "#/line/{line}", set(ROLES)),
    ("targets", "#/targets", ANALYSIS),
    ("safeguarding", "#/safeguarding", set(ROLES)),
    ("tips", "#/tips", POLICE),
    ("intel", "#/intel", POLICE),
    ("timeline", "#/timeline", set(ROLES)),
    ("map", "#/map", set(ROLES)),
    ("operations", "#/operations", set(ROLES)),
    ("labels", "#/labels", POLICE),
    ("watches", "#/watches", set(ROLES)),
    ("audit", "#/audit", {"admin", "supervisor"}),
    ("retention", "#/retention?as_of=2100-01-01", {"admin", "supervisor"}),
    ("fairness", "#/fairness", {"admin", "supervisor"}),
    ("jobs", "#/jobs", ANALYSIS),
    ("account", "#/account", set(ROLES)),
    ("person", "#/person/{person}", set(ROLES)),
    ("child", "#/person/{child}", set(ROLES)),
    ("phone", "#/phone/{deal}", set(ROLES)),
    ("address", "#/address/{trap}", set(ROLES)),
]
#: an absolute path on a server (the harm weights file once leaked this way)
SERVER_PATH = re.compile(r"(?<![\w.:/])/(?:home|work|tmp|usr|var|opt|srv|root|Users|etc)/\S+")


@pytest.fixture(scope="module")
def server(live_server: Any, analysed_world: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (STATIC / "index.html").is_file():
        pytest.fail("the web app is not built: run 'npm ci && npm run build' in web/")
    store = analysed_world.open_copy(tmp_path_factory.mktemp("every-page"))
    for role in ROLES:
        add_user(store, f"{role}1", role, PASSWORD)
    from linewatch import ops

    postcode = store.scalar("SELECT postcode FROM line_addresses WHERE postcode IS NOT NULL "
                            "ORDER BY confidence DESC LIMIT 1")
    ops.set_partner_force(store, "partner1", ops.force_for(postcode).force, set_by="admin1")
    values = {
        "nickname": store.scalar("SELECT nicknames[1] FROM persons WHERE len(nicknames) > 0 "
                                 "ORDER BY person_id LIMIT 1"),
        "deal": store.scalar("SELECT number FROM line_numbers ORDER BY line_id LIMIT 1"),
        "line": store.scalar("SELECT line_id FROM lines ORDER BY score DESC LIMIT 1"),
        "person": store.scalar("SELECT person_id FROM target_list ORDER BY rank LIMIT 1"),
        "child": store.scalar("SELECT person_id FROM safeguarding_list ORDER BY rank LIMIT 1"),
        "trap": store.scalar("SELECT address FROM line_addresses ORDER BY confidence DESC "
                             "LIMIT 1"),
    }
    app = create_app(Settings(secret_key="every-page-secret-" + "Lq8Zr3Vt6Wp1Ks4N"), store=store)
    yield {"url": live_server(app), "store": store,
           **{k: quote(str(v), safe="") for k, v in values.items()}}
    store.close()


def _sign_in(page: Any, url: str, name: str) -> None:
    page.goto(url + "/")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.sidenav")


def _settled(page: Any, timeout: float = 20.0) -> None:
    """Wait until the page has replaced "Loading…" with its content (polled from Python:
    the CSP forbids Playwright's eval-based waits)."""
    deadline = time.monotonic() + timeout
    while page.locator("#content .loading").count() or not page.locator("#content h1").count():
        if time.monotonic() > deadline:
            raise AssertionError(f"{page.url} never finished loading")
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # charts and maps lay out after the first paint


def _measure(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        height: document.documentElement.scrollHeight,
        text: document.body.innerText,
        wide: [...document.querySelectorAll('#content *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 3).map(e => e.tagName + '.' + e.className)})""")


def _visit(page: Any, server: dict[str, Any], role: str, width: int,
           errors: list[str]) -> dict[str, dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for name, pattern, roles in PAGES:
        if role not in roles:
            continue
        errors.clear()
        page.goto(server["url"] + "/" + pattern.format(**server))
        _settled(page)
        m = _measure(page)
        where = f"{name} as {role} at {width}px"
        assert m["scrollWidth"] <= m["innerWidth"], \
            f"{where}: {m['scrollWidth']} px wide (too wide: {m['wide']})"
        assert not errors, f"{where}: console errors {errors}"
        assert "[object Object]" not in m["text"], f"{where}: shows [object Object]"
        assert not SERVER_PATH.search(m["text"]), \
            f"{where}: shows a server path {SERVER_PATH.search(m['text'])}"
        assert "Not allowed" not in m["text"] and "Something went wrong" not in m["text"], \
            f"{where}: {m['text'][:300]}"
        seen[name] = m
        if width == 1440:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{role}.png"), full_page=False)
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_and_reads_cleanly(server: dict[str, Any], browser: Any,
                                           role: str) -> None:
    errors: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        _sign_in(page, server["url"], f"{role}1")
        seen = _visit(page, server, role, width, errors)
        for name in ("targets", "safeguarding"):
            if name in seen:
                assert seen[name]["height"] < 5000, \
                    f"{name} is {seen[name]['height']} px tall at {width}px"
        context.close()


def test_no_serious_accessibility_violation(server: dict[str, Any], browser: Any) -> None:
    """axe-core, injected from web/node_modules, on every page each role can open."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'npm ci' in web/")
    source = AXE.read_text("utf-8")
    found: list[str] = []
    for role in ("admin", "partner"):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        _sign_in(page, server["url"], f"{role}1")
        for name, pattern, roles in PAGES:
            if role not in roles:
                continue
            page.goto(server["url"] + "/" + pattern.format(**server))
            _settled(page)
            page.evaluate(source)
            result = page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})
                .then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))""")
            found += [f"{name} as {role}: {json.dumps(v)}" for v in result]
        context.close()
    assert not found, "\n".join(found)


def _focused(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
                inContent: !!e.closest('#content'), outline: s.outlineStyle,
                width: parseFloat(s.outlineWidth) || 0}; }""")


def test_keyboard_reaches_every_page_s_content(server: dict[str, Any], browser: Any) -> None:
    """Tab: a skip link first, then the page's own controls, each with a visible focus ring;
    on the targets list the sort buttons, the pager and the evidence disclosures work from
    the keyboard alone."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _sign_in(page, server["url"], "admin1")
    for name, pattern, _roles in PAGES:
        page.goto(server["url"] + "/" + pattern.format(**server))
        _settled(page)
        page.focus("a.brand")  # the skip link comes before everything else
        page.keyboard.press("Shift+Tab")
        first = _focused(page)
        assert first["text"] == "Skip to content", f"{name}: the first stop is {first}"
        page.keyboard.press("Enter")
        controls = page.locator("#content :is(a[href], button:not([disabled]), input, select, "
                                "summary, [tabindex='0'])").count()
        if not controls:  # a page of plain text and tables: nothing to reach
            continue
        page.keyboard.press("Tab")
        inside = _focused(page)
        assert inside["inContent"], f"{name}: after the skip link, Tab reached {inside}"
        assert inside["outline"] != "none" and inside["width"] >= 2, f"{name}: {inside}"
    page.goto(server["url"] + "/#/targets")
    _settled(page)
    first_row = page.locator("#content tbody tr").first.text_content()
    page.locator("th button.sort", has_text="Person").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("th[aria-sort=ascending]").count() == 1
    assert page.locator("#content tbody tr").first.text_content() != first_row
    disclosure = page.locator("details.why-evidence summary").first
    disclosure.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.why-evidence[open]").count() == 1
    assert page.locator("details.why-evidence[open] table.evidence").count() >= 1
    context.close()
