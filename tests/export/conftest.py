"""Fixtures for the export tests: the shared analysed world (read-only: an export never
writes to the store) and the case graph as a role may see it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from linewatch.api.exports import audience_for
from linewatch.export.graph import CaseGraph
from linewatch.export.sources import case_graph
from linewatch.storage import Store


@pytest.fixture(scope="module")
def store(analysed_world: Any) -> Iterator[Store]:
    s = Store.open(analysed_world.db, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def graph_for(store: Store) -> Callable[[str], CaseGraph]:
    cache: dict[str, CaseGraph] = {}

    def build(role: str) -> CaseGraph:
        if role not in cache:
            cache[role] = case_graph(store, audience_for(role))
        return cache[role]

    return build


@pytest.fixture(scope="module")
def case(graph_for: Callable[[str], CaseGraph]) -> CaseGraph:
    """The whole case as an analyst may see it."""
    return graph_for("analyst")
