"""The export downloads: every role gets its own view, every download is audited."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import networkx as nx
import pytest

from linewatch.api.access import ROLES
from linewatch.storage import Store


def _audit(store: Store) -> dict[str, Any]:
    row = store.query_one("SELECT user_name, action, target, CAST(detail AS VARCHAR) "
                          "FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert row is not None
    return {"user": row[0], "action": row[1], "target": row[2], "detail": json.loads(row[3])}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_downloads_graphml_of_what_it_may_see(clients: dict[str, Any], store: Store,
                                                         role: str) -> None:
    res = clients[role].get("/api/export/graphml")
    assert res.status_code == 200, res.text
    assert "attachment" in res.headers["content-disposition"]
    g = nx.read_graphml(io.BytesIO(res.content), force_multigraph=True)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert ("handset" in kinds) == (role != "partner")
    has_priority = any("priority" in d for _, d in g.nodes(data=True))
    assert has_priority == (role in {"admin", "supervisor", "analyst"})
    entry = _audit(store)
    assert entry["user"] == role and entry["action"] == "export"
    assert entry["detail"]["nodes"] == g.number_of_nodes()
    assert entry["detail"]["role"] == role


def test_a_line_and_a_person_download(clients: dict[str, Any], store: Store,
                                      ids: dict[str, Any]) -> None:
    res = clients["analyst"].get("/api/export/neo4j", params={"line": ids["line"]})
    assert res.status_code == 200 and res.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(res.content)) as archive:
        assert "import.sh" in archive.namelist() and "nodes_line.csv" in archive.namelist()
        lines = archive.read("nodes_line.csv").decode().splitlines()
    assert len(lines) == 2 and f"line:{ids['line']}" in lines[1]
    assert _audit(store)["target"] == f"neo4j:line:{ids['line']}"
    res = clients["analyst"].get("/api/export/ftm",
                                 params={"person": ids["controller"], "hops": 1})
    assert res.status_code == 200
    assert any(f"person:{ids['controller']}" in line for line in res.text.splitlines())
    assert _audit(store)["detail"]["scope"]["hops"] == 1


def test_a_chart_selection_download(clients: dict[str, Any], store: Store,
                                    ids: dict[str, Any]) -> None:
    chosen = [f"person:{ids['controller']}", f"line:{ids['line']}"]
    res = clients["supervisor"].post("/api/export/i2", json={"nodes": chosen})
    assert res.status_code == 200, res.text
    assert res.content.count(b"<Entity ") == 2
    entry = _audit(store)
    assert entry["detail"]["scope"]["nodes"] == chosen


def test_bad_requests_are_refused_and_anonymous_users_too(clients: dict[str, Any],
                                                         anonymous: Any) -> None:
    assert clients["analyst"].get("/api/export/pdf").status_code == 400
    assert clients["analyst"].get("/api/export/csv",
                                  params={"person": "NOBODY"}).status_code == 404
    assert clients["analyst"].get("/api/export/csv", params={"line": "L1", "person": "P"}
                                  ).status_code == 400
    assert anonymous.get("/api/export/graphml").status_code == 401
    formats = clients["partner"].get("/api/export").json()["formats"]
    assert [f["name"] for f in formats] == ["i2", "graphml", "gexf", "neo4j", "ftm", "csv"]
