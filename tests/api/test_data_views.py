"""What the data endpoints return: search ranking, graphs, paths, and empty stores."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.api import create_app


def _national(number: str) -> str:
    return "0" + number.removeprefix("+44")


def test_search_finds_a_phone_in_any_written_form(clients: dict[str, Any],
                                                  ids: dict[str, Any]) -> None:
    deal = ids["deal"]
    national = _national(deal)
    for q in (national, f"{national[:5]} {national[5:]}", "+44 " + deal[3:], national[-6:]):
        results = clients["analyst"].get("/api/search", params={"q": q}).json()["results"]
        assert results[0]["id"] == f"phone:{deal}", q


def test_search_ranks_exact_nickname_above_partial(clients: dict[str, Any],
                                                   store: Any) -> None:
    person, nickname = store.query(
        "SELECT person_id, nicknames[1] FROM persons WHERE len(nicknames) > 0 "
        "ORDER BY person_id LIMIT 1")[0]
    results = clients["analyst"].get("/api/search", params={
        "q": nickname, "types": "person"}).json()["results"]
    assert f"person:{person}" in [r["id"] for r in results]
    assert results[0]["label"] and results[0]["score"] >= 0.85
    assert [r["type"] for r in results] == ["person"] * len(results)


def test_search_finds_addresses_by_postcode(clients: dict[str, Any],
                                            ids: dict[str, Any]) -> None:
    results = clients["analyst"].get("/api/search", params={"q": ids["postcode"]}).json()
    assert f"address:{ids['address']}" in [r["id"] for r in results["results"]]


def test_neighbours_carry_evidence_and_roles(clients: dict[str, Any], store: Any,
                                             ids: dict[str, Any]) -> None:
    deal = ids["numbers"][0]
    body = clients["analyst"].get("/api/graph/neighbours",
                                  params={"entity": f"phone:{deal}"}).json()
    calls = [e for e in body["edges"] if e["type"] == "call"]
    year = str(store.scalar("SELECT year(min(start_time)) FROM cdr WHERE a_number = ? "
                            "OR b_number = ?", [deal, deal]))
    assert calls and any(w in calls[0]["label"] for w in ("text", "call")) \
        and year in calls[0]["label"]
    roles = {n["id"]: n.get("role") for n in body["nodes"]}
    assert roles[f"phone:{deal}"] == "deal_line"
    if store.scalar("SELECT count(*) FROM number_links WHERE link_type = 'continuity' AND "
                    "(number_a = ? OR number_b = ?)", [deal, deal]):
        assert "continuity" in {e["type"] for e in body["edges"]}


def test_neighbours_filter_by_link_type_and_time(clients: dict[str, Any],
                                                 ids: dict[str, Any]) -> None:
    entity = f"phone:{ids['deal']}"
    only = clients["analyst"].get("/api/graph/neighbours",
                                  params={"entity": entity, "types": "call"}).json()
    assert only["edges"] and {e["type"] for e in only["edges"]} == {"call"}
    none = clients["analyst"].get("/api/graph/neighbours", params={
        "entity": entity, "types": "call", "from": "2030-01-01"}).json()
    assert none["edges"] == []


def test_time_ordered_path_follows_calls_forward_in_time(clients: dict[str, Any],
                                                         ids: dict[str, Any]) -> None:
    body = clients["analyst"].get("/api/graph/path", params={
        "from": f"phone:{ids['deal']}", "to": f"phone:{ids['runner_phone']}",
        "ordered": "true"}).json()
    if body["found"]:
        assert body["order"][0] == f"phone:{ids['deal']}"
        times = [c["at"] for c in body["calls"]]
        assert times == sorted(times)


def test_shortest_path_between_people(clients: dict[str, Any], ids: dict[str, Any]) -> None:
    a, b = f"person:{ids['controller']}", f"person:{ids['child']}"
    body = clients["analyst"].get("/api/graph/path", params={"from": a, "to": b}).json()
    assert body["found"] and body["order"][0] == a and body["order"][-1] == b


def test_line_page_has_numbers_over_time_and_roles(clients: dict[str, Any], store: Any,
                                                   ids: dict[str, Any]) -> None:
    body = clients["analyst"].get(f"/api/lines/{ids['line']}").json()
    assert sorted(n["number"] for n in body["numbers"]) == sorted(ids["numbers"])
    assert body["activity"]
    roles = {r[0] for r in store.query(
        "SELECT DISTINCT role FROM person_roles WHERE line_id = ? AND role NOT IN "
        "('none', 'customer')", [ids["line"]])}  # the page lists the line's people, not buyers
    assert "controller" in roles and {p["role"] for p in body["people"]} == roles


def test_unknown_person_is_404(clients: dict[str, Any]) -> None:
    assert clients["analyst"].get("/api/persons/NOPE").status_code == 404


EMPTY_OK = ["/api/search?q=anything", "/api/lines", "/api/targets", "/api/safeguarding",
            "/api/tips", "/api/intel", "/api/timeline", "/api/map",
            "/api/map/movement?number=07700900123", "/api/map/vehicle?vrm=AB12CDE",
            "/api/graph/neighbours?entity=phone:%2B447700900123",
            "/api/graph/path?from=person:P1&to=person:P2", "/api/audit"]


@pytest.fixture(scope="module")
def empty_admin(kit: Any) -> Any:
    store = kit.make_store(roles=("admin",))
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
from linewatch.storage import Store
store = Store.open(sys.argv[1], read_only=True)
phones = [r[0] for r in store.query(
    "SELECT number FROM phone_roles WHERE role IN ('deal_line', 'controller', 'runner', "
    "'trap') ORDER BY number")]
charts = [neighbourhood(store, "phone:" + p, None, None, 2, 20, 50) for p in phones]
paths = [shortest_path(store, "phone:" + phones[0], "phone:" + p) for p in phones[1:]]
sys.stdout.buffer.write(orjson.dumps(
    [[[n["id"] for n in c["nodes"]], [e["id"] for e in c["edges"]]] for c in charts]
    + [p.get("order") for p in paths]))
"""


def test_charts_and_paths_do_not_depend_on_the_processs_hash_seed(
        analysed_world: Any) -> None:
    """The same request gives the same chart in any server process (disclosure)."""
    import os
    import subprocess
    import sys

    outputs = {subprocess.run([sys.executable, "-c", CHARTS_IN_A_CHILD,
                               str(analysed_world.db)], check=True,
                              capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}
                              ).stdout for seed in ("1", "2")}
    assert len(outputs) == 1 and len(next(iter(outputs))) > 1000
