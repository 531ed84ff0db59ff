"""``/api/ask``: police roles get answers (audited), partners and strangers do not."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from linewatch.api.access import POLICE_ROLES, ROLES
from linewatch.storage import Store

ROUTES = ["/api/ask/crimes", "/api/ask/places", "/api/ask/officer?officer=Nobody",
          "/api/ask/evidence/E1", "/api/ask/vulnerable?hops=2", "/api/ask/family",
          "/api/ask/graph"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role(clients: dict[str, TestClient], role: str, store: Store) -> None:
    before = store.scalar("SELECT count(*) FROM audit_log WHERE action = 'ask'")
    for route in ROUTES:
        response = clients[role].get(route)
        assert response.status_code == (200 if role in POLICE_ROLES else 403), route
    after = store.scalar("SELECT count(*) FROM audit_log WHERE action = 'ask'")
    assert after - before == (len(ROUTES) if role in POLICE_ROLES else 0)


def test_strangers_are_refused(anonymous: TestClient) -> None:
    assert anonymous.get("/api/ask/crimes").status_code == 401


def test_an_unknown_person_is_a_clear_error(clients: dict[str, Any]) -> None:
    response = clients["analyst"].get("/api/ask/paths", params={"person": "nobody", "other": "x"})
    assert response.status_code == 400 and "no person 'nobody'" in response.json()["detail"]
