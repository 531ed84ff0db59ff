"""Detection on Spark finds the same lines and roles as on DuckDB, on a simulated world."""

from __future__ import annotations

from pathlib import Path

import pytest

from linewatch import detect, resolve
from linewatch.ingest import ingest_paths
from linewatch.simulate import simulate
from linewatch.storage import Store

pytestmark = pytest.mark.spark


def outcome(store: Store) -> dict[str, object]:
    return {
        "line_numbers": store.query("SELECT line_id, number FROM line_numbers ORDER BY 1, 2"),
        "phone_roles": store.query("SELECT number, role, line_id FROM phone_roles ORDER BY 1"),
        "person_roles": store.query(
            "SELECT person_id, role, line_id FROM person_roles ORDER BY 1, 2, 3"),
        "flagged": store.query("SELECT number FROM phone_scores WHERE is_deal_line ORDER BY 1"),
    }


def test_detect_on_spark_gives_the_duckdb_lines_and_roles(tmp_path: Path) -> None:
    simulate(tmp_path / "world", seed=1, scale="tiny")
    with Store.open(tmp_path / "case.duckdb") as store:
        ingest_paths(store, [tmp_path / "world" / "data"])
        resolve.run(store)
        detect.run(store)
        on_duckdb = outcome(store)
        detect.run(store, params={"engine": "spark"})
        on_spark = outcome(store)
    assert on_duckdb["flagged"], "the world should have flagged deal lines"
    assert on_spark == on_duckdb
