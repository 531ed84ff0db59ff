"""The person model trains and scores on Spark from the same plain-data settings.

Needs pyspark and Java; run with ``pytest -m spark``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from resolve_world import add_nominals, nominal, population

from linewatch.resolve import explain_pair, run
from linewatch.storage import Store

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    pyspark_sql = pytest.importorskip("pyspark.sql")
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    work = tmp_path_factory.mktemp("spark")
    spark = (pyspark_sql.SparkSession.builder.master("local[1]").appName("lw-resolve-test")
             .config("spark.jars", similarity_jar_location())
             .config("spark.sql.warehouse.dir", str(work / "warehouse"))
             .config("spark.sql.shuffle.partitions", "2")
             .config("spark.default.parallelism", "2")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(str(work / "checkpoints"))
    yield SparkAPI(spark_session=spark)
    spark.stop()


def _world(store: Store) -> None:
    rows, _ = population(20)
    rows += [nominal("custody", "C-JAY", "Jay", "SMITH", "2006-04-03", postcode="ME4 4QU",
                     address="12 Example Road", phone=["+447700900777"]),
             nominal("social_care", "S-JAY", "Jayden", "Smyth", "2006-03-04",
                     postcode="ME4 4QU", address="12 Example Rd", phone=["+447700900777"])]
    add_nominals(store, rows)


def test_run_on_spark_builds_persons_and_explains_on_duckdb(store: Store,
                                                           spark_api: Any) -> None:
    _world(store)
    summary = run(store, db_api=spark_api)
    assert summary["persons"] < summary["records"]
    jay = store.query("SELECT DISTINCT person_id FROM person_records "
                      "WHERE record_id IN ('C-JAY', 'S-JAY')")
    assert len(jay) == 1
    assert store.scalar("SELECT sql_dialect FROM resolve_models") == "spark"
    explained = explain_pair(store, ("custody", "C-JAY"), ("social_care", "S-JAY"))
    stored = store.scalar("SELECT match_probability FROM resolve_pairs WHERE "
                          "record_id_l = 'C-JAY' AND record_id_r = 'S-JAY'")
    assert explained["match_probability"] == pytest.approx(stored, abs=1e-6)
