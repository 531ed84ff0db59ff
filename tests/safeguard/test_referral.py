"""Referral packs (every section, referrer left blank) and referral status transitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linewatch import safeguard
from linewatch.errors import LinewatchError, NotFound
from linewatch.safeguard.referral import SECTIONS

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest
DAY = dt.timedelta(days=1)


@pytest.fixture
def child(world: Any) -> Any:
    world.person("KID", dob=dt.date(2009, 3, 1), address="2 Home Road", postcode="SE25 6AB",
                 phones=["+447700900002"])
    world.person("MUM", dob=dt.date(1980, 3, 1), address="2 Home Road", postcode="SE25 6AB")
    world.store.execute("UPDATE nominals SET attrs = ? WHERE record_id = 'R-KID'",
                        ['{"school": "Example Academy"}'])
    world.store.execute("UPDATE persons SET display_name = '<script>alert(1)</script> Kid' "
                        "WHERE person_id = 'KID'")
    world.person_role("KID", "runner")
    world.event("M1", "KID", "missing_report", T0 - 6 * DAY, role="subject",
                postcode="SE25 6AB")
    world.event("A1", "KID", "arrest", T0 - 2 * DAY, offence="PWITS class A",
                postcode="ME4 4QU")
    world.event("R1", "KID", "referral", T0 - 20 * DAY, role="subject",
                detail="school safeguarding lead: absences")
    safeguard.run(world.store)
    return world


def test_pack_has_every_section_and_leaves_the_referrer_blank(child):
    pack = safeguard.build_referral_pack(child.store, "KID")
    assert set(SECTIONS) <= set(pack)
    assert pack["identity"]["age_at_reference"] == 15 and pack["identity"]["child"]
    assert pack["school"] == "Example Academy"
    assert pack["household"]["recorded_at_same_address"] == [
        {"person_id": "MUM", "name": "Name MUM"}]
    names = {i["name"] for i in pack["concern"]["indicators"]}
    assert {"child_linked_to_line", "missing_episodes", "found_far_from_home"} <= names
    found = next(i for i in pack["concern"]["indicators"] if i["name"] == "found_far_from_home")
    assert found["evidence"][0]["found"]["event_id"] == "A1"
    assert pack["childs_views"] == "" and pack["carers_informed"] == ""
    assert all(pack["referrer"][k] == "" for k in ("name", "role", "organisation", "contact"))
    assert "never anonymous" in pack["referrer"]["note"]
    assert any("s.45 Modern Slavery Act" in n for n in pack["legal_notes"])
    assert pack["existing_assessments"][0]["event_id"] == "R1"
    assert pack["immediate_risk"]["assessment"] == "high"


def test_html_escapes_values_and_shows_every_section(child):
    html = safeguard.render_referral_html(safeguard.build_referral_pack(child.store, "KID"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    for heading in ("Identity", "Address", "School", "Carers and household", "The concern",
                    "Immediate risk", "The child's views", "Existing assessments",
                    "Agencies involved", "Were carers told", "Referrer", "Referral status"):
        assert heading in html.replace("&#39;", "'")
    assert "found far from home" in html


def test_pdf_is_a_pdf(child):
    pdf = safeguard.render_referral_pdf(safeguard.build_referral_pack(child.store, "KID"))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


def test_pack_for_an_unknown_person_is_not_found(child):
    with pytest.raises(NotFound):
        safeguard.build_referral_pack(child.store, "NOBODY")


def test_status_moves_only_along_the_nrm_path(child):
    store = child.store
    with pytest.raises(LinewatchError, match="draft one first"):
        safeguard.set_referral_status(store, "KID", "sent", user="PC Amin")
    drafted = safeguard.set_referral_status(store, "KID", "drafted", user="PC Amin")
    ref = drafted["referral_id"]
    with pytest.raises(LinewatchError, match="cannot move"):
        safeguard.set_referral_status(store, "KID", "conclusive_grounds", user="PC Amin")
    with pytest.raises(LinewatchError, match="open referral"):
        safeguard.set_referral_status(store, "KID", "drafted", user="PC Amin")
    for status in ("sent", "reasonable_grounds", "conclusive_grounds"):
        row = safeguard.set_referral_status(store, "KID", status, user="PC Amin",
                                            note=f"now {status}")
        assert row["referral_id"] == ref
    with pytest.raises(LinewatchError, match="final"):
        safeguard.set_referral_status(store, "KID", "not_upheld", user="PC Amin")
    with pytest.raises(LinewatchError, match="unknown referral status"):
        safeguard.set_referral_status(store, "KID", "lost", user="PC Amin")
    with pytest.raises(LinewatchError, match="user"):
        safeguard.set_referral_status(store, "KID", "drafted", user="")
    history = safeguard.referral_history(store, "KID")
    assert [h["status"] for h in history] == ["drafted", "sent", "reasonable_grounds",
                                              "conclusive_grounds"]
    pack = safeguard.build_referral_pack(store, "KID")
    assert [s["status"] for s in pack["status"]][-1] == "conclusive_grounds"


def test_a_referral_can_be_not_upheld_after_it_is_sent(child):
    store = child.store
    safeguard.set_referral_status(store, "KID", "drafted", user="PC Amin")
    safeguard.set_referral_status(store, "KID", "sent", user="PC Amin")
    row = safeguard.set_referral_status(store, "KID", "not_upheld", user="PC Amin")
    assert row["previous_status"] == "sent"
    second = safeguard.set_referral_status(store, "KID", "drafted", user="PC Amin")
    assert second["referral_id"] != row["referral_id"]
