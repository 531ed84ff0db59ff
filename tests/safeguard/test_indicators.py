"""Each exploitation indicator fires on its own evidence, with event ids and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linewatch import safeguard

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest
DAY = dt.timedelta(days=1)
CHILD_DOB = dt.date(2008, 1, 1)  # 16 at T0
HUB = {"lat": 51.39, "lon": -0.08}  # about 42 km from TOWN
TOWN = {"lat": 51.38, "lon": 0.52}


def _assess(world: Any, pid: str, **params: Any) -> dict[str, Any]:
    result = safeguard.assess(world.store, params=params or None).people[pid]
    result["by_name"] = {i["name"]: i for i in result["indicators"]}
    return result


def test_child_runner_is_linked_to_a_line_and_flagged(world):
    world.person("K", dob=CHILD_DOB)
    world.person_role("K", "runner", "L7")
    world.event("E0", None, "welfare_check", T0)
    result = _assess(world, "K")
    assert set(result["by_name"]) == {"runner_role", "under_18", "child_linked_to_line"}
    assert result["age"] == 16 and result["child"]
    assert result["exploitation_risk"] == pytest.approx(0.30 + 0.05 + 0.45)
    assert result["safeguarding_flag"]
    assert result["by_name"]["child_linked_to_line"]["evidence"][0]["line_id"] == "L7"


def test_contact_with_a_controller_phone_links_a_child_and_shows_older_associates(world):
    world.person("K", dob=CHILD_DOB, phones=["+447700900002"])
    world.person("BOSS", dob=dt.date(1990, 1, 1), phones=["+447700900001"])
    world.person_role("BOSS", "controller")
    world.phone_role("+447700900001", "controller", person_id="BOSS")
    for i in range(2):
        world.call("+447700900001", "+447700900002", T0 - i * DAY)
    result = _assess(world, "K")
    link = result["by_name"]["child_linked_to_line"]["evidence"][0]
    assert link["number"] == "+447700900001" and link["evidence"]["table"] == "cdr"
    older = result["by_name"]["older_associates"]["evidence"][0]
    assert older["person_id"] == "BOSS" and older["age_gap_years"] == 18
    assert older["roles"] == ["controller"]


def test_a_child_customer_of_a_deal_line_is_not_linked_as_a_worker(world):
    world.person("K", dob=CHILD_DOB, phones=["+447700900002"])
    world.phone_role("+447700900100", "deal_line")
    world.phone_role("+447700900002", "customer")
    for i in range(3):
        world.call("+447700900100", "+447700900002", T0 - i * DAY)
    assert "child_linked_to_line" not in _assess(world, "K")["by_name"]


def test_missing_then_found_far_away_cites_both_events(world):
    world.person("K", dob=CHILD_DOB)
    world.event("M1", "K", "missing_report", T0 - 5 * DAY, role="subject", **HUB)
    world.event("F1", "K", "found", T0 - 3 * DAY, role="subject", **TOWN)
    world.event("F2", "K", "found", T0 - 4 * DAY, role="subject", lat=51.391, lon=-0.081)
    world.event("M0", "K", "missing_report", T0 - 60 * DAY, role="subject", **HUB)
    result = _assess(world, "K")
    far = result["by_name"]["found_far_from_home"]["evidence"]
    assert [(f["missing"]["event_id"], f["found"]["event_id"]) for f in far] == [("M1", "F1")]
    assert far[0]["km"] == pytest.approx(41.6, abs=0.5)
    assert far[0]["found"]["occurred_at"].startswith("2024-09-07")
    missing = result["by_name"]["missing_episodes"]["evidence"]
    assert sorted(m["event_id"] for m in missing) == ["M0", "M1"]


def test_without_coordinates_different_postcode_areas_count_as_far(world):
    world.person("K", dob=CHILD_DOB)
    world.event("M1", "K", "missing_report", T0 - 5 * DAY, role="subject",
                postcode="SE25 6AB")
    world.event("A1", "K", "arrest", T0 - 2 * DAY, postcode="ME4 4QU")
    far = _assess(world, "K")["by_name"]["found_far_from_home"]["evidence"][0]
    assert far["basis"] == "postcode areas" and far["areas"] == ["SE", "ME"]


def test_cash_found_far_from_home_fires_but_not_near_home(world):
    world.address("2 Home Road", "SE25 6AB", **HUB)
    world.person("K", dob=CHILD_DOB, address="2 Home Road", postcode="SE25 6AB")
    world.event("S1", "K", "stop_search", T0 - DAY, role="subject", **TOWN)
    world.seizure("Z1", "S1", "cash", value_gbp=640.0)
    world.event("S2", "K", "stop_search", T0 - 2 * DAY, role="subject", **HUB)
    world.seizure("Z2", "S2", "drug", drug_class="A")
    evidence = _assess(world, "K")["by_name"]["cash_or_drugs_far_from_home"]["evidence"]
    assert [e["event_id"] for e in evidence] == ["S1"]
    assert evidence[0]["seized"] == ["cash:Z1"]


def test_several_handsets_fire(world):
    world.person("K", dob=CHILD_DOB, phones=["+447700900002"])
    for imei in ("111", "222", "333"):
        world.handset("+447700900002", imei)
    world.event("E0", None, "welfare_check", T0)
    evidence = _assess(world, "K")["by_name"]["multiple_handsets"]["evidence"][0]
    assert evidence["imeis"] == ["111", "222", "333"]


def test_referrals_care_and_drugs_as_a_child_fire(world):
    world.person("K", dob=CHILD_DOB, flags=["child_in_care"])
    world.event("R1", "K", "referral", T0 - 9 * DAY, role="subject",
                detail="school: long absences, new clothes")
    world.event("A1", "K", "arrest", T0, offence="PWITS class A")
    result = _assess(world, "K")
    assert result["by_name"]["safeguarding_referral"]["evidence"][0]["event_id"] == "R1"
    assert result["by_name"]["child_in_care"]["evidence"][0]["flag"] == "child_in_care"
    assert result["by_name"]["drugs_or_weapons_as_child"]["evidence"][0]["event_id"] == "A1"


def test_an_adult_runner_needs_a_vulnerability_to_be_flagged(world):
    world.person("AD", dob=dt.date(1995, 1, 1))
    world.person("VA", dob=dt.date(1995, 1, 1), flags=["vulnerable_adult"])
    for pid in ("AD", "VA"):
        world.person_role(pid, "runner")
        world.event(f"M-{pid}", pid, "missing_report", T0 - 2 * DAY, role="subject")
    adult = _assess(world, "AD")
    assert adult["exploitation_risk"] == pytest.approx(0.45)
    assert not adult["safeguarding_flag"]
    vulnerable = _assess(world, "VA")
    assert vulnerable["exploitation_risk"] == pytest.approx(0.65)
    assert vulnerable["safeguarding_flag"] and vulnerable["vulnerable_adult"]


def test_threshold_and_weights_are_configuration(world):
    world.person("K", dob=CHILD_DOB)
    world.person_role("K", "runner")
    world.event("E0", None, "welfare_check", T0)
    assert not _assess(world, "K", threshold=0.9)["safeguarding_flag"]
    heavier = _assess(world, "K", indicator_weights={"runner_role": 0.5})
    assert heavier["exploitation_risk"] == pytest.approx(1.0)


def test_age_is_taken_at_the_reference_date_not_today(world):
    world.person("K", dob=dt.date(2006, 9, 11))  # 17 on T0, an adult by wall-clock time
    world.person_role("K", "runner")
    world.event("E0", None, "welfare_check", T0)
    result = _assess(world, "K")
    assert result["age"] == 17 and result["safeguarding_flag"]


def test_published_signs_in_notes_are_cited_with_the_words_matched(world):
    world.person("K", dob=CHILD_DOB)
    world.event("F1", "K", "found", T0, role="subject",
                detail="Located in company of older males. Had 2 phones and cash, could not "
                       "explain how he got there.")
    world.event("M1", "K", "missing_report", T0 - DAY, role="subject",
                detail="Argument at home, found at a friend's house.")
    evidence = _assess(world, "K")["by_name"]["concerns_in_reports"]["evidence"]
    assert {e["event_id"] for e in evidence} == {"F1"}
    assert {e["group"] for e in evidence} == {"older_associates", "several_phones",
                                              "out_of_area", "unexplained_money_or_goods"}
    assert any(e["matched"] == "older males" for e in evidence)
    concerns = _assess(world, "K")["by_name"]["concerns_in_reports"]
    assert concerns["groups"] == 4
    assert concerns["contribution"] == pytest.approx(0.2 * 2)  # counted for two signs at most


def test_vulnerability_alone_is_not_exploitation(world):
    world.person("K", dob=CHILD_DOB, flags=["child_in_care", "mental_health"])
    world.event("M1", "K", "missing_report", T0 - DAY, role="subject")
    world.event("R1", "K", "referral", T0, role="subject")
    result = _assess(world, "K")
    assert result["exploitation_risk"] >= 0.5
    assert not result["safeguarding_flag"]


def test_contact_alone_links_a_child_more_weakly_than_working_for_the_line(world):
    world.person("K", dob=CHILD_DOB, phones=["+447700900002"])
    world.person("BOSS", dob=dt.date(1990, 1, 1), phones=["+447700900001"])
    world.phone_role("+447700900001", "controller", person_id="BOSS")
    for i in range(2):
        world.call("+447700900001", "+447700900002", T0 - i * DAY)
    result = _assess(world, "K")
    link = result["by_name"]["child_linked_to_line"]
    assert link["link"] == "in contact with the line"
    assert link["contribution"] == pytest.approx(0.45 * 0.6)
    # under 18 + contact + older associate = 0.47: watched, not yet flagged
    assert result["exploitation_risk"] == pytest.approx(0.05 + 0.27 + 0.15)
    assert not result["safeguarding_flag"]


def test_family_at_the_same_address_are_not_older_associates(world):
    world.person("K", dob=CHILD_DOB, phones=["+447700900002"], address="2 Home Road",
                 postcode="SE25 6AB")
    world.person("DAD", dob=dt.date(1980, 1, 1), phones=["+447700900001"],
                 address="2 Home Rd", postcode="SE25 6AB")
    world.person_role("DAD", "runner")
    for i in range(3):
        world.call("+447700900001", "+447700900002", T0 - i * DAY)
    assert "older_associates" not in _assess(world, "K")["by_name"]


def test_a_vulnerable_adult_trap_occupant_arrested_for_supply_is_flagged(world):
    world.person("VA", dob=dt.date(1970, 1, 1), flags=["substance_misuse"])
    world.person_role("VA", "trap_occupant")
    world.event("A1", "VA", "arrest", T0, offence="Being concerned in the supply of Class A")
    result = _assess(world, "VA")
    assert set(result["by_name"]) == {"vulnerability_flags", "supply_offence_while_vulnerable",
                                      "trap_occupant_role"}
    assert result["by_name"]["supply_offence_while_vulnerable"]["evidence"][0]["event_id"] == "A1"
    assert result["safeguarding_flag"] and result["vulnerable_adult"]
    assert "Duty to Notify" in safeguard.assess(world.store).people["VA"]["note"]


def test_an_adult_controller_is_never_hidden_by_their_own_vulnerability(world):
    world.person("BOSS", dob=dt.date(1985, 1, 1), flags=["substance_misuse"],
                 phones=["+447700900001", "+447700900002"])
    world.person_role("BOSS", "controller")
    world.event("A1", "BOSS", "arrest", T0, offence="PWITS class A")
    result = _assess(world, "BOSS")
    assert result["exploitation_risk"] >= 0.5
    assert not result["safeguarding_flag"] and "controller" in result["review"]


def test_someone_who_turned_18_during_the_period_counts_as_a_child(world):
    world.person("K", dob=dt.date(2006, 8, 15))  # 18 on T0, 17 forty days earlier
    world.person_role("K", "runner")
    world.event("A1", "K", "arrest", T0 - 40 * DAY, offence="PWITS class A")
    world.event("A2", "K", "arrest", T0, offence="PWITS class A")
    result = _assess(world, "K")
    assert result["age"] == 18 and result["child"] and result["safeguarding_flag"]
    assert result["by_name"]["under_18"]["evidence"][0]["age_at_window_start"] == 17
    # the window reaches back at most child_window_days
    assert not _assess(world, "K", child_window_days=10)["child"]
