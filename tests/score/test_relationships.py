"""Recorded crimes and relationships (contract v2) in the priority: crimes a person is party to
weigh as offences, and links to violent people are a bounded association component."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from linewatch import score

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest
DAY = dt.timedelta(days=1)
World = Any


def _priority(world: World, pid: str) -> dict[str, Any]:
    row = world.store.query_dicts(
        "SELECT harm_score, priority, components FROM person_priority WHERE person_id = ?",
        [pid])[0]
    row["components"] = json.loads(row["components"])
    return row


def crime(world: World, eid: str, category: str, when: dt.datetime,
          offence_code: str | None = None) -> None:
    world.insert("events", source_system="rms", event_id=eid, event_type="crime",
                 occurred_at=when, crime_category=category, offence_code=offence_code)


def link(world: World, a: str, kind: str, b: str, *, to_type: str = "person",
         subtype: str | None = None, rid: str | None = None) -> None:
    world.insert("relationships", source_system="rms", relationship_id=rid or f"{a}-{kind}-{b}",
                 from_type="person", from_ref=f"R-{a}", type=kind, subtype=subtype,
                 to_type=to_type, to_ref=b if to_type == "event" else f"R-{b}",
                 first_seen=T0 - 30 * DAY, source="crime records", source_evaluation="B",
                 intelligence_assessment="2", handling_code="P")


def test_a_suspect_or_party_to_a_recorded_crime_gets_its_harm_but_a_victim_does_not(world):
    for pid in ("S", "P", "V"):
        world.person(pid)
    crime(world, "C1", "Drugs", T0)
    crime(world, "C2", "Vehicle crime", T0 - DAY)
    link(world, "S", "suspect_in", "C1", to_type="event")
    link(world, "P", "party_to", "C2", to_type="event")
    link(world, "V", "victim_in", "C2", to_type="event")
    score.run(world.store)
    suspect, party, victim = (_priority(world, p) for p in ("S", "P", "V"))
    # police.uk Drugs: 5 days, no outcome recorded (the default factor 0.5), today
    assert suspect["harm_score"] == pytest.approx(2.5)
    offences = suspect["components"]["components"]["harm"]["detail"]["offences"]
    assert [(o["event_id"], o["category"]) for o in offences] == [("C1", "police_uk_drugs")]
    assert party["harm_score"] == pytest.approx(10.0 * 0.5 * 0.5 ** (1 / 365), rel=1e-4)
    assert victim["harm_score"] == 0.0
    assert suspect["components"]["eligible"] and not victim["components"]["eligible"]


def test_a_home_office_code_is_preferred_to_the_category(world):
    world.person("S")
    crime(world, "C1", "Violence and sexual offences", T0, offence_code="5A")
    link(world, "S", "suspect_in", "C1", to_type="event")
    score.run(world.store)
    offences = _priority(world, "S")["components"]["components"]["harm"]["detail"]["offences"]
    weights = score.load_harm_weights()
    by_code = weights.classify("5A")
    by_category = weights.classify("Violence and sexual offences")
    assert by_code and by_category  # both name an offence ...
    assert offences[0]["category"] == by_code[0].offence.key  # ... the code is used


def test_a_violent_crime_makes_its_suspect_violent_and_their_family_associated(world):
    for pid in ("X", "F", "K", "SM", "NONE"):
        world.person(pid)
    crime(world, "C1", "Violence and sexual offences", T0)
    link(world, "X", "suspect_in", "C1", to_type="event")
    link(world, "F", "family", "X", subtype="sibling")
    link(world, "K", "knows", "X")
    link(world, "SM", "social_media", "X")  # not counted by default
    score.run(world.store)
    x = _priority(world, "X")["components"]["components"]
    assert x["violence"]["value"] == 1.0
    family = _priority(world, "F")
    comps = family["components"]["components"]
    assoc = comps["association"]
    assert assoc["value"] == pytest.approx(1 - 2.718281828 ** -0.5, abs=1e-6)
    assert assoc["contribution"] == pytest.approx(0.05 * assoc["value"], abs=1e-6)
    assert assoc["cap"] == 0.05
    related = assoc["detail"]["related"]
    assert [r["person_id"] for r in related] == ["X"]
    evidence = related[0]["relationships"][0]
    assert evidence["table"] == "relationships" and evidence["subtype"] == "sibling"
    assert evidence["grading"] == "B2P"
    # association is its own component, added on top of the weighted mean and never enough
    others = sum(v["contribution"] for k, v in comps.items() if k != "association")
    assert family["priority"] == pytest.approx(others + assoc["contribution"], abs=1e-5)
    assert comps["violence"]["value"] == 0.0
    assert not family["components"]["eligible"]
    assert "association" in _priority(world, "K")["components"]["components"]
    assert "association" not in _priority(world, "SM")["components"]["components"]
    assert "association" not in _priority(world, "NONE")["components"]["components"]
    listed = {r[0] for r in world.store.query("SELECT person_id FROM target_list")}
    assert "F" not in listed and "K" not in listed


def test_association_is_capped_however_many_violent_people(world):
    world.person("HUB")
    for i in range(30):
        pid = f"V{i}"
        world.person(pid, flags=["violence"])
        link(world, "HUB", "knows", pid)
    world.event("E0", None, "welfare_check", T0)
    score.run(world.store, params={"association_max": 0.1})
    comps = _priority(world, "HUB")["components"]["components"]
    assert comps["association"]["contribution"] <= 0.1
    assert comps["association"]["contribution"] > 0.099
    assert len(comps["association"]["detail"]["related"]) == 20  # evidence listed, bounded
    score.run(world.store, params={"association_max": 0})
    assert _priority(world, "HUB")["priority"] == 0.0


def test_relationships_by_identifier_link_the_resolved_person(world):
    world.person("A", flags=["weapons"])
    world.person("B")
    world.store.execute("UPDATE nominals SET pnc_id = '12/345678X' WHERE record_id = 'R-A'")
    world.insert("relationships", source_system="other", from_type="person", from_ref="R-B",
                 type="lives_with", to_type="person", to_ref="12/345678x",
                 to_ref_type="pnc_id")
    score.run(world.store)
    comps = _priority(world, "B")["components"]["components"]
    # identifiers compare by their match key (no separators, upper case): the same PNC ID
    assert [r["person_id"] for r in comps["association"]["detail"]["related"]] == ["A"]


def test_explanation_names_association_as_its_own_component(world):
    from linewatch.explain.cells import Names
    from linewatch.explain.people import priority

    world.person("X", flags=["violence"])
    world.person("F")
    link(world, "F", "lives_with", "X")
    score.run(world.store)
    row = _priority(world, "F")
    text = priority({**row["components"], "priority": row["priority"]}, Names()).summary
    assert "association" in text and "at most 0.05" in text
