"""An analysis job may read only the lakes, and use only the Spark masters, the server allows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from linewatch.api import create_app

LISTED_MASTER = "spark://10.0.0.7:7077"


def _detect(**settings: Any) -> dict[str, Any]:
    return {"stages": ["detect"], "params": {"detect": settings}}


def test_a_lake_must_be_under_the_servers_lake_roots(kit: Any, tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "lakes", tmp_path / "private"
    (root / "force-a").mkdir(parents=True)
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "sneaky")
    store = kit.make_store()
    app = create_app(kit.make_settings(lake_roots=f"{root}, s3a://national/lakes/",
                                       spark_masters=LISTED_MASTER), store=store)
    try:
        analyst = kit.sign_in(app, "analyst")
        spark = {"engine": "spark"}
        accepted = [
            _detect(**spark, lake=str(root / "force-a")),
            _detect(**spark, lake="s3a://national/lakes/2026-03", spark_master=LISTED_MASTER),
            _detect(**spark, lake=str(root / "force-a"), spark_master="local[1]"),
        ]
        refused = {
            403: [_detect(**spark, lake=str(elsewhere)),
                  _detect(**spark, lake=str(root / "sneaky")),  # a link out of the root
                  _detect(**spark, lake=f"{root}/force-a/../../private"),
                  _detect(**spark, lake=f"{root}-other"),
                  _detect(**spark, lake="s3a://national/lakes/../secret"),
                  _detect(**spark, lake="s3a://national/lakes%2F..%2Fsecret"),
                  _detect(**spark, lake="s3a://national/lakes-other/x"),
                  _detect(**spark, lake="hdfs://national/lakes/x"),
                  _detect(**spark, spark_master="spark://attacker.example:7077")],
            400: [_detect(**spark, lake="lakes/force-a"),  # relative: whose folder?
                  _detect(lake=str(root / "force-a"))],  # a lake without Spark
        }
        for body in accepted:
            res = analyst.post("/api/jobs/analyse", json=body)
            assert res.status_code == 202, (body, res.text)
        for status, bodies in refused.items():
            for body in bodies:
                res = analyst.post("/api/jobs/analyse", json=body)
                assert res.status_code == status, (body, res.text)
        params = [r[0] for r in store.query("SELECT params FROM jobs ORDER BY submitted_at")]
        assert len(params) == len(accepted)
        assert all(str(root / "force-a") in p or "s3a://national" in p for p in params)
    finally:
        app.state.jobs.stop(grace_seconds=0)
        store.close()


def test_without_lake_roots_no_job_names_a_lake(kit: Any, tmp_path: Path) -> None:
    store = kit.make_store()
    app = create_app(kit.make_settings(), store=store)
    try:
        analyst = kit.sign_in(app, "analyst")
        res = analyst.post("/api/jobs/analyse", json=_detect(engine="spark", lake=str(tmp_path)))
        assert res.status_code == 403 and "LINEWATCH_LAKE_ROOTS" in res.text
        res = analyst.post("/api/jobs/analyse", json=_detect(
            engine="spark", spark_master=LISTED_MASTER))
        assert res.status_code == 403 and "LINEWATCH_SPARK_MASTERS" in res.text
        assert store.count("jobs") == 0
        assert analyst.post("/api/jobs/analyse", json=_detect(
            engine="spark", spark_master="local[2]")).status_code == 202
    finally:
        app.state.jobs.stop(grace_seconds=0)
        store.close()
