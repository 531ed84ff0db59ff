"""Handling codes and partner sanitising: who may read intelligence and tip text."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.api.access import may_see_intel

SECRET_TEXT = "SECRET-SOURCE-DETAIL"


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
        clients: dict[str, Any]) -> None:
    analyst = clients["analyst"].get("/api/intel").json()
    assert "I-002" not in {r["report_id"] for r in analyst["intel"]}
    assert SECRET_TEXT not in clients["analyst"].get("/api/search?q=cash station").text
    assert SECRET_TEXT not in clients["analyst"].get("/api/persons/P1").text
    supervisor = clients["supervisor"].get("/api/intel").json()
    assert "I-002" in {r["report_id"] for r in supervisor["intel"]}
    assert SECRET_TEXT in clients["supervisor"].get("/api/search?q=cash station").text


def test_safeguarding_officer_sees_only_intel_shared_for_safeguarding(
        clients: dict[str, Any]) -> None:
    seen = {r["report_id"] for r in clients["safeguarding"].get("/api/intel").json()["intel"]}
    assert seen == {"I-001", "I-003"}


@pytest.mark.parametrize("path", ["/api/persons/P1", "/api/phones/+447700901001",
                                  "/api/search?q=dee", "/api/search?q=chatham",
                                  "/api/timeline?entity=person:P1",
                                  "/api/addresses?address=12 Example Road, Chatham",
                                  "/api/graph/neighbours?entity=person:P1&depth=2",
                                  "/api/lines/L1", "/api/safeguarding"])
def test_partner_sees_no_intel_text_and_no_source_details(clients: dict[str, Any],
                                                          path: str) -> None:
    res = clients["partner"].get(path)
    assert res.status_code == 200
    text = res.text
    for leak in ("Dee runs a line", SECRET_TEXT, "A 15 year old boy", "Young lads from London",
                 "source_system", "record_id", "C-0001", "handling_code", "_row"):
        assert leak not in text, f"{leak!r} leaked to a partner by {path}"


def test_analyst_does_see_identities_and_intel_in_a_profile(clients: dict[str, Any]) -> None:
    body = clients["analyst"].get("/api/persons/P1").json()
    assert body["identities"][0]["source_system"] == "custody"
    assert any("Dee runs a line" in r["text"] for r in body["intel"])
