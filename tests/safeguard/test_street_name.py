"""A child's street name on record is a sign of exploitation; records held by partner
agencies (youth justice, children's social care) are context that adds to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linewatch import safeguard

CHILD_DOB = dt.date(2008, 1, 1)  # 16 at the tests' reference time


def _assess(world: Any, pid: str) -> dict[str, Any]:
    result = safeguard.assess(world.store).people[pid]
    result["by_name"] = {i["name"]: i for i in result["indicators"]}
    return result


def _record(world: Any, pid: str, system: str) -> None:
    world.insert("person_records", person_id=pid, source_system=system,
                 record_id=f"{system}-{pid}")


@pytest.fixture
def children(world: Any) -> Any:
    world.person("NAMED", dob=CHILD_DOB, nicknames=["Tiny"])
    _record(world, "NAMED", "Youth Justice")
    _record(world, "NAMED", "social_care")
    world.person("SCHOOL", dob=CHILD_DOB, nicknames=["Dot"])
    _record(world, "SCHOOL", "education")
    world.person("KNOWN", dob=CHILD_DOB)
    _record(world, "KNOWN", "youth_justice")
    _record(world, "KNOWN", "social_care")
    world.person("GROWN", nicknames=["Boss"])
    _record(world, "GROWN", "social_care")
    world.person("CREW", dob=CHILD_DOB, nicknames=["Blade"])
    world.person_role("CREW", "associate")
    # a call so that the store has a reference time
    world.call("+447700900001", "+447700900002", dt.datetime(2024, 9, 10, 12, 0))
    return world


def test_a_named_child_known_to_two_agencies_is_flagged_with_the_evidence(children):
    result = _assess(children, "NAMED")
    street = result["by_name"]["street_name_as_child"]
    assert street["evidence"][0]["street_names"] == ["Tiny"]
    partners = result["by_name"]["known_to_partner_agencies"]
    assert partners["agencies"] == 2
    assert {e["source_system"] for e in partners["evidence"]} == {"Youth Justice",
                                                                   "social_care"}
    assert partners["contribution"] == pytest.approx(0.2)
    assert result["exploitation_risk"] == pytest.approx(0.5)
    assert result["safeguarding_flag"]


def test_a_school_record_is_no_partner_agency_and_a_street_name_alone_does_not_flag(children):
    result = _assess(children, "SCHOOL")
    assert "known_to_partner_agencies" not in result["by_name"]
    assert "street_name_as_child" in result["by_name"]
    assert not result["safeguarding_flag"]


def test_partner_agencies_alone_are_context_not_a_sign(children):
    result = _assess(children, "KNOWN")
    assert set(result["by_name"]) == {"under_18", "known_to_partner_agencies"}
    assert not result["safeguarding_flag"]


def test_adults_and_detected_associates_do_not_take_the_street_name_sign(children):
    assert "street_name_as_child" not in _assess(children, "GROWN")["by_name"]
    assert "known_to_partner_agencies" not in _assess(children, "GROWN")["by_name"]
    assert "street_name_as_child" not in _assess(children, "CREW")["by_name"]


def test_the_explanation_names_the_street_name_and_the_agencies(children):
    from linewatch.explain.cells import Names
    from linewatch.explain.people import _indicator_phrase

    by_name = _assess(children, "NAMED")["by_name"]
    assert _indicator_phrase(by_name["street_name_as_child"], Names()) == \
        "street name on record (Tiny)"
    assert _indicator_phrase(by_name["known_to_partner_agencies"], Names()) == \
        "known to two partner agencies"
