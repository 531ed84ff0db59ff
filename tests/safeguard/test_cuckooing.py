"""Cuckooed addresses: use by a line plus a vulnerable occupant, each with evidence."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from linewatch import safeguard

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest
DAY = dt.timedelta(days=1)
HOME = {"lat": 51.3810, "lon": 0.5210}


def _cases(world: Any, **params: Any) -> dict[str, Any]:
    result = safeguard.assess(world.store, params=params or None)
    return {c.address: c for c in result.addresses.values()}


@pytest.fixture
def cuckooed(world: Any) -> Any:
    world.address("12 Example Road", "ME4 4QU", **HOME)
    world.person("VIC", dob=dt.date(1961, 2, 3), address="12 Example Road", postcode="ME4 4QU",
                 flags=["vulnerable_adult", "substance_misuse"])
    world.line_address("12 Example Road", "ME4 4QU", confidence=0.8)
    world.event("W1", None, "welfare_check", T0 - 2 * DAY, role=None,
                address="12 Example Road", postcode="ME4 4QU")
    return world


def test_line_use_and_a_vulnerable_resident_make_a_cuckooed_address(cuckooed):
    case = _cases(cuckooed)["12 Example Road"]
    assert set(case.indicators) == {"line_address", "vulnerable_resident", "welfare_checks"}
    assert case.score == pytest.approx(0.35 * 0.8 + 0.25 + 0.15)
    assert case.cuckooed
    assert case.indicators["welfare_checks"]["evidence"][0]["event_id"] == "W1"
    assert case.indicators["vulnerable_resident"]["evidence"][0]["flags"] == [
        "substance_misuse", "vulnerable_adult"]


def test_the_vulnerable_resident_is_a_victim_with_a_duty_to_notify_note(cuckooed):
    person = safeguard.assess(cuckooed.store).people["VIC"]
    names = {i["name"] for i in person["indicators"]}
    assert names == {"vulnerability_flags", "resident_of_cuckooed_address"}
    assert person["safeguarding_flag"] and person["vulnerable_adult"]
    assert "Duty to Notify" in person["note"] and "consent" in person["note"]


def test_a_trap_house_without_a_vulnerable_occupant_is_not_cuckooing(world):
    world.line_address("7 Bando Close", "ME4 4QA")
    world.event("A1", None, "asb_report", T0, role="reporter", address="7 Bando Close",
                postcode="ME4 4QA", detail="Cars pulling up for a few minutes all evening.")
    case = _cases(world, cuckoo_weights={"line_address": 0.9})["7 Bando Close"]
    assert set(case.indicators) == {"line_address", "asb_reports", "visitors_or_drug_activity"}
    assert case.score == pytest.approx(1.0)
    assert not case.cuckooed


def test_a_vulnerable_home_with_no_sign_of_a_line_is_not_cuckooing(world):
    world.person("V", address="3 Quiet Road", postcode="ME4 4QB", flags=["vulnerable_adult"])
    world.event("W1", None, "welfare_check", T0, role=None, address="3 Quiet Road",
                postcode="ME4 4QB")
    case = _cases(world)["3 Quiet Road"]
    assert set(case.indicators) == {"vulnerable_resident", "welfare_checks"}
    assert not case.cuckooed


def _night_and_dwell(world: Any) -> None:
    world.cell("NEAR", 51.3815, 0.5215)
    world.cell("FAR1", 51.50, 0.10)
    world.cell("FAR2", 51.60, 0.20)
    world.phone_role("+447700900050", "runner")
    night = dt.datetime(2024, 9, 8, 23, 30)
    for i in range(10):
        world.call(f"+4477009002{i:02d}", "+447700900999", night, a_cell="NEAR")
    world.call("+447700900301", "+447700900999", night, a_cell="FAR1")
    world.call("+447700900302", "+447700900999", night, a_cell="FAR2")
    world.call("+447700900303", "+447700900999", night, a_cell="FAR2")
    for day in (1, 2):
        world.call("+447700900050", "+447700900999", T0 - day * DAY, a_cell="NEAR")


def test_night_surges_and_dwelling_line_phones_support_but_never_decide(world):
    world.address("3 Quiet Road", "ME4 4QB", **HOME)
    world.person("V", address="3 Quiet Road", postcode="ME4 4QB", flags=["vulnerable_adult"])
    _night_and_dwell(world)
    case = _cases(world)["3 Quiet Road"]
    surge = case.indicators["night_surge"]
    assert surge["numbers_per_night"] == 10 and surge["baseline"] == 2
    assert surge["evidence"][0]["cell_id"] == "NEAR"
    dwell = case.indicators["line_phones_dwell"]
    assert dwell["days"] == 2 and dwell["phones"] == ["+447700900050"]
    assert case.score == pytest.approx(0.25 + 0.10 + 0.15)
    assert not case.cuckooed  # cell evidence alone covers many homes


def test_safeguard_run_writes_scored_addresses_with_evidence(cuckooed):
    summary = safeguard.run(cuckooed.store)
    assert summary["cuckooed_addresses"] == 1
    row = cuckooed.store.query_dicts("SELECT * FROM address_cuckooing")[0]
    assert row["address"] == "12 Example Road" and row["postcode"] == "ME4 4QU"
    assert row["cuckooed"] is True
    evidence = json.loads(row["evidence"])
    assert evidence["residents"] == ["VIC"]
    assert {i["name"] for i in evidence["indicators"]} == {
        "line_address", "vulnerable_resident", "welfare_checks"}


def test_phone_data_and_resident_flags_alone_need_an_observation_at_the_address(world):
    world.line_address("5 Alder Road", "CT9 2ZR", confidence=0.8)
    world.person("V", address="5 Alder Rd", postcode="CT9 2ZR", flags=["substance_misuse"])
    case = _cases(world)["5 Alder Road"]
    assert set(case.indicators) == {"line_address", "vulnerable_resident"}
    assert case.score >= 0.5 and not case.cuckooed
    assert _cases(world, cuckoo_needs_observation=False)["5 Alder Road"].cuckooed


def test_an_asb_report_about_something_else_is_no_sign(world):
    for eid, detail in (("A1", "Dispute between neighbours over parking."), ("A2", None),
                        ("A3", "Taxis pulling up at all hours.")):
        world.event(eid, None, "asb_report", T0, role="reporter", address="9 Mill Lane",
                    postcode="ME4 4QU", detail=detail)
    case = _cases(world)["9 Mill Lane"]
    assert [e["event_id"] for e in case.indicators["asb_reports"]["evidence"]] == ["A2", "A3"]
    assert case.indicators["visitors_or_drug_activity"]["evidence"][0]["matched"].lower() \
        .startswith("taxis pulling up")


def test_address_spellings_of_one_home_are_one_case(world):
    world.line_address("4/16 PRIORY GDNS, GRAVESEND", None)
    world.person("V", address="16 Priory Gardens Flat 4, Gravesend", postcode="DA11 2GS",
                 flags=["vulnerable_adult"])
    world.event("W1", None, "welfare_check", T0, role=None,
                address="Flat 4, 16 Priory Gardens, Gravesend", postcode="DA11 2GS")
    cases = _cases(world)
    assert len(cases) == 1
    case = next(iter(cases.values()))
    assert case.residents == ["V"] and case.postcode == "DA11 2GS" and case.cuckooed


def test_a_welfare_check_on_a_person_places_them_at_the_address(cuckooed):
    # their own record spells the home beyond recognition; the welfare check is about them
    cuckooed.person("PAT", dob=dt.date(1988, 4, 4), address="13 Nelson RdF lat 9",
                    postcode="ME4 4QU", flags=["mental_health"])
    cuckooed.event("W2", "PAT", "welfare_check", T0 - DAY, role="subject",
                   address="12 Example Road", postcode="ME4 4QU",
                   detail="Resident appeared frightened, unknown males present.")
    case = _cases(cuckooed)["12 Example Road"]
    assert case.residents == ["PAT", "VIC"]
    assert case.indicators["occupant_distress"]["evidence"][0]["event_id"] == "W2"
    person = safeguard.assess(cuckooed.store).people["PAT"]
    assert "resident_of_cuckooed_address" in {i["name"] for i in person["indicators"]}
    assert person["safeguarding_flag"]


# -- intelligence reports and tips about the address -------------------------------------------
VISITORS = ("Young people coming and going from {a} at all hours; the person who lives there "
            "is scared of them.")


def _report(world: Any, source_id: str, text: str, address: str, grade: str | None) -> None:
    """An intelligence report (grade like '2B') or a tip (grade None) naming ``address``."""
    if not world.store.table_exists("text_mentions"):
        world.store.execute(
            "CREATE TABLE text_mentions (source_kind VARCHAR, source_id VARCHAR, "
            "mention_type VARCHAR, value VARCHAR, span_start BIGINT, span_end BIGINT, "
            "source_evaluation VARCHAR, intelligence_assessment VARCHAR, "
            "matched_type VARCHAR, matched_id VARCHAR)")
    text = text.format(a=address)
    start = text.index(address)
    if grade is None:
        world.insert("tips", tip_id=source_id, received_at=T0, channel="online", text=text)
    else:
        world.insert("intel", report_id=source_id, received_at=T0, source_evaluation=grade[0],
                     intelligence_assessment=grade[1], handling_code="P", text=text)
    world.insert("text_mentions", source_kind="intel" if grade else "tips",
                 source_id=source_id, mention_type="address", value=address,
                 span_start=start, span_end=start + len(address),
                 source_evaluation=grade[0] if grade else None,
                 intelligence_assessment=grade[1] if grade else None,
                 matched_type="address", matched_id=address)


@pytest.fixture
def flagged_flat(world: Any) -> Any:
    """A flat flagged for a vulnerable occupant, with a welfare check: no sign of use yet."""
    world.address("Flat 3, 9 Example Court", "ME4 4QX", flags=["Vulnerable occupant"])
    world.event("W9", None, "welfare_check", T0 - DAY, role=None,
                address="Flat 3, 9 Example Court", postcode="ME4 4QX")
    return world


def test_without_reports_a_flagged_flat_shows_no_use(flagged_flat):
    case = _cases(flagged_flat)["Flat 3, 9 Example Court"]
    assert set(case.indicators) == {"vulnerable_occupant_flag", "welfare_checks"}
    assert not case.cuckooed


def test_a_tip_naming_the_address_is_observed_use(flagged_flat):
    _report(flagged_flat, "TIP1", VISITORS, "Flat 3, 9 Example Court", None)
    case = _cases(flagged_flat)["Flat 3, 9 Example Court"]
    assert {"reported_use", "reported_occupant"} <= set(case.indicators)
    use = case.indicators["reported_use"]
    assert use["contribution"] == pytest.approx(0.30 * 0.4)
    assert use["evidence"][0]["source_id"] == "TIP1"
    assert "coming and going" in use["evidence"][0]["matched"]
    assert case.cuckooed


def test_an_e_graded_report_does_not_count(flagged_flat):
    _report(flagged_flat, "IR1", VISITORS, "Flat 3, 9 Example Court", "3E")
    case = _cases(flagged_flat)["Flat 3, 9 Example Court"]
    assert "reported_use" not in case.indicators and not case.cuckooed


def test_a_b_graded_report_outweighs_a_tip(world):
    for address in ("1 Tip Road", "2 Graded Road"):
        world.address(address, "ME4 4QY")
    _report(world, "TIP1", VISITORS, "1 Tip Road", None)
    _report(world, "IR1", VISITORS, "2 Graded Road", "2B")
    cases = _cases(world)
    tip, graded = cases["1 Tip Road"], cases["2 Graded Road"]
    assert graded.indicators["reported_use"]["contribution"] > \
        tip.indicators["reported_use"]["contribution"] > 0
    assert graded.score > tip.score


def test_a_report_about_another_address_in_the_next_sentence_is_not_read_for_this_one(world):
    world.address("5 Calm Road", "ME4 4QZ")
    world.address("6 Busy Road", "ME4 4QZ")
    text = "Her aunt lives at 5 Calm Road. Dealing from 6 Busy Road at all hours."
    _report(world, "IR2", text, "5 Calm Road", "1A")
    start = text.index("6 Busy Road")
    world.insert("text_mentions", source_kind="intel", source_id="IR2",
                 mention_type="address", value="6 Busy Road", span_start=start,
                 span_end=start + 11, source_evaluation="1", intelligence_assessment="A",
                 matched_type="address", matched_id="6 Busy Road")
    cases = _cases(world)
    assert "5 Calm Road" not in cases or "reported_use" not in cases["5 Calm Road"].indicators
    assert "reported_use" in cases["6 Busy Road"].indicators


def test_welfare_check_noting_young_males_and_a_frightened_resident_shows_use(flagged_flat):
    flagged_flat.event("W10", None, "welfare_check", T0, role=None,
                       address="Flat 3, 9 Example Court", postcode="ME4 4QX",
                       detail="Young males present, frightened resident.")
    case = _cases(flagged_flat)["Flat 3, 9 Example Court"]
    assert {"visitors_or_drug_activity", "occupant_distress"} <= set(case.indicators)
    assert case.cuckooed
