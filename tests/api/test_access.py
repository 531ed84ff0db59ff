"""Every role against every endpoint: allowed roles get data, the others 401/403 and no data."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.api.access import ANALYSIS_ROLES, AUDIT_ROLES, INTEL_ROLES, ROLES

ALL = frozenset(ROLES)
REFERRERS = frozenset({"admin", "supervisor", "analyst", "safeguarding"})

#: (method, path, json body, roles allowed)
ENDPOINTS: list[tuple[str, str, Any, frozenset[str]]] = [
    ("GET", "/api/auth/me", None, ALL),
    ("GET", "/api/auth/csrf", None, ALL),
    ("GET", "/api/model", None, ALL),
    ("GET", "/api/config", None, ALL),
    ("GET", "/api/search?q=dee", None, ALL),
    ("GET", "/api/persons/P1", None, ALL),
    ("GET", "/api/phones/+447700901001", None, ALL),
    ("GET", "/api/addresses?address=12 Example Road, Chatham", None, ALL),
    ("GET", "/api/graph/neighbours?entity=phone:%2B447700901001&depth=2", None, ALL),
    ("GET", "/api/graph/path?from=person:P1&to=person:P3", None, ALL),
    ("GET", "/api/graph/path?from=phone:%2B447700901002&to=phone:%2B447700901005&ordered=true",
     None, ALL),
    ("GET", "/api/lines", None, ALL),
    ("GET", "/api/lines/L1", None, ALL),
    ("POST", "/api/lines/L1/disruption", {"person_ids": ["P1"]}, ANALYSIS_ROLES),
    ("GET", "/api/targets", None, ANALYSIS_ROLES),
    ("GET", "/api/safeguarding", None, ALL),
    ("GET", "/api/safeguarding/P2/referral", None, REFERRERS),
    ("GET", "/api/tips", None, INTEL_ROLES),
    ("GET", "/api/intel", None, INTEL_ROLES),
    ("GET", "/api/timeline?entity=person:P2", None, ALL),
    ("GET", "/api/timeline", None, ALL),
    ("GET", "/api/map", None, ALL),
    ("GET", "/api/map/movement?number=07700901003", None, ALL),
    ("GET", "/api/map/vehicle?vrm=AB12CDE", None, ALL),
    ("GET", "/api/audit", None, AUDIT_ROLES),
    ("GET", "/api/audit/verify", None, AUDIT_ROLES),
]
CASES = [pytest.param(role, m, p, b, role in allowed, id=f"{role}-{m}-{p[:48]}")
         for (m, p, b, allowed) in ENDPOINTS for role in ROLES]


@pytest.mark.parametrize(("role", "method", "path", "body", "allowed"), CASES)
def test_role_gets_data_only_where_allowed(clients: dict[str, Any], role: str, method: str,
                                           path: str, body: Any, allowed: bool) -> None:
    res = clients[role].request(method, path, json=body)
    if allowed:
        assert res.status_code == 200, res.text
    else:
        assert res.status_code == 403, res.text
        assert set(res.json()) == {"detail"}


@pytest.mark.parametrize(("method", "path", "body"), [(m, p, b) for m, p, b, _ in ENDPOINTS])
def test_anonymous_requests_are_refused_without_data(anonymous: Any, method: str, path: str,
                                                     body: Any) -> None:
    res = anonymous.request(method, path, json=body)
    assert res.status_code == 401
    assert set(res.json()) == {"detail"}


def test_every_api_route_is_covered_by_the_matrix(app: Any) -> None:
    covered = {p.split("?")[0] for _, p, _, _ in ENDPOINTS}
    skip = {"/api/auth/login", "/api/auth/logout", "/api/openapi.json", "/api/docs"}
    for route in app.routes:
        path = getattr(route, "path", "")
        if not path.startswith("/api") or path in skip or path.startswith("/api/operations"):
            continue  # operations routes belong to the ops stage and its tests
        pattern = path.replace("{person_id}", "P").replace("{line_id}", "L").replace(
            "{number}", "N")
        assert any(_same_shape(pattern, c) for c in covered), f"{path} is not in the matrix"


def _same_shape(pattern: str, concrete: str) -> bool:
    a, b = pattern.strip("/").split("/"), concrete.strip("/").split("/")
    return len(a) == len(b) and all(x == y or x in {"P", "L", "N"} for x, y in zip(a, b,
                                                                                   strict=True))


def _graph_views(clients: dict[str, Any]) -> int:
    entries = clients["supervisor"].get("/api/audit?user_name=analyst&action=view_graph"
                                        "&limit=500").json()["entries"]
    return sum(e["target"] == "phone:+447700901001" for e in entries)


def test_views_searches_and_changes_are_audited(clients: dict[str, Any]) -> None:
    analyst = clients["analyst"]
    graph_views = _graph_views(clients)
    analyst.get("/api/persons/P2")
    analyst.get("/api/search?q=chatham")
    for window in ("", "&from=2024-01-01"):  # answered on the event loop, then in a thread
        analyst.get(f"/api/graph/neighbours?entity=phone:%2B447700901001{window}")
    analyst.post("/api/lines/L1/disruption", json={"person_ids": ["P1"]})
    entries = clients["supervisor"].get("/api/audit?user_name=analyst&limit=50").json()
    actions = [(e["action"], e["target"]) for e in entries["entries"]]
    assert ("view_person", "person:P2") in actions
    assert ("search", None) in actions
    assert _graph_views(clients) == graph_views + 2
    assert ("disruption_what_if", "line:L1") in actions
