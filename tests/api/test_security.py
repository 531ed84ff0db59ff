"""Sessions, CSRF, sign-in throttling, security headers and the refusal of weak secrets."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user, set_disabled

Kit = Any


@pytest.mark.parametrize("secret", ["", "changeme", "secret", "short-key-123", "a" * 40])
def test_settings_refuse_empty_default_short_or_repetitive_secrets(secret: str) -> None:
    with pytest.raises(ValidationError) as err:
        Settings(secret_key=secret)
    assert "LINEWATCH_SECRET_KEY" in str(err.value)


def test_settings_read_the_secret_from_the_environment(
        kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEWATCH_SECRET_KEY", kit.SECRET)
    monkeypatch.setenv("LINEWATCH_PORT", "8123")
    settings = Settings()
    assert settings.secret_key.get_secret_value() == kit.SECRET
    assert settings.port == 8123 and settings.host == "127.0.0.1"


def test_post_without_or_with_a_wrong_csrf_token_is_rejected(kit: Kit, app: Any,
                                                           ids: dict[str, Any]) -> None:
    client = kit.sign_in(app, "analyst")
    token = client.headers.pop("X-CSRF-Token")
    body = {"person_ids": [ids["controller"]]}
    url = f"/api/lines/{ids['line']}/disruption"
    assert client.post(url, json=body).status_code == 403
    bad = client.post(url, json=body, headers={"X-CSRF-Token": "x" * 43})
    assert bad.status_code == 403 and "CSRF" in bad.json()["detail"]
    ok = client.post(url, json=body, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200


def test_csrf_token_of_another_session_is_rejected(kit: Kit, app: Any,
                                                   ids: dict[str, Any]) -> None:
    mine, theirs = kit.sign_in(app, "analyst"), kit.sign_in(app, "supervisor")
    res = mine.post(f"/api/lines/{ids['line']}/disruption",
                    json={"person_ids": [ids["controller"]]},
                    headers={"X-CSRF-Token": theirs.headers["X-CSRF-Token"]})
    assert res.status_code == 403


def test_session_cookie_is_httponly_and_samesite_strict(kit: Kit, app: Any) -> None:
    res = TestClient(app).post("/api/auth/login",
                               json={"name": "analyst", "password": kit.PASSWORD})
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie


def test_session_cookie_is_secure_when_https_is_set(kit: Kit) -> None:
    store = kit.make_store(roles=("analyst",))
    app = create_app(kit.make_settings(https=True), store=store)
    res = TestClient(app).post("/api/auth/login",
                               json={"name": "analyst", "password": kit.PASSWORD})
    assert "secure" in res.headers["set-cookie"].lower()


def test_logout_revokes_the_session_server_side(kit: Kit, app: Any) -> None:
    client = kit.sign_in(app, "analyst")
    cookie = client.cookies.get("lw_session")
    assert client.post("/api/auth/logout").status_code == 200
    replay = TestClient(app, cookies={"lw_session": cookie})
    assert replay.get("/api/auth/me").status_code == 401


def test_disabling_a_user_revokes_their_sessions_and_sign_in(kit: Kit) -> None:
    store = kit.make_store(roles=("analyst",))
    add_user(store, "leaver", "analyst", kit.PASSWORD)
    app = create_app(kit.make_settings(), store=store)
    client = kit.sign_in(app, "leaver")
    set_disabled(store, "leaver")
    assert client.get("/api/auth/me").status_code == 401
    res = TestClient(app).post("/api/auth/login", json={"name": "leaver", "password": kit.PASSWORD})
    assert res.status_code == 401


def test_forged_cookie_is_refused(app: Any) -> None:
    assert TestClient(app, cookies={"lw_session": "abc.def.ghi"}).get(
        "/api/auth/me").status_code == 401


def test_wrong_password_is_refused_and_repeated_failures_lock_the_name(kit: Kit) -> None:
    store = kit.make_store(roles=("analyst", "supervisor"))
    app = create_app(kit.make_settings(login_failures_allowed=3), store=store)
    client = TestClient(app)
    for _ in range(3):
        res = client.post("/api/auth/login", json={"name": "analyst", "password": "wrong!"})
        assert res.status_code == 401
    locked = client.post("/api/auth/login", json={"name": "analyst", "password": kit.PASSWORD})
    assert locked.status_code == 429
    other = client.post("/api/auth/login", json={"name": "supervisor", "password": kit.PASSWORD})
    assert other.status_code == 200


@pytest.mark.parametrize("path", ["/", "/tip", "/api/auth/me", "/api/search?q=x",
                                  "/api/openapi.json", "/api/docs", "/no-such-page"])
def test_security_headers_are_on_every_response(anonymous: Any, path: str) -> None:
    headers = anonymous.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_tile_server_host_is_allowed_for_images_only(kit: Kit) -> None:
    app = create_app(kit.make_settings(tile_url="https://tiles.force.example/{z}/{x}/{y}.png"),
                     store=kit.make_store(roles=("analyst", "supervisor")))
    csp = TestClient(app).get("/tip").headers["content-security-policy"]
    img = next(p for p in csp.split("; ") if p.startswith("img-src"))
    assert "https://tiles.force.example" in img
    assert csp.count("tiles.force.example") == 1


def test_api_responses_are_not_cached(clients: dict[str, Any], ids: dict[str, Any]) -> None:
    res = clients["analyst"].get(f"/api/persons/{ids['controller']}")
    assert res.headers["cache-control"] == "no-store"


def test_sql_metacharacters_in_input_are_just_data(clients: dict[str, Any],
                                                   ids: dict[str, Any]) -> None:
    evil = "x'); DROP TABLE persons; --"
    assert clients["analyst"].get("/api/search", params={"q": evil}).status_code == 200
    assert clients["analyst"].get(f"/api/persons/{evil}").status_code == 404
    assert clients["analyst"].get(f"/api/persons/{ids['controller']}").status_code == 200


def test_bad_entity_is_a_clear_400(clients: dict[str, Any]) -> None:
    res = clients["analyst"].get("/api/graph/neighbours?entity=nonsense")
    assert res.status_code == 400 and "entity" in res.json()["detail"]
