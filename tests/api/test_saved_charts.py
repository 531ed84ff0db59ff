"""Saved link charts: named, stored in the case store, audited, never given to a partner."""

from __future__ import annotations

from typing import Any

from linewatch.storage import Store


def _state(store: Store) -> dict[str, Any]:
    number = store.scalar("SELECT number FROM line_numbers ORDER BY line_id LIMIT 1")
    node = f"phone:{number}"
    return {"nodes": [{"id": node, "x": 1.5, "y": -2.0, "pinned": True}],
            "edges": [], "notes": [{"id": "n1", "text": "Seen at the station", "node": node}],
            "groups": [], "hidden": [], "layout": "force"}


def _audited(store: Store, action: str) -> list[tuple[Any, ...]]:
    return store.query("SELECT user_name, target FROM audit_log WHERE action = ?", [action])


def test_an_analyst_saves_lists_and_reopens_a_chart_unchanged(clients: dict[str, Any],
                                                              store: Store) -> None:
    analyst = clients["analyst"]
    state = _state(store)
    saved = analyst.post("/api/charts", json={"name": "  Line one   core ", "state": state})
    assert saved.status_code == 200, saved.text
    chart = saved.json()
    assert chart["name"] == "Line one core" and chart["nodes"] == 1
    listed = analyst.get("/api/charts").json()
    assert chart["chart_id"] in {c["chart_id"] for c in listed["data"]} and listed["may_save"]
    opened = clients["supervisor"].get(f"/api/charts/{chart['chart_id']}").json()
    assert opened["state"] == state and opened["owner"] == "analyst"
    assert ("analyst", f"chart:{chart['chart_id']}") in _audited(store, "save_chart")
    assert ("supervisor", f"chart:{chart['chart_id']}") in _audited(store, "open_chart")


def test_saving_again_under_the_same_name_replaces_the_chart(clients: dict[str, Any],
                                                            store: Store) -> None:
    analyst = clients["analyst"]
    state = _state(store)
    first = analyst.post("/api/charts", json={"name": "Replace me", "state": state}).json()
    state["nodes"].append({"id": "person:X", "x": 0, "y": 0})
    second = analyst.post("/api/charts", json={"name": "Replace me", "state": state}).json()
    assert second["chart_id"] == first["chart_id"] and second["nodes"] == 2
    assert store.scalar("SELECT count(*) FROM saved_charts WHERE name = 'Replace me'") == 1


def test_a_partner_gets_no_chart_and_cannot_save_one(clients: dict[str, Any],
                                                    store: Store) -> None:
    chart = clients["analyst"].post("/api/charts", json={"name": "Police only",
                                                         "state": _state(store)}).json()
    partner = clients["partner"]
    listed = partner.get("/api/charts").json()
    assert listed["data"] == [] and listed["may_save"] is False
    assert partner.get(f"/api/charts/{chart['chart_id']}").status_code == 404
    refused = partner.post("/api/charts", json={"name": "Mine", "state": _state(store)})
    assert refused.status_code == 403


def test_only_the_owner_or_a_supervisor_deletes(clients: dict[str, Any], store: Store) -> None:
    chart = clients["analyst"].post("/api/charts", json={"name": "To delete",
                                                         "state": _state(store)}).json()
    url = f"/api/charts/{chart['chart_id']}"
    assert clients["safeguarding"].delete(url).status_code == 403
    assert clients["supervisor"].delete(url).status_code == 200
    assert clients["analyst"].get(url).status_code == 404
    assert ("supervisor", f"chart:{chart['chart_id']}") in _audited(store, "delete_chart")


def test_a_state_without_nodes_or_a_bad_id_is_refused(clients: dict[str, Any]) -> None:
    analyst = clients["analyst"]
    assert analyst.post("/api/charts", json={"name": "x", "state": {}}).status_code == 400
    assert analyst.get("/api/charts/not-an-id").status_code == 422
