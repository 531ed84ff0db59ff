"""Every role against every endpoint: allowed roles get data, the others 401/403 and no data.

Paths are templates filled with ids read from the analysed world (the ``ids`` fixture).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest

from linewatch.api.access import ANALYSIS_ROLES, AUDIT_ROLES, INTEL_ROLES, POLICE_ROLES, ROLES

ALL = frozenset(ROLES)
REFERRERS = frozenset({"admin", "supervisor", "analyst", "safeguarding"})
ADMIN = frozenset({"admin"})

#: (method, path, json body, roles allowed)
ENDPOINTS: list[tuple[str, str, Any, frozenset[str]]] = [
    ("GET", "/api/auth/me", None, ALL),
    ("GET", "/api/auth/csrf", None, ALL),
    ("GET", "/api/model", None, ALL),
    ("GET", "/api/config", None, ALL),
    ("GET", "/api/search?q={surname}", None, ALL),
    ("GET", "/api/persons/{controller}", None, ALL),
    ("GET", "/api/phones/{deal}", None, ALL),
    ("GET", "/api/addresses?address={address_q}", None, ALL),
    ("GET", "/api/graph/neighbours?entity=phone:{deal_q}&depth=2", None, ALL),
    ("GET", "/api/graph/path?from=person:{controller}&to=person:{child}", None, ALL),
    ("GET", "/api/graph/path?from=phone:{deal_q}&to=phone:{runner_phone_q}&ordered=true",
     None, ALL),
    ("GET", "/api/lines", None, ALL),
    ("GET", "/api/lines/{line}", None, ALL),
    ("POST", "/api/lines/{line}/disruption", {"person_ids": ["{controller}"]}, ANALYSIS_ROLES),
    ("GET", "/api/targets", None, ANALYSIS_ROLES),
    ("GET", "/api/safeguarding", None, ALL),
    ("GET", "/api/safeguarding/{child}/referral", None, REFERRERS),
    ("GET", "/api/tips", None, INTEL_ROLES),
    ("POST", "/api/tips/{tip}/triage", {"state": "read"}, INTEL_ROLES),
    ("GET", "/api/intel", None, INTEL_ROLES),
    ("GET", "/api/timeline?entity=person:{child}", None, ALL),
    ("GET", "/api/timeline", None, ALL),
    ("GET", "/api/map", None, ALL),
    ("GET", "/api/map/movement?number={runner_phone_q}", None, ALL),
    ("GET", "/api/map/vehicle?vrm=AB12CDE", None, ALL),
    ("GET", "/api/charts", None, ALL),
    ("GET", "/api/audit", None, AUDIT_ROLES),
    ("GET", "/api/audit/verify", None, AUDIT_ROLES),
    ("GET", "/api/audit/checkpoints", None, AUDIT_ROLES),
    ("GET", "/api/retention/due", None, AUDIT_ROLES),
    ("GET", "/api/fairness", None, AUDIT_ROLES),
    ("GET", "/api/users", None, ADMIN),
    # the admin (first of ROLES) makes a throwaway account, then changes it
    ("POST", "/api/users", {"name": "matrix-user", "role": "analyst",
                            "password": "matrix user password 1"}, ADMIN),
    ("POST", "/api/users/matrix-user/role", {"role": "partner"}, ADMIN),
    ("POST", "/api/users/matrix-user/password", {"password": "matrix user password 2"}, ADMIN),
    ("POST", "/api/users/matrix-user/disable", None, ADMIN),
    ("POST", "/api/users/matrix-user/enable", None, ADMIN),
    ("GET", "/api/labels", None, INTEL_ROLES),
    ("GET", "/api/labels/evaluation", None, INTEL_ROLES),
    ("POST", "/api/labels", {"kind": "line", "subject": "{deal}", "verdict": "confirmed",
                             "reason": "Offers broadcast from it."}, INTEL_ROLES),
    # every role exports what it may see (tests/api/test_exports.py checks what is in it)
    ("GET", "/api/export", None, ALL),
    ("GET", "/api/export/graphml?line={line}", None, ALL),
    ("POST", "/api/export/ftm", {"nodes": ["person:{controller}"]}, ALL),
    ("GET", "/api/jobs", None, ANALYSIS_ROLES),
    ("GET", "/api/status", None, POLICE_ROLES),
    ("GET", "/api/tokens", None, ALL),
    ("GET", "/api/ask/crimes", None, POLICE_ROLES),
    ("GET", "/api/ask/places", None, POLICE_ROLES),
    ("GET", "/api/ask/near?address={ref_address_q}", None, POLICE_ROLES),
    ("GET", "/api/ask/officer?officer=Lane", None, POLICE_ROLES),
    ("GET", "/api/ask/evidence/{record_q}", None, POLICE_ROLES),
    ("GET", "/api/ask/paths?person={record_q}&other={record_q}", None, POLICE_ROLES),
    ("GET", "/api/ask/party-within/{record_q}", None, POLICE_ROLES),
    ("GET", "/api/ask/vulnerable", None, POLICE_ROLES),
    ("GET", "/api/ask/family", None, POLICE_ROLES),
    ("GET", "/api/ask/graph", None, POLICE_ROLES),
    # everyone keeps a watchlist and reads their own alerts (tests/watch checks what reaches whom)
    ("GET", "/api/watches", None, ALL),
    ("POST", "/api/watches", {"kind": "phone", "value": "{deal}"}, ALL),
    ("GET", "/api/alerts", None, ALL),
    ("GET", "/api/redirects/person/{controller}", None, ALL),
    ("GET", "/api/redirects/line/{line}", None, ALL),
]
CASES = [pytest.param(role, m, p, b, role in allowed, id=f"{role}-{m}-{p[:48]}")
         for (m, p, b, allowed) in ENDPOINTS for role in ROLES]


@pytest.fixture(scope="module")
def values(store: Any, ids: dict[str, Any]) -> dict[str, str]:
    """What the path templates name, from the store (``*_q`` forms are URL-quoted)."""
    surname = store.scalar("SELECT surname FROM persons WHERE person_id = ?",
                           [ids["controller"]])
    plain = {"surname": surname, "controller": ids["controller"], "child": ids["child"],
             "deal": ids["deal"], "line": ids["line"], "address": ids["address"],
             "runner_phone": ids["runner_phone"],
             "tip": store.scalar("SELECT tip_id FROM tips ORDER BY tip_id LIMIT 1"),
             "record": store.scalar("SELECT min(record_id) FROM nominals"),
             "ref_address": store.scalar("SELECT min(address) FROM addresses "
                                         "WHERE lat IS NOT NULL")}
    return {**plain, **{f"{k}_q": quote(str(v), safe="") for k, v in plain.items()}}


def _filled(path: str, body: Any, values: dict[str, str]) -> tuple[str, Any]:
    if body is not None:
        body = {k: [x.format(**values) for x in v] if isinstance(v, list) else v.format(**values)
                for k, v in body.items()}
    return path.format(**values), body


@pytest.mark.parametrize(("role", "method", "path", "body", "allowed"), CASES)
def test_role_gets_data_only_where_allowed(clients: dict[str, Any], values: dict[str, str],
                                           role: str, method: str, path: str, body: Any,
                                           allowed: bool) -> None:
    path, body = _filled(path, body, values)
    res = clients[role].request(method, path, json=body)
    if allowed:
        assert res.status_code == 200, res.text
    else:
        assert res.status_code == 403, res.text
        assert set(res.json()) == {"detail"}


@pytest.mark.parametrize(("method", "path", "body"), [(m, p, b) for m, p, b, _ in ENDPOINTS])
def test_anonymous_requests_are_refused_without_data(anonymous: Any, values: dict[str, str],
                                                     method: str, path: str,
                                                     body: Any) -> None:
    path, body = _filled(path, body, values)
    res = anonymous.request(method, path, json=body)
    assert res.status_code == 401
    assert set(res.json()) == {"detail"}


def test_every_api_route_is_covered_by_the_matrix(app: Any) -> None:
    covered = {(m, p.split("?")[0]) for m, p, _, _ in ENDPOINTS}
    # withdrawing needs a label of one's own: its roles are checked in tests/evaluate/test_labels
    skip = {"/api/auth/login", "/api/auth/logout", "/api/labels/{label_id}/withdraw",
            # submitting, following and cancelling jobs and issuing or revoking tokens
            # change the store: their roles are checked in tests/api/test_jobs.py
            "/api/jobs/import", "/api/jobs/analyse", "/api/jobs/{job_id}",
            "/api/jobs/{job_id}/cancel", "/api/tokens", "/api/tokens/{token_id}",
            # removing a watch needs one's own: tests/watch/test_job_alerts.py checks who may
            "/api/watches/{watch_id}", "/api/watches/{watch_id}/remove",
            # a retention decision is a job: its roles are checked in
            # tests/api/test_retention_routes.py
            "/api/retention/decisions",
            # checking, confirming and discarding an import: tests/api/test_imports.py
            "/api/imports", "/api/imports/{upload_id}/confirm", "/api/imports/{upload_id}",
            # saving, opening and deleting a chart need a chart state and a saved chart:
            # their roles (a partner neither saves nor opens one) are checked in
            # tests/api/test_saved_charts.py
            "/api/charts", "/api/charts/{chart_id}",
            # a backup writes a file on the server: its roles are checked in
            # tests/api/test_backup.py
            "/api/jobs/backup"}
    routes = [(method.upper(), path) for path, ops in app.openapi()["paths"].items()
              for method in ops if path.startswith("/api")]
    assert len(routes) > len(skip)
    for method, path in routes:
        if path in skip or path.startswith("/api/operations"):
            continue  # operations routes belong to the ops stage and its tests
        pattern = re.sub(r"{\w+}", "P", path)
        assert any(m == method and _same_shape(pattern, c) for m, c in covered), \
            f"{method} {path} is not in the matrix"


def _same_shape(pattern: str, concrete: str) -> bool:
    a, b = pattern.strip("/").split("/"), concrete.strip("/").split("/")
    return len(a) == len(b) and all(x == y or x == "P" for x, y in zip(a, b, strict=True))


def _graph_views(clients: dict[str, Any], deal: str) -> int:
    entries = clients["supervisor"].get("/api/audit?user_name=analyst&action=view_graph"
                                        "&limit=500").json()["entries"]
    return sum(e["target"] == f"phone:{deal}" for e in entries)


def test_views_searches_and_changes_are_audited(clients: dict[str, Any],
                                                ids: dict[str, Any]) -> None:
    analyst, deal, line = clients["analyst"], ids["deal"], ids["line"]
    graph_views = _graph_views(clients, deal)
    analyst.get(f"/api/persons/{ids['child']}")
    analyst.get("/api/search", params={"q": ids["postcode"]})
    for window in ({}, {"from": "2024-01-01"}):  # answered on the event loop, then in a thread
        analyst.get("/api/graph/neighbours", params={"entity": f"phone:{deal}", **window})
    analyst.post(f"/api/lines/{line}/disruption", json={"person_ids": [ids["controller"]]})
    entries = clients["supervisor"].get("/api/audit?user_name=analyst&limit=50").json()
    actions = [(e["action"], e["target"]) for e in entries["entries"]]
    assert ("view_person", f"person:{ids['child']}") in actions
    assert ("search", None) in actions
    assert _graph_views(clients, deal) == graph_views + 2
    assert ("disruption_what_if", f"line:{line}") in actions
