"""``analyse`` on a store with no call data runs every stage that can run and says why not."""

from __future__ import annotations

from pathlib import Path

from linewatch.ingest import ingest_paths
from linewatch.pipeline import analyse
from linewatch.storage import Store


def test_detection_is_skipped_with_its_reason_and_the_rest_run(memory_store: Store,
                                                               tmp_path: Path) -> None:
    (tmp_path / "nominals.csv").write_text(
        "source_system,record_id,surname,forenames,dob\nrms,P1,Ray,Ann,2001-02-03\n",
        encoding="utf-8")
    (tmp_path / "events.csv").write_text(
        "source_system,event_id,event_type,occurred_at,record_id,role,offence\n"
        "rms,E1,arrest,2025-01-01T10:00:00,P1,suspect,Robbery\n", encoding="utf-8")
    ingest_paths(memory_store, [tmp_path])
    summaries = analyse(memory_store)
    assert summaries["detect"] == {
        "skipped": "detection works on call data: the 'cdr' table is empty"}
    assert summaries["score"]["persons_scored"] == 1
    assert summaries["score"]["with_harm"] == 1
    assert "persons_assessed" in summaries["safeguard"]
    stages = {r[0] for r in memory_store.query("SELECT stage FROM analysis_runs")}
    assert stages == {"resolve", "text", "score", "safeguard"}
