"""Trap phones by who they are not: in touch with the runners, never a customer."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from linewatch.detect import run

RELATIVE, VISITOR = "+447700900970", "+447700900971"


def test_a_market_phone_in_touch_with_the_runners_that_never_buys_is_a_trap(
        mini: SimpleNamespace) -> None:
    store = mini.make_store()
    try:
        rows = []
        for day in (2, 4, 6):  # as few days as a customer: the day-count rule misses it
            rows.append((day, 11, RELATIVE, mini.R1, "M3"))
        for day in range(2, 8):  # busy customers: the runners ring three of them every day
            rows += [(day, 20, mini.R1, c, "M2") for c in mini.CUSTOMERS[:3]]
        for day in (3, 5):  # somebody in the market who texted a runner on two days only
            rows.append((day, 12, VISITOR, mini.R2, "M1"))
        start = store.query_one("SELECT max(_row) FROM cdr")[0]
        store.write_rows("cdr", [
            {"event_id": f"X{i}", "start_time": mini.START + dt.timedelta(days=d, hours=h),
             "a_number": a, "b_number": b, "event_type": "sms", "duration_s": None,
             "a_cell_id": cell, "b_cell_id": None, "a_imei": None, "a_imsi": None,
             "b_imei": None, "b_imsi": None, "_batch": 1, "_file": 1, "_row": start + i + 1}
            for i, (d, h, a, b, cell) in enumerate(rows)], mode="append")
        run(store)
        roles = {n: (r, json.loads(e)) for n, r, e in store.query(
            "SELECT number, role, evidence FROM phone_roles WHERE number IN (?, ?, ?)",
            [RELATIVE, VISITOR, mini.CUSTOMERS[0]])}
        assert roles[RELATIVE][0] == "trap"
        assert roles[RELATIVE][1]["runner_contact_days"] == 3
        assert "never a customer" in roles[RELATIVE][1]["rule"]
        assert roles[VISITOR][0] == "other"  # two days: below trap_min_days
        assert roles[mini.CUSTOMERS[0]][0] == "customer"
    finally:
        store.close()
