"""Victim first: an exploited child is kept off the target list unless a supervisor overrides."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from linewatch import results, safeguard, score
from linewatch.errors import LinewatchError, NotFound

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest
DAY = dt.timedelta(days=1)


@pytest.fixture
def line(world: Any) -> Any:
    """A controller and an exploited 15-year-old runner arrested for PWITS Class A."""
    world.person("BOSS", dob=dt.date(1992, 4, 1), flags=["violence"])
    world.person("KID", dob=dt.date(2009, 3, 1))
    world.person_role("BOSS", "controller")
    world.person_role("KID", "runner")
    world.event("M1", "KID", "missing_report", T0 - 6 * DAY, role="subject",
                postcode="SE25 6AB")
    world.event("A1", "KID", "arrest", T0 - 2 * DAY, offence="Possession with intent to "
                "supply Class A (crack cocaine)", outcome="charged", postcode="ME4 4QU")
    world.event("A2", "BOSS", "arrest", T0 - 300 * DAY, offence="GBH with intent",
                outcome="charged")
    return world


def _targets(world: Any) -> list[str]:
    return [r[0] for r in world.store.query("SELECT person_id FROM target_list ORDER BY rank")]


def _priority_of(world: Any, pid: str) -> float:
    return float(world.store.scalar("SELECT priority FROM person_priority WHERE person_id = ?",
                                    [pid]))


def test_exploited_child_arrested_for_pwits_never_appears_in_targets(line):
    summary = score.run(line.store)
    assert _priority_of(line, "KID") >= 0.15  # they would be a target on priority alone
    assert _targets(line) == ["BOSS"]
    assert summary["kept_off_for_safeguarding"] == 1
    safeguard.run(line.store)
    assert _targets(line) == ["BOSS"]
    assert [r[0] for r in line.store.query("SELECT person_id FROM safeguarding_list")] == ["KID"]
    score.run(line.store)
    assert _targets(line) == ["BOSS"]


def test_victim_first_holds_whichever_stage_runs_first(line):
    safeguard.run(line.store)
    score.run(line.store)
    assert "KID" not in _targets(line)


def test_a_supervisor_override_is_recorded_shown_and_revocable(line):
    score.run(line.store)
    safeguard.run(line.store)
    override = safeguard.add_target_override(line.store, "KID", "Sgt Jones",
                                             "Intelligence shows he now recruits others")
    assert sorted(_targets(line)) == ["BOSS", "KID"]
    explanation = json.loads(line.store.scalar(
        "SELECT explanation FROM target_list WHERE person_id = 'KID'"))
    assert explanation["override"]["user_name"] == "Sgt Jones"
    assert explanation["override"]["reason"] == "Intelligence shows he now recruits others"
    assert "s.45 Modern Slavery Act" in explanation["safeguarding"]["note"]
    # a later analysis keeps the override
    score.run(line.store)
    safeguard.run(line.store)
    assert "KID" in _targets(line)
    revoked = safeguard.revoke_target_override(line.store, override["override_id"],
                                               "Insp Patel", "review")
    assert revoked["revoked_at"] is not None and revoked["revoked_by"] == "Insp Patel"
    assert "KID" not in _targets(line)
    history = safeguard.list_overrides(line.store, "KID")
    assert len(history) == 1 and history[0]["reason"].startswith("Intelligence")
    with pytest.raises(LinewatchError, match="already revoked"):
        safeguard.revoke_target_override(line.store, override["override_id"], "Insp Patel")


def test_an_override_needs_a_user_and_a_reason(line):
    score.run(line.store)
    with pytest.raises(LinewatchError, match="reason"):
        safeguard.add_target_override(line.store, "KID", "Sgt Jones", "")
    with pytest.raises(LinewatchError, match="user"):
        safeguard.add_target_override(line.store, "KID", " ", "a long enough reason")
    with pytest.raises(NotFound):
        safeguard.add_target_override(line.store, "NOBODY", "Sgt Jones", "a long enough reason")
    assert "KID" not in _targets(line)


def test_results_export_agrees_with_victim_first(line):
    score.run(line.store)
    safeguard.run(line.store)
    data = results.build_results(line.store)
    assert "KID" not in data["targets"] and data["safeguarding"] == ["KID"]
    kid = next(p for p in data["persons"] if p["person_id"] == "KID")
    assert kid["safeguarding_flag"] is True
