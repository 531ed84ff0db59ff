"""Each risk flag fires on the evidence behind it, cites that evidence, and not without it."""

from __future__ import annotations

from typing import Any

from ops_world import PLANNED, build

from linewatch import ops
from linewatch.storage import Store

# Addresses of the plan built below: A1 the cuckooed trap house (Kent), A2 the controller's
# home (Met), A3 Kyle Baker's home (Kent), A4 the child's home (Met).


def _flags(omit: frozenset[str] = frozenset(), before: Any = None) -> dict[str, dict[str, Any]]:
    store = Store.open(":memory:")
    build(store, omit=omit)
    if before is not None:
        before(store)
    op = ops.create_operation(store, "Operation Test", user="ana", planned_at=PLANNED,
                              line_id="L1", person_ids=["P4"],
                              addresses=["5 Other Road, London SE25 6XY"])
    package = ops.build_package(store, op)
    store.close()
    return {a["address_id"]: {f["flag"]: f for f in a["risk_flags"]} | {"_a": a}
            for a in package["addresses"]}


def test_weapons_flag_cites_the_marker_the_offence_and_the_seizure() -> None:
    flag = _flags()["A2"]["weapons"]
    kinds = {(e["kind"], e.get("flag") or e.get("offence") or e.get("seized"))
             for e in flag["evidence"]}
    assert ("marker", "weapons") in kinds
    assert ("event", "possession of an offensive weapon in a public place") in kinds
    assert ("event", "lock knife") in kinds
    assert flag["people"] == ["P1"]


def test_weapons_flag_needs_some_weapons_history() -> None:
    assert "weapons" not in _flags(frozenset({"weapons_marker", "weapon_arrest"}))["A2"]
    only_marker = _flags(frozenset({"weapon_arrest"}))["A2"]["weapons"]
    assert [e["kind"] for e in only_marker["evidence"]] == ["marker"]


def test_violence_flag_fires_on_a_violent_offence_only() -> None:
    flag = _flags()["A3"]["violence"]
    assert flag["evidence"][0]["event_id"] == "E3"
    assert "violence" not in _flags(frozenset({"violence"}))["A3"]


def test_firearms_intelligence_raises_a_flag_with_its_grade() -> None:
    flag = _flags()["A2"]["firearms"]
    (item,) = flag["evidence"]
    assert (item["report_id"], item["grade"], item["counts"]) == ("I1", "2BP", True)
    assert "firearm" in item["text"]
    assert flag["people"] == ["P1"]
    assert "firearms" not in _flags(frozenset({"firearm_intel"}))["A2"]


def test_e_graded_intelligence_alone_raises_nothing() -> None:
    # I2 (graded 3E) says a handgun is stored at the trap house A1.
    assert "firearms" not in _flags()["A1"]

    def regrade(store: Store) -> None:
        store.execute("UPDATE intel SET intelligence_assessment = 'B' WHERE report_id = 'I2'")

    assert _flags(before=regrade)["A1"]["firearms"]["evidence"][0]["report_id"] == "I2"


def test_e_graded_intelligence_is_context_only_when_something_else_raised_the_flag() -> None:
    def also_e(store: Store) -> None:
        store.execute("UPDATE intel SET text = text || ' Marcus Reid keeps a pistol.' "
                      "WHERE report_id = 'I2'")

    evidence = _flags(before=also_e)["A2"]["firearms"]["evidence"]
    e_items = [e for e in evidence if e["report_id"] == "I2"]
    assert e_items and e_items[0]["counts"] is False
    assert "firearms" not in _flags(frozenset({"firearm_intel"}), before=also_e)["A2"]


def test_dogs_recorded_at_the_address_raise_a_flag_but_a_denial_does_not() -> None:
    flags = _flags()
    assert flags["A1"]["dogs"]["evidence"][0]["event_id"] == "E2"
    assert "dogs" not in flags["A4"]  # "No dogs at the address."
    assert "dogs" not in _flags(frozenset({"dogs"}))["A1"]


def test_children_flag_from_age_and_exploitation_assessment() -> None:
    flag = _flags()["A1"]["children"]
    assert flag["people"] == ["P2"]
    assert {e["kind"] for e in flag["evidence"]} == {"age", "exploitation"}

    def grown_up(store: Store) -> None:
        store.execute("UPDATE persons SET dob = DATE '1990-01-01' WHERE person_id = 'P2'")

    assert "children" not in _flags(frozenset({"exploitation"}), before=grown_up)["A1"]


def test_vulnerable_adult_flag_from_the_marker() -> None:
    assert _flags()["A1"]["vulnerable_adults"]["people"] == ["P3"]
    assert "vulnerable_adults" not in _flags(frozenset({"vulnerable_marker"}))["A1"]


def test_cuckooed_resident_is_a_victim_not_a_suspect() -> None:
    a1 = _flags()["A1"]
    assert a1["cuckooed_victim"]["people"] == ["P3"]
    resident = next(o for o in a1["_a"]["occupants"] if o["person_id"] == "P3")
    assert resident["status"] == "victim"
    assert any(s["person_id"] == "P3" for s in a1["_a"]["safeguarding_plan"])
    assert "cuckooed_victim" not in _flags(frozenset({"cuckooing"}))["A1"]


def test_every_child_expected_gets_a_safeguarding_plan_entry() -> None:
    a1 = _flags()["A1"]["_a"]
    entry = next(s for s in a1["safeguarding_plan"] if s["person_id"] == "P2")
    assert entry["category"] == "child"
    assert entry["attending"] == ""  # for the officer
    assert entry["referral_pack"]["available"] is True
    assert "P2" in entry["referral_pack"]["api"]


def test_a_weapon_seized_in_an_earlier_operation_counts_for_the_next(world: Store) -> None:
    from ops_world import outcomes

    first = ops.create_operation(world, "Operation One", user="ana", planned_at=PLANNED,
                                 line_id="L1")
    ops.approve(world, first, user="sue")
    ops.record_outcomes(world, first, outcomes(), user="ana")  # a knife seized at A1
    assert "weapons" not in {f["flag"] for f in ops.build_package(world, first)[
        "addresses"][0]["risk_flags"]}  # an operation's own outcomes are not its history
    second = ops.create_operation(world, "Operation Two", user="ana", planned_at=PLANNED,
                                  addresses=["12 Example Road, Chatham ME4 4QU"])
    flags = {f["flag"]: f for f in ops.build_package(world, second)["addresses"][0][
        "risk_flags"]}
    assert any(e.get("seized") == "knife" for e in flags["weapons"]["evidence"])
