"""A young child in contact with a line's adults is not taken to be exploited on contact alone
(their phone reaches family); working for the line counts at any age. A child in care is not
counted twice for children's social care."""

from __future__ import annotations

import datetime as dt
from typing import Any

from linewatch import safeguard

T0 = dt.datetime(2024, 9, 10, 12, 0)  # the tests' reference time (conftest)
DAY = dt.timedelta(days=1)
EIGHT = dt.date(2016, 1, 1)  # 8 at T0
TWELVE = dt.date(2012, 1, 1)  # 12 at T0


def _assess(world: Any, pid: str, **params: Any) -> dict[str, Any]:
    result = safeguard.assess(world.store, params=params or None).people[pid]
    result["by_name"] = {i["name"]: i for i in result["indicators"]}
    return result


def _controller_rings(world: Any, pid: str, dob: dt.date, number: str) -> None:
    world.person(pid, dob=dob, phones=[number])
    for i in range(3):
        world.call("+447700900001", number, T0 - i * DAY)


def _boss(world: Any) -> None:
    world.person("BOSS", dob=dt.date(1990, 1, 1), phones=["+447700900001"])
    world.person_role("BOSS", "controller")
    world.phone_role("+447700900001", "controller", person_id="BOSS")


def test_contact_alone_is_no_sign_under_the_minimum_age_but_is_from_it(world):
    _boss(world)
    _controller_rings(world, "YOUNG", EIGHT, "+447700900002")
    _controller_rings(world, "OLDER", TWELVE, "+447700900003")
    young = _assess(world, "YOUNG")["by_name"]
    assert "child_linked_to_line" not in young and "older_associates" not in young
    older = _assess(world, "OLDER")["by_name"]
    assert {"child_linked_to_line", "older_associates"} <= set(older)
    # the age is a setting
    lowered = _assess(world, "YOUNG", contact_signs_min_age=8)["by_name"]
    assert {"child_linked_to_line", "older_associates"} <= set(lowered)


def test_a_young_child_working_for_a_line_is_linked_at_any_age(world):
    world.person("KID", dob=EIGHT)
    world.person_role("KID", "runner", "L7")
    result = _assess(world, "KID")
    link = result["by_name"]["child_linked_to_line"]
    assert link["link"] == "works for the line"
    assert result["safeguarding_flag"]


def test_a_child_in_care_is_not_counted_again_as_known_to_social_care(world):
    world.person("CARED", dob=TWELVE, flags=["looked_after_child"])
    world.person("HOME", dob=TWELVE)
    for pid in ("CARED", "HOME"):
        world.insert("person_records", person_id=pid, source_system="social_care",
                     record_id=f"SC-{pid}")
    cared = _assess(world, "CARED")["by_name"]
    assert "child_in_care" in cared and "known_to_partner_agencies" not in cared
    assert "known_to_partner_agencies" in _assess(world, "HOME")["by_name"]
