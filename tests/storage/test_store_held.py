"""A store held by another process (a running server) gets one clear line, not DuckDB's."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from linewatch.errors import StoreError
from linewatch.storage import Store

HOLD = """
import sys, time
from linewatch.storage import Store
store = Store.open(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def held(tmp_path: Path) -> Iterator[Path]:
    db = tmp_path / "case.duckdb"
    Store.open(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield db
    finally:
        holder.kill()
        holder.wait()


def test_opening_a_held_store_names_the_holder_and_what_to_do(held: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(held)
    message = str(caught.value)
    assert "is held by process" in message and "linewatch serve" in message
    assert "IO Error" not in message


def test_the_cli_says_it_in_one_line(held: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "linewatch.cli.app", "status", "--db",
                           str(held)], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "is held by process" in lines[0]
