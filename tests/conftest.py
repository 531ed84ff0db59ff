"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from linewatch.storage import Store


@pytest.fixture
def memory_store() -> Iterator[Store]:
    """An empty, migrated in-memory store."""
    store = Store.open(":memory:")
    yield store
    store.close()
