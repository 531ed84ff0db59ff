"""Fixtures of the operations tests (the hand-made world lives in ``ops_world``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linewatch.storage import Store

# the tests run with --import-mode=importlib: make the helper module next to them importable
sys.path.insert(0, str(Path(__file__).parent))

from ops_world import PLANNED, build, use_columns_of


@pytest.fixture(scope="session", autouse=True)
def stage_columns(analysed_world: Any) -> None:
    """The hand-made world's tables take their columns from what the real stages wrote."""
    use_columns_of(analysed_world.db)


@pytest.fixture
def world() -> Iterator[Store]:
    """The hand-made world of ``ops_world`` in an in-memory store."""
    store = Store.open(":memory:")
    build(store)
    yield store
    store.close()


@pytest.fixture
def planned(world: Store) -> tuple[Store, str]:
    """The world with an operation on line L1 plus target P4 (created by ana)."""
    from linewatch import ops

    operation_id = ops.create_operation(world, "Operation Kestrel", user="ana",
                                        planned_at=PLANNED, line_id="L1", person_ids=["P4"])
    return world, operation_id
