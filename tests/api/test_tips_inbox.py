"""The tips inbox: extraction status true to the data, readable linked chips, triage."""

from __future__ import annotations

from typing import Any

from linewatch.api.tip_entities import chip_text
from linewatch.api.tips_intake import extract_tip, store_tip
from linewatch.storage import Store


def test_ingested_tips_with_mentions_say_so_and_link_their_matches(
        clients: dict[str, Any], store: Store) -> None:
    with_mentions = {r[0]: r[1] for r in store.query(
        "SELECT source_id, count(*) FROM text_mentions WHERE source_kind = 'tips' GROUP BY 1")}
    assert with_mentions, "the analysed world has tips with mentions"
    tips = clients["analyst"].get("/api/tips", params={"limit": 500}).json()["tips"]
    for tip in tips:
        n = with_mentions.get(tip["tip_id"])
        if n:
            assert tip["extraction_status"].startswith(f"{n} mention"), tip
            assert len(tip["entities"]) >= n
    matched = store.query_dicts("SELECT source_id, matched_type, matched_id FROM text_mentions "
                                "WHERE source_kind = 'tips' AND matched_type IN "
                                "('phone', 'address') LIMIT 1")[0]
    tip = next(t for t in tips if t["tip_id"] == matched["source_id"])
    assert f"{matched['matched_type']}:{matched['matched_id']}" in {
        c.get("entity") for c in tip["entities"]}


def test_a_web_tip_shows_readable_chips_and_its_address(clients: dict[str, Any],
                                                       store: Store) -> None:
    number = store.scalar("SELECT number FROM phone_roles ORDER BY number LIMIT 1")
    local = "0" + number[3:7] + " " + number[7:]
    text = f"They sell crack cocaine from 14 Oak Road, ring {local}."
    tip_id = store_tip(store, text)
    assert extract_tip(store, tip_id, text)
    tips = clients["analyst"].get("/api/tips", params={"limit": 500}).json()["tips"]
    tip = next(t for t in tips if t["tip_id"] == tip_id)
    texts = {c["kind"]: c for c in tip["entities"]}
    assert texts["drug"]["text"] == "crack cocaine (class A)"
    assert texts["phone"]["entity"] == f"phone:{number}"
    assert tip["address"] == "14 Oak Road"
    assert tip["extraction_status"].startswith("extracted on arrival")
    assert all("object" not in c["text"] and "{" not in c["text"] for c in tip["entities"])


def test_chip_text_reads_nested_values() -> None:
    assert chip_text({"class": "A", "name": "heroin", "quantity": "3 wraps"}) == \
        "heroin (class A, 3 wraps)"
    assert chip_text({"value": "knife", "span": {"start": 1}}) == "knife"


def test_triage_keeps_history_audits_and_filters(clients: dict[str, Any], store: Store) -> None:
    analyst = clients["analyst"]
    tip_id = store.scalar("SELECT tip_id FROM tips ORDER BY tip_id LIMIT 1")
    before = analyst.get("/api/tips", params={"limit": 500}).json()
    assert before["states"].get("new", 0) == before["total"] - sum(
        n for s, n in before["states"].items() if s != "new")
    for state in ("read", "actioned"):
        res = analyst.post(f"/api/tips/{tip_id}/triage", json={"state": state})
        assert res.status_code == 200, res.text
    shown = analyst.get("/api/tips", params={"state": "actioned"}).json()
    assert [t["tip_id"] for t in shown["tips"]] == [tip_id]
    assert shown["tips"][0]["triage_by"] == "analyst"
    assert store.scalar("SELECT count(*) FROM tip_triage WHERE tip_id = ?", [tip_id]) == 2
    audited = store.query("SELECT action, target FROM audit_log WHERE action = 'triage_tip'")
    assert [a[1] for a in audited].count(f"tip:{tip_id}") == 2
    assert analyst.post(f"/api/tips/{tip_id}/triage", json={"state": "done"}).status_code == 422
    assert analyst.post("/api/tips/NO-SUCH/triage", json={"state": "read"}).status_code == 404
    assert clients["partner"].post(f"/api/tips/{tip_id}/triage",
                                   json={"state": "read"}).status_code == 403
