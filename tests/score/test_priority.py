from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest

from linewatch import score
from linewatch.errors import LinewatchError

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest
DAY = dt.timedelta(days=1)
World = Any


def _priority(world: World, pid: str) -> dict:
    row = world.store.query_dicts(
        "SELECT harm_score, priority, components FROM person_priority WHERE person_id = ?",
        [pid])[0]
    row["components"] = json.loads(row["components"])
    return row


@pytest.fixture
def offender(world: World) -> World:
    world.person("A", phones=["+447700900001"])
    world.event("E1", "A", "arrest", T0 - 365 * DAY, offence="PWITS class A", outcome="charged",
                address="1 High St", postcode="ME4 4QU")
    world.event("E1b", "A", "custody", T0 - 365 * DAY, offence="PWITS class A",
                outcome="charged")
    world.event("E2", "A", "arrest", T0, offence="Possession of a bladed article",
                outcome="no_further_action")
    world.event("E3", "A", "arrest", T0 - 10 * DAY, offence="Robbery", role="victim")
    world.call("+447700900001", "+447700900999", T0 - 20 * DAY)
    return world


def test_harm_is_decayed_index_days_relative_to_the_latest_data_not_the_clock(offender):
    score.run(offender.store)
    row = _priority(offender, "A")
    # 547.5 x charged 1.0 x 0.5 (one half-life) + 60 x NFA 0.2 x 1.0; victim event ignored,
    # the same-day custody record of the same offence counted once
    assert row["harm_score"] == pytest.approx(273.75 + 12.0)
    assert row["components"]["reference_time"].startswith(T0.isoformat())
    offences = row["components"]["components"]["harm"]["detail"]["offences"]
    assert sorted(o["event_id"] for o in offences) == ["E1", "E2"]


def test_priority_is_the_weighted_mean_of_visible_components(offender):
    score.run(offender.store)
    comps = _priority(offender, "A")["components"]["components"]
    harm = 285.75 / (285.75 + 547.5)
    freq = 1 - math.exp(-2 / 3)
    expected = 0.25 * harm + 0.05 * 1.0 + 0.05 * freq + 0.20 * 1.0
    assert comps["harm"]["value"] == pytest.approx(harm, abs=1e-6)
    assert comps["frequency"]["value"] == pytest.approx(freq, abs=1e-6)
    assert comps["recency"]["value"] == pytest.approx(1.0)
    assert comps["violence"]["value"] == 1.0  # weapons offence of their own
    assert comps["role"]["value"] == 0.0 and comps["disruption"]["value"] == 0.0
    assert sum(c["contribution"] for c in comps.values()) == pytest.approx(expected, abs=1e-5)
    assert _priority(offender, "A")["priority"] == pytest.approx(expected, abs=1e-5)


def test_weights_are_configuration(offender):
    score.run(offender.store, params={"weights": {"harm": 0, "recency": 0, "frequency": 0,
                                                  "violence": 1, "role": 0, "disruption": 0}})
    assert _priority(offender, "A")["priority"] == pytest.approx(1.0)
    with pytest.raises(LinewatchError):
        score.run(offender.store, params={"weights": {"charisma": 1}})


def test_recency_half_life_is_configurable(offender):
    score.run(offender.store, params={"half_life_days": 730})
    assert _priority(offender, "A")["harm_score"] == pytest.approx(
        547.5 * 2 ** -0.5 + 12.0, abs=1e-3)


def test_associates_of_violent_people_get_a_weaker_violence_link(world: World):
    world.person("V", phones=["+447700900001"], flags=["violence"])
    world.person("CO", phones=["+447700900002"])
    world.person("PH", phones=["+447700900003"])
    world.person("FEW", phones=["+447700900004"])
    world.event("E1", "V", "arrest", T0, offence="Affray", address="9 Mill Lane",
                postcode="ME4 4QU")
    world.event("E2", "CO", "arrest", T0 + dt.timedelta(minutes=30), offence="PWITS class A",
                address="9 Mill Lane", postcode="ME4 4QU")
    for i in range(3):
        world.call("+447700900003", "+447700900001", T0 - (i + 1) * DAY)
    for i in range(2):
        world.call("+447700900004", "+447700900001", T0 - (i + 1) * DAY)
    score.run(world.store)
    value = {p: _priority(world, p)["components"]["components"]["violence"]
             for p in ("V", "CO", "PH", "FEW")}
    assert value["V"]["value"] == 1.0
    assert [a["kind"] for a in value["CO"]["detail"]["associates"]] == ["co_offender"]
    assert value["CO"]["value"] == 0.5
    assert value["PH"]["value"] == 0.5
    assert value["PH"]["detail"]["associates"][0]["evidence"]["table"] == "cdr"
    assert value["FEW"]["value"] == 0.0


def test_controller_role_weighs_most(world: World):
    world.person("C")
    world.person("R")
    world.person_role("C", "controller", confidence=0.8)
    world.person_role("R", "runner", confidence=1.0)
    world.event("E0", None, "welfare_check", T0)
    score.run(world.store)
    assert _priority(world, "C")["components"]["components"]["role"]["value"] == \
        pytest.approx(0.8)
    assert _priority(world, "R")["components"]["components"]["role"]["value"] == \
        pytest.approx(0.5)
    ranked = [r[0] for r in world.store.query("SELECT person_id FROM target_list ORDER BY rank")]
    assert ranked == ["C", "R"]


def test_scoring_without_detection_tables_still_works(world: World):
    for table in ("phone_roles", "person_roles", "line_addresses", "phone_handsets"):
        world.store.execute(f"DROP TABLE {table}")
    world.person("A")
    world.event("E1", "A", "arrest", T0, offence="Robbery", outcome="convicted")
    summary = score.run(world.store)
    assert summary["persons_scored"] == 1
    assert _priority(world, "A")["harm_score"] == pytest.approx(365.0)


def test_scoring_needs_resolved_persons():
    from linewatch.storage import Store

    with pytest.raises(LinewatchError, match="resolve"):
        score.run(Store.open(":memory:"))
