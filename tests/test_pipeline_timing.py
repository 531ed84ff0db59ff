"""Every stage of ``analyse`` reports its wall and CPU time and the peak memory so far, and
writes them into its run record (the CLI prints them)."""

from __future__ import annotations

import json

from linewatch.pipeline import analyse
from linewatch.storage import Store


def test_each_stage_is_timed_in_its_summary_and_its_run_record(world_store: Store) -> None:
    summaries = analyse(world_store, stages=["resolve", "detect"])
    for name in ("resolve", "detect"):
        timing = summaries[name]["timing"]
        assert timing["wall_s"] > 0 and timing["cpu_s"] > 0 and timing["peak_rss_mb"] > 0
        stored = world_store.scalar("SELECT summary FROM analysis_runs WHERE run_id = ?",
                                    [summaries[name]["run_id"]])
        record = json.loads(stored) if isinstance(stored, str) else stored
        assert record["timing"] == timing
        assert set(record) - {"timing"}  # the stage's own summary is kept beside it
