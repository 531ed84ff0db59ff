"""What the data endpoints return: search ranking, graphs, paths, and empty stores."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.api import create_app


def test_search_finds_a_phone_in_any_written_form(clients: dict[str, Any]) -> None:
    for q in ("07700 901001", "+44 7700 901001", "901001"):
        results = clients["analyst"].get("/api/search", params={"q": q}).json()["results"]
        assert results[0]["id"] == "phone:+447700901001", q


def test_search_ranks_exact_nickname_above_partial(clients: dict[str, Any]) -> None:
    results = clients["analyst"].get("/api/search?q=dee&types=person").json()["results"]
    assert results[0]["label"] and results[0]["score"] >= 0.85
    assert [r["type"] for r in results] == ["person"] * len(results)


def test_search_finds_addresses_by_postcode(clients: dict[str, Any]) -> None:
    results = clients["analyst"].get("/api/search?q=ME4 4QU").json()["results"]
    assert any(r["id"] == "address:12 Example Road, Chatham" for r in results)


def test_neighbours_carry_evidence_and_roles(clients: dict[str, Any]) -> None:
    body = clients["analyst"].get(
        "/api/graph/neighbours?entity=phone:%2B447700901001").json()
    calls = [e for e in body["edges"] if e["type"] == "call"]
    assert calls and "text" in calls[0]["label"] and "2024" in calls[0]["label"]
    roles = {n["id"]: n.get("role") for n in body["nodes"]}
    assert roles["phone:+447700901001"] == "deal_line"
    assert "continuity" in {e["type"] for e in body["edges"]}


def test_neighbours_filter_by_link_type_and_time(clients: dict[str, Any]) -> None:
    only = clients["analyst"].get("/api/graph/neighbours?entity=phone:%2B447700901001"
                                  "&types=continuity").json()
    assert {e["type"] for e in only["edges"]} == {"continuity"}
    none = clients["analyst"].get("/api/graph/neighbours?entity=phone:%2B447700901001"
                                  "&types=call&from=2030-01-01").json()
    assert none["edges"] == []


def test_time_ordered_path_follows_calls_forward_in_time(clients: dict[str, Any]) -> None:
    body = clients["analyst"].get("/api/graph/path", params={
        "from": "phone:+447700901002", "to": "phone:+447700901005", "ordered": "true"}).json()
    assert body["found"] and body["order"][0] == "phone:+447700901002"
    times = [c["at"] for c in body["calls"]]
    assert times == sorted(times)


def test_shortest_path_between_people(clients: dict[str, Any]) -> None:
    body = clients["analyst"].get("/api/graph/path?from=person:P1&to=person:P4").json()
    assert body["found"] and body["order"][0] == "person:P1" and body["order"][-1] == "person:P4"


def test_line_page_has_numbers_over_time_and_roles(clients: dict[str, Any]) -> None:
    body = clients["analyst"].get("/api/lines/L1").json()
    assert len(body["numbers"]) == 2 and body["activity"]
    assert {p["role"] for p in body["people"]} >= {"controller", "runner"}


def test_unknown_person_is_404(clients: dict[str, Any]) -> None:
    assert clients["analyst"].get("/api/persons/NOPE").status_code == 404


EMPTY_OK = ["/api/search?q=anything", "/api/lines", "/api/targets", "/api/safeguarding",
            "/api/tips", "/api/intel", "/api/timeline", "/api/map",
            "/api/map/movement?number=07700900123", "/api/map/vehicle?vrm=AB12CDE",
            "/api/graph/neighbours?entity=phone:%2B447700900123",
            "/api/graph/path?from=person:P1&to=person:P2", "/api/audit"]


@pytest.fixture(scope="module")
def empty_admin(kit: Any) -> Any:
    store = kit.make_store(with_data=False, roles=("admin",))
    app = create_app(kit.make_settings(), store=store)
    return kit.sign_in(app, "admin")


@pytest.mark.parametrize("path", EMPTY_OK)
def test_endpoints_cope_with_a_store_without_analysis_tables(empty_admin: Any,
                                                             path: str) -> None:
    res = empty_admin.get(path)
    assert res.status_code == 200, res.text


CHARTS_IN_A_CHILD = """
import sys
import orjson
from linewatch.api.paths import neighbourhood, shortest_path
from linewatch.api.sample import build_sample_store
from linewatch.storage import Store
store = Store.open(":memory:")
build_sample_store(store, lines=2, customers=30, days=6)
phones = [r[0] for r in store.query(
    "SELECT number FROM phone_roles WHERE role <> 'customer' ORDER BY number")]
charts = [neighbourhood(store, "phone:" + p, None, None, 2, 20, 50) for p in phones]
paths = [shortest_path(store, "phone:" + phones[0], "phone:" + p) for p in phones[1:]]
sys.stdout.buffer.write(orjson.dumps(
    [[[n["id"] for n in c["nodes"]], [e["id"] for e in c["edges"]]] for c in charts]
    + [p.get("order") for p in paths]))
"""


def test_charts_and_paths_do_not_depend_on_the_processs_hash_seed() -> None:
    """The same request gives the same chart in any server process (disclosure)."""
    import os
    import subprocess
    import sys

    outputs = {subprocess.run([sys.executable, "-c", CHARTS_IN_A_CHILD], check=True,
                              capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}
                              ).stdout for seed in ("1", "2")}
    assert len(outputs) == 1 and len(next(iter(outputs))) > 1000
