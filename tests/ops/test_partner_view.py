"""A partner force gets only its own addresses, with intelligence text and sources removed and
conditionally-handled intelligence left out entirely."""

from __future__ import annotations

import json

from ops_world import C_TEXT, E_TEXT, FIREARM_TEXT

from linewatch import ops
from linewatch.storage import Store


def _dump(value: object) -> str:
    return json.dumps(value, default=str)


def test_partner_sees_only_its_own_force_addresses(planned: tuple[Store, str]) -> None:
    store, op = planned
    package = ops.build_package(store, op)
    kent = ops.partner_view(package, "Kent Police")
    assert {a["force"] for a in kent["addresses"]} == {"Kent Police"}
    assert {a["address_id"] for a in kent["addresses"]} == {"A1", "A3"}
    text = _dump(kent)
    assert "3 Sample Street" not in text and "SE25 6AB" not in text
    assert [f["force"] for f in kent["forces"]] == ["Kent Police"]


def test_partner_package_has_no_intelligence_text_or_sources(planned: tuple[Store, str]) -> None:
    store, op = planned
    package = ops.build_package(store, op)
    full = _dump(package)
    assert FIREARM_TEXT[:30] in full and "I1" in full  # present before sanitising
    met = ops.partner_view(package, "Metropolitan Police")
    text = _dump(met)
    for forbidden in (FIREARM_TEXT[:30], "firearm kept", '"I1"', "report_id", "source_system",
                      '"rms"', "2BP", "handling_conditions", '"E1"', "E-graded", E_TEXT[:20]):
        assert forbidden not in text, forbidden
    firearms = next(f for f in met["addresses"][0]["risk_flags"] if f["flag"] == "firearms")
    assert firearms["evidence"] == [{"kind": "intel", "date": "2024-02-10",
                                     "note": "intelligence (details held by the lead force)"}]
    assert "Sanitised for Metropolitan Police" in met["notice"]


def test_conditionally_handled_intelligence_is_omitted_entirely(
        planned: tuple[Store, str]) -> None:
    store, op = planned
    package = ops.build_package(store, op)
    a3 = next(a for a in package["addresses"] if a["address_id"] == "A3")
    assert "firearms" in {f["flag"] for f in a3["risk_flags"]}  # raised by I3 (handling C)
    kent = ops.partner_view(package, "Kent Police")
    a3_partner = next(a for a in kent["addresses"] if a["address_id"] == "A3")
    assert "firearms" not in {f["flag"] for f in a3_partner["risk_flags"]}
    assert "violence" in {f["flag"] for f in a3_partner["risk_flags"]}
    text = _dump(kent)
    assert C_TEXT[:20] not in text and "shotgun" not in text and '"I3"' not in text
    assert "Not to be disseminated" not in text


def test_partner_warning_about_a_link_names_only_the_other_force(
        planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.set_entry(store, op, "A2", "2024-03-05T07:00", user="ana")
    kent = ops.partner_view(ops.build_package(store, op), "Kent Police")
    (warning,) = kent["warnings"]
    assert warning["a"] == "A1" and warning["b"] is None
    assert "Metropolitan Police area" in warning["message"]
    assert "Sample Street" not in _dump(kent)


def test_partner_view_of_a_force_without_addresses_is_refused(
        planned: tuple[Store, str]) -> None:
    import pytest

    from linewatch.errors import NotFound

    store, op = planned
    with pytest.raises(NotFound):
        ops.partner_view(ops.build_package(store, op), "Sussex Police")
