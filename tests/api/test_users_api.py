"""Admins manage users through the API: every change audited and effective at once."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.api import create_app
from linewatch.api.users import add_user, authenticate

Kit = Any


@pytest.fixture()
def setup(kit: Kit) -> dict[str, Any]:
    """A fresh empty store with an admin, an analyst ``ana`` and both signed in."""
    store = kit.make_store(roles=("admin", "analyst"))
    add_user(store, "ana", "analyst", kit.PASSWORD)
    app = create_app(kit.make_settings(), store=store)
    return {"store": store, "app": app, "admin": kit.sign_in(app, "admin"),
            "ana": kit.sign_in(app, "ana")}


def _last_action(store: Any) -> tuple[str, str, str]:
    row = store.query_one("SELECT user_name, action, target FROM audit_log "
                          "ORDER BY seq DESC LIMIT 1")
    return (row[0], row[1], row[2])


def test_only_admins_manage_users(setup: dict[str, Any]) -> None:
    assert setup["ana"].get("/api/users").status_code == 403
    assert setup["ana"].post("/api/users/ana/role", json={"role": "admin"}).status_code == 403
    listed = setup["admin"].get("/api/users").json()
    assert {u["name"] for u in listed["users"]} == {"admin", "analyst", "ana"}
    assert not any("password" in key for u in listed["users"] for key in u)
    assert _last_action(setup["store"])[1] == "view_users"


def test_add_user_is_audited_and_can_sign_in(setup: dict[str, Any], kit: Kit) -> None:
    res = setup["admin"].post("/api/users", json={"name": "newbie", "role": "partner",
                                                  "password": kit.PASSWORD})
    assert res.status_code == 200 and res.json()["role"] == "partner"
    assert _last_action(setup["store"]) == ("admin", "user_add", "user:newbie")
    assert kit.sign_in(setup["app"], "newbie").get("/api/auth/me").json()["user"]["role"] \
        == "partner"
    weak = setup["admin"].post("/api/users", json={"name": "weak", "role": "analyst",
                                                   "password": "short"})
    assert weak.status_code == 400 and "at least" in weak.json()["detail"]


def test_a_disabled_users_live_session_is_refused_on_the_next_request(
        setup: dict[str, Any]) -> None:
    ana = setup["ana"]
    assert ana.get("/api/auth/me").status_code == 200  # live, and held in memory
    res = setup["admin"].post("/api/users/ana/disable")
    assert res.status_code == 200 and res.json()["disabled"] is True
    assert ana.get("/api/auth/me").status_code == 401
    assert _last_action(setup["store"]) == ("admin", "user_disable", "user:ana")
    assert setup["admin"].post("/api/users/ana/enable").json()["disabled"] is False
    assert _last_action(setup["store"]) == ("admin", "user_enable", "user:ana")


def test_a_password_reset_ends_sessions_and_the_new_password_works(
        setup: dict[str, Any], kit: Kit) -> None:
    ana, new = setup["ana"], "a brand new password 99"
    res = setup["admin"].post("/api/users/ana/password", json={"password": new})
    assert res.status_code == 200 and new not in res.text
    assert ana.get("/api/auth/me").status_code == 401
    assert authenticate(setup["store"], "ana", new) is not None
    assert authenticate(setup["store"], "ana", kit.PASSWORD) is None
    assert _last_action(setup["store"]) == ("admin", "user_reset_password", "user:ana")
    detail = setup["store"].scalar("SELECT CAST(detail AS VARCHAR) FROM audit_log "
                                   "ORDER BY seq DESC LIMIT 1")
    assert new not in str(detail)


def test_a_role_change_ends_sessions_and_applies_at_next_sign_in(
        setup: dict[str, Any], kit: Kit) -> None:
    ana = setup["ana"]
    assert ana.get("/api/targets").status_code == 200
    res = setup["admin"].post("/api/users/ana/role", json={"role": "partner"})
    assert res.status_code == 200 and res.json()["role"] == "partner"
    assert ana.get("/api/targets").status_code == 401
    again = kit.sign_in(setup["app"], "ana")
    assert again.get("/api/targets").status_code == 403
    row = setup["store"].query_one("SELECT user_name, CAST(detail AS VARCHAR) FROM audit_log "
                                   "WHERE action = 'user_role' AND target = 'user:ana'")
    assert row[0] == "admin" and '"from": "analyst"' in row[1]


def test_the_last_enabled_admin_cannot_be_disabled_or_demoted(setup: dict[str, Any]) -> None:
    admin = setup["admin"]
    assert admin.post("/api/users/admin/disable").status_code == 400
    demoted = admin.post("/api/users/admin/role", json={"role": "analyst"})
    assert demoted.status_code == 400 and "only enabled admin" in demoted.json()["detail"]
    assert admin.get("/api/users").status_code == 200  # still an admin, still signed in


def test_unknown_users_and_roles_are_refused(setup: dict[str, Any]) -> None:
    admin = setup["admin"]
    assert admin.post("/api/users/nobody/disable").status_code == 404
    assert admin.post("/api/users/ana/role", json={"role": "king"}).status_code == 422
