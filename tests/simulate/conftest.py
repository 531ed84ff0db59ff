"""A tiny scenario shared by the simulator tests (readers live in ``simhelpers``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from linewatch.simulate import simulate

# the tests run with --import-mode=importlib: make the helper module next to them importable
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``simulate(seed=7, scale="tiny", lines=3, days=10)``: a folder with data/ and truth/."""
    out = tmp_path_factory.mktemp("tiny")
    simulate(out, seed=7, scale="tiny", lines=3, days=10)
    return out
