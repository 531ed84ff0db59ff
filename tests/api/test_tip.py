"""The public tip form: no sign-in, no cookie, nothing about the sender kept, rate-limited."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from fastapi.testclient import TestClient

from linewatch.api import create_app

TIP = "Two lads selling crack from a silver car outside 4 Mill Lane most evenings."
USER_AGENT = "Mozilla/5.0 (tipster-test-agent-7731)"


@pytest.fixture()
def tip_app(kit: Any) -> Any:
    store = kit.make_store(roles=("analyst",))
    return create_app(kit.make_settings(tip_burst=3, tip_rate_per_minute=0.001), store=store)


def _post(app: Any, text: str = TIP, **extra: str) -> Any:
    client = TestClient(app, headers={"User-Agent": USER_AGENT,
                                      "X-Forwarded-For": "203.0.113.9"})
    return client.post("/tip", data={"text": text, **extra})


def test_tip_form_is_plain_html_without_script_or_cookie(tip_app: Any) -> None:
    res = TestClient(tip_app).get("/tip")
    assert res.status_code == 200 and "<form" in res.text
    assert "<script" not in res.text.lower() and " style=" not in res.text.lower()
    assert "set-cookie" not in res.headers


def test_tip_is_stored_without_cookie_ip_or_user_agent(tip_app: Any) -> None:
    res = _post(tip_app)
    assert res.status_code == 200 and "Thank you" in res.text
    assert "set-cookie" not in res.headers
    store = tip_app.state.ctx.store
    rows = store.query_dicts("SELECT * FROM tips")
    assert len(rows) == 1 and rows[0]["channel"] == "web" and rows[0]["text"] == TIP
    assert rows[0]["tip_id"].startswith("W-") and rows[0]["received_at"] is not None
    dump = repr(store.query("SELECT * FROM tips")) + repr(store.query("SELECT * FROM audit_log"))
    for trace in ("203.0.113.9", "testclient", "tipster-test-agent", "127.0.0.1"):
        assert trace not in dump


def test_tip_with_text_extraction_stores_what_was_found(tip_app: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("linewatch.text")

    class Result:
        def to_dict(self) -> dict[str, Any]:
            return {"locations": ["Mill Lane"], "vehicles": [], "phones": []}

    fake.extract = lambda text: Result()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "linewatch.text", fake)
    _post(tip_app)
    assert tip_app.state.jobs.wait_idle(timeout=30)  # the writer extracts it, off the route
    store = tip_app.state.ctx.store
    assert store.scalar("SELECT count(*) FROM tip_queue") == 0
    found = store.query("SELECT t.tip_id, CAST(x.extraction AS VARCHAR) FROM tips t "
                        "JOIN tip_extractions x USING (tip_id)")
    assert len(found) == 1 and "Mill Lane" in found[0][1]


def test_tip_is_kept_when_text_extraction_is_missing_or_fails(tip_app: Any,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    broken = types.ModuleType("linewatch.text")

    def explode(text: str) -> Any:
        raise RuntimeError("model missing")

    broken.extract = explode  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "linewatch.text", broken)
    assert _post(tip_app).status_code == 200
    assert tip_app.state.jobs.wait_idle(timeout=30)
    store = tip_app.state.ctx.store
    assert store.scalar("SELECT count(*) FROM tips") == 1
    assert store.scalar("SELECT count(*) FROM tip_extractions") == 0
    assert store.query("SELECT attempts, last_error FROM tip_queue") == [(3, "RuntimeError")]


def test_tips_are_rate_limited_for_everyone_together(tip_app: Any) -> None:
    codes = [_post(tip_app, f"{TIP} number {i}").status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert tip_app.state.ctx.store.scalar("SELECT count(*) FROM tips") == 3


def test_too_short_tip_is_refused_with_a_message(tip_app: Any) -> None:
    res = _post(tip_app, "hi")
    assert res.status_code == 422 and "at least 10" in res.text


def test_honeypot_tip_is_answered_but_not_stored(tip_app: Any) -> None:
    res = _post(tip_app, website="http://spam.example")
    assert res.status_code == 200 and "Thank you" in res.text
    assert tip_app.state.ctx.store.scalar("SELECT count(*) FROM tips") == 0


def test_tip_text_is_escaped_when_shown_back(tip_app: Any) -> None:
    res = _post(tip_app, "<script>alert(1)</script>" + "x" * 6000)
    assert res.status_code == 422 and "<script>alert" not in res.text


def test_web_tip_appears_in_the_inbox(tip_app: Any, kit: Any) -> None:
    _post(tip_app)
    inbox = kit.sign_in(tip_app, "analyst").get("/api/tips").json()
    assert inbox["tips"][0]["text"] == TIP and inbox["tips"][0]["channel"] == "web"


def test_text_search_finds_a_web_tip_as_soon_as_it_is_stored(tip_app: Any, kit: Any) -> None:
    analyst = kit.sign_in(tip_app, "analyst")

    def found(q: str) -> list[str]:
        res = analyst.get("/api/search", params={"q": q, "types": "text"})
        assert res.status_code == 200, res.text
        return [r["snippet"] for r in res.json()["results"] if r["type"] == "tip"]

    _post(tip_app)
    assert found("mill lane") == [TIP]  # this search builds the index of tip texts
    second = "A silver car parks at the mill every night; the driver carries a knife."
    _post(tip_app, second)
    assert sorted(found("silver car")) == sorted([second, TIP])  # the new tip included
    assert found("mill lane") == [TIP]


def test_queued_tips_are_extracted_together_and_a_failure_stays_queued(
        kit: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from linewatch.api.tips_intake import extract_tips, next_queued_tips, store_tip

    store = kit.make_store(roles=())
    ids = [store_tip(store, f"{TIP} Tip {word}.") for word in ("one", "two", "three")]
    broken = types.ModuleType("linewatch.text")

    def extract(text: str) -> Any:
        if "two" in text:
            raise RuntimeError("model missing")
        return types.SimpleNamespace(to_dict=lambda: {"text_length": len(text)})

    broken.extract = extract  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "linewatch.text", broken)
    queued = next_queued_tips(store)
    assert sorted(tip_id for tip_id, _text in queued) == sorted(ids)
    assert extract_tips(store, queued) == 2
    assert sorted(r[0] for r in store.query("SELECT tip_id FROM tip_extractions")) == \
        sorted([ids[0], ids[2]])
    assert store.query("SELECT tip_id, attempts, last_error FROM tip_queue") == \
        [(ids[1], 1, "RuntimeError")]
