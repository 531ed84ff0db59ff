"""Fixtures for the API tests: a copy of the analysed world, one user per role, clients.

The module's ``store`` is a writable copy of ``analysed_world`` (the real stages' output, see
``tests/conftest.py``); tests read the ids they need from it instead of pinning values.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from linewatch.api import Settings, create_app
from linewatch.api.access import ROLES
from linewatch.api.users import add_user
from linewatch.storage import Store

SECRET = "api-tests-secret-key-" + "Zq8Lm3Xr7Tb2Wn5Yc"
PASSWORD = "a long enough password 42"


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"secret_key": SECRET, "db": ":memory:"}
    values.update(overrides)
    return Settings(**values)


def add_role_users(store: Store, roles: tuple[str, ...] = ROLES) -> Store:
    """Give ``store`` one user per role in ``roles`` (named after the role)."""
    for role in roles:
        add_user(store, role, role, PASSWORD)
    return store


def make_store(roles: tuple[str, ...] = ROLES) -> Store:
    """An empty in-memory store (no data, no analysis) with one user per role."""
    return add_role_users(Store.open(":memory:"), roles)


def sign_in(app: Any, name: str) -> TestClient:
    client = TestClient(app)
    res = client.post("/api/auth/login", json={"name": name, "password": PASSWORD})
    assert res.status_code == 200, res.text
    client.headers["X-CSRF-Token"] = res.json()["csrf_token"]
    return client


class Kit:
    """Helpers the test modules reach through the ``kit`` fixture (conftest is not importable
    under ``--import-mode=importlib``)."""

    SECRET = SECRET
    PASSWORD = PASSWORD
    make_settings = staticmethod(make_settings)
    make_store = staticmethod(make_store)
    add_role_users = staticmethod(add_role_users)
    sign_in = staticmethod(sign_in)


@pytest.fixture(scope="session")
def kit() -> type[Kit]:
    return Kit


@pytest.fixture(scope="module")
def store(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """This module's own copy of the analysed world, with one user per role."""
    s = add_role_users(analysed_world.open_copy(tmp_path_factory.mktemp("api-store")))
    yield s
    s.close()


@pytest.fixture(scope="module")
def app(store: Store) -> Any:
    return create_app(make_settings(), store=store)


@pytest.fixture(scope="module")
def clients(app: Any) -> dict[str, TestClient]:
    return {role: sign_in(app, role) for role in ROLES}


@pytest.fixture()
def anonymous(app: Any) -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="module")
def client_for(app: Any) -> Callable[[str], TestClient]:
    return lambda name: sign_in(app, name)


@pytest.fixture(scope="module")
def ids(store: Store) -> dict[str, Any]:
    """Ids the API tests ask about, read from the analysed store (never pinned by hand)."""
    line = store.scalar("SELECT line_id FROM lines ORDER BY line_id LIMIT 1")
    numbers = [r[0] for r in store.query(
        "SELECT number FROM line_numbers WHERE line_id = ? ORDER BY first_seen, number", [line])]
    controller = store.scalar(
        "SELECT person_id FROM person_roles WHERE line_id = ? AND role = 'controller' "
        "ORDER BY confidence DESC, person_id LIMIT 1", [line])
    child = store.scalar("SELECT person_id FROM safeguarding_list ORDER BY rank LIMIT 1")
    runner_phone = store.scalar("SELECT number FROM phone_roles WHERE role = 'runner' "
                                "ORDER BY line_id, number LIMIT 1")
    address, postcode = store.query(
        "SELECT address, postcode FROM address_cuckooing WHERE cuckooed "
        "ORDER BY cuckooing_score DESC, address LIMIT 1")[0]
    found = {"line": line, "deal": numbers[-1], "numbers": numbers, "controller": controller,
             "child": child, "runner_phone": runner_phone, "address": address,
             "postcode": postcode}
    assert all(found.values()), found
    return found
