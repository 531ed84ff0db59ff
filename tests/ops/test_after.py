"""After-action: targets arrested, silent lines, lines back on a new number, disruption."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ops_world import CUSTOMERS, DEAL, NEW_DEAL, PHONES, T_OP, add_cdr, call, outcomes

from linewatch import ops
from linewatch.errors import LinewatchError
from linewatch.storage import Store

LATER = T_OP + dt.timedelta(days=20)


@pytest.fixture
def executed(planned: tuple[Store, str]) -> tuple[Store, str]:
    store, op = planned
    ops.approve(store, op, user="sue")
    ops.record_outcomes(store, op, outcomes(), user="ana")
    return store, op


def _line(store: Store, op: str) -> dict[str, object]:
    (line,) = ops.after_action(store, op, days=14)["lines"]
    return line


def test_review_needs_recorded_outcomes(planned: tuple[Store, str]) -> None:
    store, op = planned
    with pytest.raises(LinewatchError, match="no recorded outcomes"):
        ops.after_action(store, op)


def test_targets_arrested_are_counted(executed: tuple[Store, str]) -> None:
    store, op = executed
    review = ops.after_action(store, op)
    assert {t["person_id"]: t["arrested"] for t in review["targets"]} == {"P1": True,
                                                                          "P4": False}
    assert review["targets_arrested"] == 1
    assert review["arrested"] == ["P1", "P2"]


def test_silence_is_not_claimed_before_the_data_covers_the_window(
        executed: tuple[Store, str]) -> None:
    store, op = executed
    line = _line(store, op)
    assert line["status"] == "not yet known"
    assert line["events_before"] > 0 and line["events_after"] == 0


def test_a_line_with_no_traffic_after_the_operation_is_silent(
        executed: tuple[Store, str]) -> None:
    store, op = executed
    add_cdr(store, [call(LATER, PHONES["P4"], "+447700900999")])  # data now reaches past
    review = ops.after_action(store, op, days=14)
    assert review["silent_lines"] == ["L1"] and review["data_covers_window"]


def test_a_line_still_texting_is_active(executed: tuple[Store, str]) -> None:
    store, op = executed
    add_cdr(store, [call(T_OP + dt.timedelta(days=2), DEAL, CUSTOMERS[0], "sms"),
                    call(LATER, PHONES["P4"], "+447700900999")])
    assert _line(store, op)["status"] == "active"


def test_a_new_number_texting_the_same_customers_is_a_re_emergence(
        executed: tuple[Store, str]) -> None:
    store, op = executed
    rows = [call(T_OP + dt.timedelta(days=3, minutes=k), NEW_DEAL, c, "sms")
            for k, c in enumerate(CUSTOMERS)]
    rows.append(call(LATER, PHONES["P4"], "+447700900999"))
    add_cdr(store, rows)
    line = _line(store, op)
    assert line["status"] == "re-emerged"
    (new,) = line["new_numbers"]  # type: ignore[misc]
    assert new["number"] == NEW_DEAL and new["shared_contacts"] == 6


def test_a_few_shared_contacts_are_not_a_re_emergence(executed: tuple[Store, str]) -> None:
    store, op = executed
    rows = [call(T_OP + dt.timedelta(days=3, minutes=k), NEW_DEAL, c, "sms")
            for k, c in enumerate(CUSTOMERS[:2] + [f"+4477009003{i:02d}" for i in range(8)])]
    rows.append(call(LATER, PHONES["P4"], "+447700900999"))
    add_cdr(store, rows)
    assert _line(store, op)["status"] == "silent"  # a customer's new phone, not the brand


def test_a_new_number_detection_gives_the_line_is_a_re_emergence(
        executed: tuple[Store, str]) -> None:
    store, op = executed
    store.execute("INSERT INTO line_numbers VALUES ('L1', ?, ?, ?, 't')",
                  [NEW_DEAL, T_OP + dt.timedelta(days=4), T_OP + dt.timedelta(days=9)])
    add_cdr(store, [call(LATER, PHONES["P4"], "+447700900999")])
    line = _line(store, op)
    assert line["status"] == "re-emerged" and line["numbers"] == [DEAL]
    assert line["new_numbers"][0]["basis"].startswith("detection")  # type: ignore[index]


def test_a_continuity_link_to_an_active_number_is_a_re_emergence(
        executed: tuple[Store, str]) -> None:
    store, op = executed
    store.write_rows("number_links", [{"number_a": DEAL, "number_b": "+447700900950",
                                       "link_type": "continuity", "confidence": 0.9,
                                       "evidence": json.dumps({}), "run_id": "t"}],
                     mode="append")
    add_cdr(store, [call(T_OP + dt.timedelta(days=1), "+447700900950", "+447700900998", "sms"),
                    call(LATER, PHONES["P4"], "+447700900999")])
    line = _line(store, op)
    assert line["status"] == "re-emerged"
    assert [n["basis"] for n in line["new_numbers"]] == ["continuity link"]  # type: ignore


def test_disruption_reuses_the_line_network_what_if(executed: tuple[Store, str]) -> None:
    store, op = executed
    frag = _line(store, op)["disruption"]
    assert "linegraph.what_if" in frag["method"]  # type: ignore[index]
    assert set(frag["removed"]) == {"P1", "P2"}  # type: ignore[index]
    assert frag["before"] == 0.0  # one connected network
    assert frag["after"] == pytest.approx(1 - 7 * 6 / (8 * 7))  # 7 + 1 of 8 remain
