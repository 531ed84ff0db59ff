"""Recorded relationships (contract v2) in the link chart, paths and the person profile:
typed edges with dates, provenance and grading, hidden by handling code from roles that may
not see them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from linewatch.storage import Store

SEEN = dt.datetime(2024, 1, 5)


@pytest.fixture(scope="module")
def related(store: Store) -> dict[str, str]:
    """Three relationships of a person who makes no calls, added before any request."""
    controller = store.scalar(
        "SELECT person_id FROM person_roles WHERE role = 'controller' ORDER BY confidence DESC, "
        "person_id LIMIT 1")
    others = [r[0] for r in store.query(
        "SELECT person_id FROM persons WHERE person_id <> ? ORDER BY person_id", [controller])]
    person, housemate = others[0], others[1]

    def record(pid: str) -> tuple[str, str]:
        return store.query_one("SELECT source_system, record_id FROM person_records WHERE "
                               "person_id = ? ORDER BY 1, 2 LIMIT 1", [pid])

    rows = [(person, "family", "sibling", "person", controller, "P"),
            (person, "lives_with", None, "person", housemate, "C"),
            (person, "drives", None, "vehicle", "AB12CDE", "P")]
    for i, (a, kind, subtype, to_type, b, code) in enumerate(rows):
        system, rec = record(a)
        to_ref = record(b)[1] if to_type == "person" else b
        store.execute(
            "INSERT INTO relationships (source_system, relationship_id, from_type, from_ref, "
            "type, subtype, to_type, to_ref, first_seen, last_seen, source, source_evaluation, "
            "intelligence_assessment, handling_code, _batch, _row) VALUES (?, ?, 'person', ?, "
            "?, ?, ?, ?, ?, ?, 'local intelligence', 'B', '2', ?, 99, ?)",
            [system, f"rel{i}", rec, kind, subtype, to_type, to_ref, SEEN,
             SEEN + dt.timedelta(days=30), code, i])
    return {"person": person, "controller": controller, "housemate": housemate}


def _edges(client: TestClient, entity: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/graph/neighbours", params={"entity": entity, **params})
    assert response.status_code == 200, response.text
    return response.json()["edges"]


def test_relationships_are_typed_edges_beside_the_analysis_links(
        related: dict[str, str], clients: dict[str, TestClient]) -> None:
    edges = _edges(clients["analyst"], f"person:{related['person']}")
    by_type = {e["type"]: e for e in edges if e.get("relationship")}
    assert set(by_type) == {"family", "lives_with", "drives"}
    family = by_type["family"]
    assert family["subtype"] == "sibling" and family["label"] == "family (sibling)"
    assert {family["source"], family["target"]} == {f"person:{related['person']}",
                                                    f"person:{related['controller']}"}
    assert family["first"].startswith("2024-01-05") and family["provenance"] == \
        "local intelligence"
    assert family["grading"] == "B2P" and family["evidence"][0]["table"] == "relationships"
    assert by_type["drives"]["target"] == "vehicle:AB12CDE"
    # the filter takes a relationship type, or all of them as "relationships"
    only = _edges(clients["analyst"], f"person:{related['person']}", types="family")
    assert [e["type"] for e in only] == ["family"]
    grouped = _edges(clients["analyst"], f"person:{related['person']}", types="relationships")
    assert {e["type"] for e in grouped} == {"family", "lives_with", "drives"}


def test_handling_codes_hide_relationships_from_roles_that_may_not_see_them(
        related: dict[str, str], clients: dict[str, TestClient]) -> None:
    entity = f"person:{related['person']}"
    safeguarding = {e["type"] for e in _edges(clients["safeguarding"], entity)
                    if e.get("relationship")}
    assert safeguarding == {"family", "drives"}  # the C-coded lives-with link is hidden
    partner = _edges(clients["partner"], entity)
    assert not [e for e in partner if e.get("type") in ("family", "lives_with", "drives")]


def test_paths_run_over_calls_and_relationships_and_explain_each_hop(
        related: dict[str, str], clients: dict[str, TestClient], store: Store) -> None:
    phone = store.scalar("SELECT number FROM phone_persons WHERE person_id = ? "
                         "ORDER BY confidence DESC LIMIT 1", [related["controller"]])
    params = {"from": f"person:{related['person']}", "to": f"phone:{phone}"}
    both = clients["analyst"].get("/api/graph/path",
                                  params={**params, "via": "calls,relationships"}).json()
    assert both["found"] and both["hops"] == 2
    first = both["steps"][0]
    assert first["to"] == f"person:{related['controller']}"
    assert [link["type"] for link in first["links"]] == ["family"]
    assert first["links"][0]["relationship"]
    calls_only = clients["analyst"].get("/api/graph/path",
                                        params={**params, "via": "calls"}).json()
    assert not calls_only["found"] or calls_only["hops"] > 2
    bad = clients["analyst"].get("/api/graph/path", params={**params, "via": "gossip"})
    assert bad.status_code == 400 and "gossip" in bad.json()["detail"]


def test_the_person_profile_lists_relationships_with_links_to_the_other_end(
        related: dict[str, str], clients: dict[str, TestClient]) -> None:
    profile = clients["analyst"].get(f"/api/persons/{related['person']}").json()
    listed = {r["type"]: r for r in profile["relationships"]}
    assert set(listed) == {"family", "lives_with", "drives"}
    assert listed["family"]["other"]["id"] == f"person:{related['controller']}"
    assert listed["family"]["other"]["label"]  # the controller's name
    assert listed["drives"]["other"] == {"id": "vehicle:AB12CDE", "type": "vehicle",
                                         "key": "AB12CDE", "label": "AB12CDE"}
    seen = clients["safeguarding"].get(f"/api/persons/{related['person']}").json()
    assert {r["type"] for r in seen["relationships"]} == {"family", "drives"}
