"""The resolve stage as a whole: the run record, progress, and a clean store afterwards."""

from __future__ import annotations

import io
import json

import pytest
from resolve_world import add_nominals, population
from rich.console import Console
from rich.progress import Progress

from linewatch.errors import InputError
from linewatch.resolve import run
from linewatch.storage import Store
from linewatch.storage.runs import latest_run


def test_run_is_recorded_with_its_summary_and_leaves_no_splink_tables(store: Store) -> None:
    rows, _ = population(30)
    add_nominals(store, rows)
    with Progress(console=Console(file=io.StringIO())) as progress:
        summary = run(store, progress=progress)
        task = progress.tasks[0]
        assert task.completed == task.total
    last = latest_run(store, "resolve")
    assert last is not None and last["run_id"] == summary["run_id"]
    recorded = json.loads(last["summary"])
    assert recorded["persons"] == summary["persons"]
    assert set(summary) >= {"records", "persons", "pairs_scored", "links", "em_trained"}
    leftovers = store.query("SELECT table_name FROM information_schema.tables "
                            "WHERE table_name LIKE '%splink%' OR table_name LIKE 'lw_%'")
    assert leftovers == []
    for table in ("persons", "person_records", "person_values", "number_links",
                  "phone_handsets", "phone_persons"):
        runs = store.query(f"SELECT DISTINCT run_id FROM {table}")
        assert runs in ([], [(summary["run_id"],)]), table


def test_bad_parameters_are_refused_before_anything_runs(store: Store) -> None:
    with pytest.raises(InputError):
        run(store, params={"threshold": 1.5})
    with pytest.raises(InputError):
        run(store, params={"treshold": 0.8})
    assert latest_run(store, "resolve") is None
