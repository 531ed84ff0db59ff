"""Handling codes and partner sanitising: who may read intelligence and tip text.

The store is a copy of the analysed world plus three crafted intelligence reports about its
top controller (one open, one for supervisors only, one shareable for safeguarding).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from linewatch.api.access import may_see_intel
from linewatch.storage import Store

SECRET_TEXT = "SECRET-SOURCE-DETAIL"
OPEN_TEXT = "runs a line into the county town"
SAFEGUARDING_TEXT = "A 15 year old boy is staying at the trap house"


@pytest.fixture(scope="module")
def store(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory,
          kit: Any) -> Iterator[Store]:
    """The analysed world with three crafted reports naming its top line's controller."""
    s = kit.add_role_users(analysed_world.open_copy(tmp_path_factory.mktemp("handling")))
    _, surname = _top_controller(s)
    at = dt.datetime(2024, 9, 4, 10, 0)
    s.write_rows("intel", [
        {"report_id": "CRAFTED-OPEN", "received_at": at, "source_evaluation": "1",
         "intelligence_assessment": "A", "handling_code": "P", "handling_conditions": None,
         "text": f"{surname} {OPEN_TEXT} from the hub."},
        {"report_id": "CRAFTED-SUPERVISORS", "received_at": at, "source_evaluation": "2",
         "intelligence_assessment": "B", "handling_code": "C",
         "handling_conditions": "Supervisors only: source protection.",
         "text": f"{SECRET_TEXT}: {surname} keeps cash at a flat near the station."},
        {"report_id": "CRAFTED-SAFEGUARDING", "received_at": at, "source_evaluation": "2",
         "intelligence_assessment": "C", "handling_code": "C",
         "handling_conditions": "Do not disseminate outside the force without reference to "
                                "the originator. May be shared for safeguarding purposes.",
         "text": f"{SAFEGUARDING_TEXT} and runs for {surname}."}], mode="append")
    yield s
    s.close()


def _top_controller(store: Store) -> tuple[str, str]:
    row = store.query("SELECT r.person_id, p.surname FROM person_roles r JOIN persons p "
                      "USING (person_id) WHERE r.role = 'controller' "
                      "ORDER BY r.line_id, r.confidence DESC, r.person_id LIMIT 1")
    return row[0][0], row[0][1]


@pytest.fixture(scope="module")
def controller(store: Store) -> tuple[str, str]:
    """The person the crafted reports name: (person id, surname)."""
    return _top_controller(store)


@pytest.mark.parametrize(("role", "code", "conditions", "expected"), [
    ("analyst", "P", None, True),
    ("analyst", "C", "Do not disseminate outside the force.", True),
    ("analyst", "C", "Supervisors only: source protection.", False),
    ("analyst", "C", "Not to be shared with analysts.", False),
    ("analyst", "C", "Restricted to the SIO.", False),
    ("supervisor", "C", "Supervisors only.", True),
    ("admin", "C", "SIO only", True),
    ("safeguarding", "P", None, True),
    ("safeguarding", "C", "Do not disseminate.", False),
    ("safeguarding", "C", "May be shared for safeguarding purposes.", True),
    ("safeguarding", "C", "May be shared for safeguarding purposes. Supervisors only.", False),
    ("partner", "P", None, False),
])
def test_handling_code_rule(role: str, code: str, conditions: str | None, expected: bool) -> None:
    assert may_see_intel(role, code, conditions) is expected


def test_c_intel_restricted_to_supervisors_is_hidden_from_analysts(
        clients: dict[str, Any], controller: tuple[str, str]) -> None:
    person, surname = controller
    analyst = clients["analyst"].get("/api/intel").json()
    assert "CRAFTED-SUPERVISORS" not in {r["report_id"] for r in analyst["intel"]}
    query = {"q": f"cash station {surname}"}
    assert SECRET_TEXT not in clients["analyst"].get("/api/search", params=query).text
    assert SECRET_TEXT not in clients["analyst"].get(f"/api/persons/{person}").text
    supervisor = clients["supervisor"].get("/api/intel").json()
    assert "CRAFTED-SUPERVISORS" in {r["report_id"] for r in supervisor["intel"]}
    assert SECRET_TEXT in clients["supervisor"].get("/api/search", params=query).text
    assert SECRET_TEXT in clients["supervisor"].get(f"/api/persons/{person}").text


def test_safeguarding_officer_sees_only_intel_shared_for_safeguarding(
        clients: dict[str, Any], store: Store) -> None:
    seen = {r["report_id"] for r in clients["safeguarding"].get(
        "/api/intel", params={"limit": 500}).json()["intel"]}
    shareable = {rid for rid, code, conditions in store.query(
        "SELECT report_id, handling_code, handling_conditions FROM intel")
        if may_see_intel("safeguarding", code, conditions)}
    assert {"CRAFTED-OPEN", "CRAFTED-SAFEGUARDING"} <= seen
    assert "CRAFTED-SUPERVISORS" not in seen
    assert seen == shareable


@pytest.fixture(scope="module")
def partner_paths(ids: dict[str, Any], controller: tuple[str, str]) -> list[str]:
    person, surname = controller
    return [f"/api/persons/{person}", f"/api/phones/{ids['deal']}",
            f"/api/search?q={surname}", f"/api/search?q={ids['postcode']}",
            f"/api/timeline?entity=person:{person}", f"/api/addresses?address={ids['address']}",
            f"/api/graph/neighbours?entity=person:{person}&depth=2",
            f"/api/lines/{ids['line']}", "/api/safeguarding"]


def test_partner_sees_no_intel_text_and_no_source_details(
        clients: dict[str, Any], store: Store, partner_paths: list[str],
        controller: tuple[str, str]) -> None:
    intel = [r[0][:40] for r in store.query("SELECT text FROM intel")]
    tips = [r[0][:40] for r in store.query("SELECT text FROM tips")]
    record_id = store.scalar("SELECT record_id FROM person_records WHERE person_id = ? "
                             "ORDER BY record_id LIMIT 1", [controller[0]])
    leaks = [*intel, *tips, OPEN_TEXT, SECRET_TEXT, SAFEGUARDING_TEXT, record_id,
             "source_system", "record_id", "handling_code", "_row"]
    for path in partner_paths:
        res = clients["partner"].get(path)
        assert res.status_code == 200, path
        for leak in leaks:
            assert leak not in res.text, f"{leak!r} leaked to a partner by {path}"


def test_analyst_does_see_identities_and_intel_in_a_profile(
        clients: dict[str, Any], store: Store, controller: tuple[str, str]) -> None:
    person = controller[0]
    body = clients["analyst"].get(f"/api/persons/{person}").json()
    systems = {r[0] for r in store.query(
        "SELECT source_system FROM person_records WHERE person_id = ?", [person])}
    assert systems and {i["source_system"] for i in body["identities"]} == systems
    assert any(OPEN_TEXT in r["text"] for r in body["intel"])
