"""Fixtures for the API tests: a tiny hand-made store, one user per role, signed-in clients."""

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
from linewatch.api.sample import build_sample_store
from linewatch.api.users import add_user
from linewatch.storage import Store

SECRET = "api-tests-secret-key-" + "Zq8Lm3Xr7Tb2Wn5Yc"
PASSWORD = "a long enough password 42"


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"secret_key": SECRET, "db": ":memory:"}
    values.update(overrides)
    return Settings(**values)


def make_store(with_data: bool = True, roles: tuple[str, ...] = ROLES) -> Store:
    """A store with one user per role in ``roles`` (named after the role)."""
    store = Store.open(":memory:")
    if with_data:
        build_sample_store(store, lines=1, customers=6, days=8)
    for role in roles:
        add_user(store, role, role, PASSWORD)
    return store


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
    sign_in = staticmethod(sign_in)


@pytest.fixture(scope="session")
def kit() -> type[Kit]:
    return Kit


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    s = make_store()
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
