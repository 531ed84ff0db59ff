"""The analysis reference time: the latest event in the data, or --as-of; recorded per run."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from linewatch.errors import LinewatchError
from linewatch.pipeline import analyse
from linewatch.schema.types.dates import age_at
from linewatch.storage.runs import latest_reference_time

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest


@pytest.fixture
def child(world: Any) -> Any:
    world.person("KID", dob=dt.date(2008, 3, 1))
    world.person_role("KID", "runner")
    world.event("A1", "KID", "arrest", T0, offence="Possession with intent to supply Class A",
                outcome="charged")
    return world


def _age(world: Any) -> int:
    raw = world.store.scalar("SELECT indicators FROM person_exploitation "
                             "WHERE person_id = 'KID'")
    return int(json.loads(raw)["age"])


def test_age_at_counts_whole_years_at_the_reference_time():
    assert age_at(dt.date(2008, 3, 1), dt.datetime(2024, 2, 29, 23, 0)) == 15
    assert age_at(dt.date(2008, 3, 1), dt.date(2024, 3, 1)) == 16
    assert age_at(None, T0) is None and age_at(dt.date(2008, 3, 1), None) is None


def test_the_reference_time_is_the_latest_event_and_is_recorded(child):
    analyse(child.store, stages=["score", "safeguard"])
    assert latest_reference_time(child.store) == T0
    assert _age(child) == 16  # at T0 in September 2024, whatever today's date is


def test_as_of_overrides_the_reference_time_for_every_stage(child):
    summaries = analyse(child.store, stages=["score", "safeguard"], as_of="2023-06-01")
    assert summaries["score"]["reference_time"].startswith("2023-06-01")
    assert summaries["safeguard"]["reference_time"].startswith("2023-06-01")
    assert latest_reference_time(child.store) == dt.datetime(2023, 6, 1)
    assert _age(child) == 15


def test_a_bad_as_of_is_refused(child):
    with pytest.raises(LinewatchError, match="as-of"):
        analyse(child.store, stages=["score"], as_of="last tuesday")
