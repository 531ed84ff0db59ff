"""A child who lives with, or is family of, a supply or violence offender: an indicator of
vulnerability with the relationship and the offences as evidence (contract v2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linewatch import safeguard

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest
CHILD_DOB = dt.date(2008, 1, 1)  # 16 at T0


def _assess(world: Any, pid: str) -> dict[str, Any]:
    result = safeguard.assess(world.store).people[pid]
    result["by_name"] = {i["name"]: i for i in result["indicators"]}
    return result


def _link(world: Any, a: str, kind: str, b: str, subtype: str | None = None) -> None:
    world.insert("relationships", source_system="rms", relationship_id=f"{a}{kind}{b}",
                 from_type="person", from_ref=f"R-{a}", type=kind, subtype=subtype,
                 to_type="person", to_ref=f"R-{b}", handling_code="P")


@pytest.fixture
def household(world: Any) -> Any:
    world.person("MUM")  # a supply offender, by an event on her record
    world.event("E1", "MUM", "arrest", T0, offence="PWITS class A")
    world.person("UNC")  # party to a recorded violent crime, by a relationship
    world.insert("events", source_system="rms", event_id="C9", event_type="crime",
                 occurred_at=T0, crime_category="Violence and sexual offences")
    world.insert("relationships", source_system="rms", relationship_id="p1",
                 from_type="person", from_ref="R-UNC", type="party_to", to_type="event",
                 to_ref="C9")
    world.person("SHOP")  # a shoplifter: neither supply nor violence
    world.event("E2", "SHOP", "arrest", T0, offence="Theft from a shop")
    for kid in ("K1", "K2", "K3", "K4"):
        world.person(kid, dob=CHILD_DOB)
    world.person("ADULT")
    _link(world, "K1", "lives_with", "MUM")
    _link(world, "UNC", "family", "K2", subtype="uncle")
    _link(world, "K3", "knows", "MUM")  # not a household or family link
    _link(world, "K4", "family", "SHOP")
    _link(world, "ADULT", "lives_with", "MUM")
    return world


def test_a_child_living_with_or_related_to_an_offender_has_the_indicator(household):
    k1 = _assess(household, "K1")["by_name"]["child_related_to_offender"]
    assert [e["person_id"] for e in k1["evidence"]] == ["MUM"]
    assert k1["evidence"][0]["link"] == "lives with"
    assert k1["evidence"][0]["relationship"]["table"] == "relationships"
    assert k1["evidence"][0]["offences"][0]["event_id"] == "E1"
    assert k1["contribution"] == pytest.approx(0.10)
    k2 = _assess(household, "K2")["by_name"]["child_related_to_offender"]
    assert k2["evidence"][0]["link"] == "family (uncle)"
    assert k2["evidence"][0]["offences"][0]["event_id"] == "C9"


def test_other_links_adults_and_other_offences_do_not_count(household):
    for pid in ("K3", "K4", "ADULT"):
        assert "child_related_to_offender" not in _assess(household, pid)["by_name"]


def test_the_indicator_alone_never_flags(household):
    result = _assess(household, "K1")
    assert set(result["by_name"]) == {"under_18", "child_related_to_offender"}
    assert not result["safeguarding_flag"]


def test_the_explanation_names_the_link(household):
    from linewatch.explain.cells import Names
    from linewatch.explain.people import _indicator_phrase

    ind = _assess(household, "K1")["by_name"]["child_related_to_offender"]
    assert _indicator_phrase(ind, Names()) == "related to one supply or violence offender (lives with)"
