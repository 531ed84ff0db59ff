"""Fixtures of the resolve tests (helpers that build data live in ``resolve_world``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from linewatch.storage import Store

# the tests run with --import-mode=importlib: make the helper module next to them importable
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store."""
    db = Store.open(":memory:")
    yield db
    db.close()
