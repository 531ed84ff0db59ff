"""The server refuses to listen beyond localhost without a store key, and refuses a weak key
or one shared with another secret."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from pydantic import ValidationError


def test_listening_beyond_localhost_needs_a_store_key(kit: Any) -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        assert kit.make_settings(host=host).store_key_or_none() is None
    with pytest.raises(ValidationError, match="beyond localhost"):
        kit.make_settings(host="0.0.0.0")  # noqa: S104 - the address being refused
    key = secrets.token_urlsafe(48)
    settings = kit.make_settings(host="0.0.0.0", store_key=key)  # noqa: S104 - allowed with a key
    assert settings.store_key_or_none() == key


def test_a_weak_or_shared_store_key_is_refused(kit: Any) -> None:
    with pytest.raises(ValidationError, match="LINEWATCH_STORE_KEY is too weak"):
        kit.make_settings(store_key="password")
    with pytest.raises(ValidationError, match="must not be the same"):
        kit.make_settings(store_key=kit.SECRET)
