"""The operations API: role rules, the partner's sanitised part, audit of views and exports."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from ops_world import C_TEXT, FIREARM_TEXT, PLANNED, build, outcomes

from linewatch import ops
from linewatch.api import Settings, create_app
from linewatch.api.routes.operations import router
from linewatch.api.users import add_user
from linewatch.storage import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

PASSWORD = "a long enough password 42"
USERS = {"ana": "analyst", "sue": "supervisor", "sam": "safeguarding", "kent1": "partner",
         "essex1": "partner"}


@pytest.fixture(scope="module")
def setup() -> Iterator[tuple[Store, dict[str, TestClient]]]:
    store = Store.open(":memory:")
    build(store)
    for name, role in USERS.items():
        add_user(store, name, role, PASSWORD)
    ops.set_partner_force(store, "kent1", "Kent Police", set_by="admin")
    ops.set_partner_force(store, "essex1", "Essex Police", set_by="admin")
    app = create_app(Settings(secret_key="ops-api-tests-secret-" + "Hq7Lm2Xr9Tb4Wn6Yc"),
                     store=store)
    if not any(getattr(r, "path", "").startswith("/api/operations") for r in app.routes):
        app.include_router(router, prefix="/api")  # until the lead lists it in ROUTERS
    clients = {}
    for name in USERS:
        client = TestClient(app)
        res = client.post("/api/auth/login", json={"name": name, "password": PASSWORD})
        assert res.status_code == 200, res.text
        client.headers["X-CSRF-Token"] = res.json()["csrf_token"]
        clients[name] = client
    yield store, clients
    store.close()


def _audited(store: Store, user: str, action: str) -> int:
    return int(store.scalar("SELECT count(*) FROM audit_log WHERE user_name = ? AND action = ?",
                            [user, action]))


def test_the_day_of_an_operation_through_the_api(
        setup: tuple[Store, dict[str, TestClient]]) -> None:
    store, c = setup
    res = c["ana"].post("/api/operations", json={"name": "Operation Kestrel", "line_id": "L1",
                                                 "person_ids": ["P4"], "planned_at": PLANNED})
    assert res.status_code == 200, res.text
    op = res.json()["operation_id"]
    board = c["ana"].get(f"/api/operations/{op}").json()
    assert {a["force"] for a in board["addresses"]} == {"Kent Police", "Metropolitan Police"}
    assert _audited(store, "ana", "view_operation") == 1
    # analysts plan but do not approve; partners see nothing of a draft
    assert c["ana"].post(f"/api/operations/{op}/approve").status_code == 403
    assert c["kent1"].get(f"/api/operations/{op}").status_code == 404
    assert c["kent1"].get("/api/operations").json()["count"] == 0
    assert c["sam"].get(f"/api/operations/{op}").status_code == 200  # safeguarding views
    assert c["sam"].post("/api/operations", json={"name": "Operation X"}).status_code == 403
    assert c["sue"].post(f"/api/operations/{op}/approve").status_code == 200
    res = c["ana"].post(f"/api/operations/{op}/addresses/A1/status", json={"status": "entered"})
    assert res.status_code == 200 and res.json()["day_status"] == "entered"
    assert c["kent1"].post(f"/api/operations/{op}/addresses/A1/status",
                           json={"status": "complete"}).status_code == 403
    res = c["ana"].post(f"/api/operations/{op}/results", json=outcomes())
    assert res.status_code == 200, res.text
    summary = c["ana"].get(f"/api/operations/{op}/summary").json()
    assert "Two people were arrested" in summary["text"]
    assert c["kent1"].get(f"/api/operations/{op}/summary").status_code == 403
    review = c["sue"].get(f"/api/operations/{op}/after?days=7").json()
    assert review["targets_arrested"] == 1
    pdf = c["sue"].get(f"/api/operations/{op}/export?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert _audited(store, "sue", "export_operation") == 1


def _approved(store: Store) -> str:
    op = ops.create_operation(store, "Operation Wren", user="ana", planned_at=PLANNED,
                              line_id="L1", person_ids=["P4"])
    ops.approve(store, op, user="sue")
    return op


def test_a_partner_sees_only_its_force_sanitised(
        setup: tuple[Store, dict[str, TestClient]]) -> None:
    store, c = setup
    op = _approved(store)
    listed = c["kent1"].get("/api/operations").json()["data"]
    assert op in [o["operation_id"] for o in listed]
    assert all(o["forces"] == ["Kent Police"] and "created_by" not in o for o in listed)
    res = c["kent1"].get(f"/api/operations/{op}")
    assert res.status_code == 200
    text = res.text
    part = res.json()
    assert {a["force"] for a in part["addresses"]} == {"Kent Police"}
    assert "Sample Street" not in text and "SE25" not in text
    assert C_TEXT[:20] not in text and FIREARM_TEXT[:20] not in text
    assert "report_id" not in text and '"rms"' not in text
    # asking for another force's part does not widen the view
    other = c["kent1"].get(f"/api/operations/{op}?force=Metropolitan%20Police").json()
    assert {a["force"] for a in other["addresses"]} == {"Kent Police"}
    html = c["kent1"].get(f"/api/operations/{op}/export?format=html")
    assert "Sanitised for Kent Police" in html.text and "Sample Street" not in html.text
    assert _audited(store, "kent1", "export_operation") >= 1
    assert c["essex1"].get(f"/api/operations/{op}").status_code == 404  # no Essex address


def test_intelligence_in_the_package_follows_the_handling_rule(
        setup: tuple[Store, dict[str, TestClient]]) -> None:
    store, c = setup
    store.execute("UPDATE intel SET handling_conditions = 'Supervisors only' WHERE "
                  "report_id = 'I3'")
    try:
        op = _approved(store)

        def a3_flags(user: str) -> set[str]:
            board = c[user].get(f"/api/operations/{op}").json()
            a3 = next(a for a in board["addresses"] if "Gillingham" in a["address"])
            return {f["flag"] for f in a3["risk_flags"]}

        assert "firearms" in a3_flags("sue")
        assert "firearms" not in a3_flags("ana")  # hidden entirely, not just redacted
        assert C_TEXT[:20] not in c["ana"].get(f"/api/operations/{op}").text
        assert C_TEXT[:20] in c["sue"].get(f"/api/operations/{op}").text
    finally:
        store.execute("UPDATE intel SET handling_conditions = 'Not to be disseminated outside "
                      "the force' WHERE report_id = 'I3'")


def test_a_partner_without_a_force_is_refused(
        setup: tuple[Store, dict[str, TestClient]]) -> None:
    store, c = setup
    store.execute("DELETE FROM operation_partner_forces WHERE user_name = 'essex1'")
    try:
        assert c["essex1"].get("/api/operations").status_code == 403
    finally:
        ops.set_partner_force(store, "essex1", "Essex Police", set_by="admin")


def test_state_changes_need_the_csrf_token(
        setup: tuple[Store, dict[str, TestClient]]) -> None:
    _, c = setup
    client: Any = c["ana"]
    token = client.headers.pop("X-CSRF-Token")
    try:
        assert client.post("/api/operations", json={"name": "Operation X"}).status_code == 403
    finally:
        client.headers["X-CSRF-Token"] = token
