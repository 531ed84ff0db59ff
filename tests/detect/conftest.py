"""Fixtures of the detection tests: a hand-made mini world, one county line and its look-alikes.

Everything is deterministic and small (a few thousand events). Times are naive UTC in
September 2024, when London is on UTC+1.

- a hub (cells H1-H3) and a county town (cells M1-M3) 50 km apart, plus a second town (T1);
- deal line ``D1`` (unregistered pay-as-you-go, two handsets) with 25 customers in the town who
  order on several days, a morning broadcast to all of them, a controller ``K`` in the hub
  who calls the line every day, two runners ``R1``/``R2`` who travel hub -> town, ring the
  customers who ordered and sleep near the trap phone ``T`` in the town; on day 5 the brand
  moves to ``D2`` (same customers);
- a GP surgery ``GP`` (business account) texting 30 different patients each weekday morning;
  patients almost never reply;
- ordinary people in friend groups, one heavy user, and a delivery driver with many one-off
  calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from linewatch.storage import Store

START = dt.datetime(2024, 9, 2, 0, 0, 0)  # a Monday


def num(i: int) -> str:
    return f"+4477009{i:05d}"


D1, D2, K, R1, R2, T, GP = num(1), num(2), num(3), num(4), num(5), num(6), num(7)
HEAVY, DRIVER = num(8), num(9)
CUSTOMERS = [num(100 + i) for i in range(25)]
PATIENTS = [num(300 + i) for i in range(150)]
FRIENDS = [num(600 + i) for i in range(30)]
DRIVER_CUSTOMERS = [num(800 + i) for i in range(120)]

CELLS = [
    {"cell_id": "H1", "lat": 51.500, "lon": -0.100}, {"cell_id": "H2", "lat": 51.510, "lon": -0.090},
    {"cell_id": "H3", "lat": 51.495, "lon": -0.110},
    {"cell_id": "M1", "lat": 51.380, "lon": 0.520}, {"cell_id": "M2", "lat": 51.385, "lon": 0.530},
    {"cell_id": "M3", "lat": 51.375, "lon": 0.510},
    {"cell_id": "T1", "lat": 51.270, "lon": 1.080},
]


class World:
    """Collects cdr rows with increasing ``_row`` numbers."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, day: int, seconds: int, a: str, b: str, kind: str = "sms", *,
            a_cell: str | None = None, b_cell: str | None = None, a_imei: str | None = None,
            duration: int | None = None) -> None:
        when = START + dt.timedelta(days=day, seconds=seconds)
        self.rows.append({
            "event_id": f"E{len(self.rows) + 1}", "start_time": when, "a_number": a,
            "b_number": b, "event_type": kind,
            "duration_s": duration if kind == "voice" else None, "a_cell_id": a_cell,
            "b_cell_id": b_cell, "a_imei": a_imei, "a_imsi": None, "b_imei": None,
            "b_imsi": None, "_batch": 1, "_file": 1, "_row": len(self.rows) + 1})


def _hm(h: int, m: int = 0, s: int = 0) -> int:
    """Seconds after midnight UTC for local (BST) time h:m:s."""
    return (h - 1) * 3600 + m * 60 + s


def build_world(*, days: int = 8) -> World:
    w = World()
    mk = ["M1", "M2", "M3"]
    for day in range(days):
        line = D1 if day < 5 else D2
        imei = "IMEI-A" if day < 3 else ("IMEI-B" if day < 5 else "IMEI-C")
        # morning broadcast to every customer, two seconds apart
        for i, c in enumerate(CUSTOMERS):
            w.add(day, _hm(10, 0, 2 * i), line, c, a_cell="M1", a_imei=imei)
        if day == 5:  # the new number announces itself from the old one too
            for i, c in enumerate(CUSTOMERS):
                w.add(day, _hm(9, 0, i), D1, c, a_cell="M1", a_imei="IMEI-B")
        # customers order: a third of them each day, evening and late night
        for i, c in enumerate(CUSTOMERS):
            if (i + day) % 3 == 0:
                hour = 23 if i % 2 else 20
                w.add(day, _hm(hour, i % 50), c, line, a_cell=mk[i % 3])
                w.add(day, _hm(hour, i % 50, 30), line, c, a_cell="M2", a_imei=imei)
                if i % 4 == 0:
                    w.add(day, _hm(1 if hour == 23 else 21, 5), c, line, "voice",
                          a_cell=mk[i % 3], duration=40)
        # controller calls the line and the runners from the hub
        w.add(day, _hm(12), K, line, "voice", a_cell="H1", duration=90)
        w.add(day, _hm(12, 5), line, R1, "sms", a_cell="M2", a_imei=imei)
        w.add(day, _hm(12, 6), line, R2, "sms", a_cell="M2", a_imei=imei)
        w.add(day, _hm(13), K, R1, "voice", a_cell="H2", duration=60)
        w.add(day, _hm(13, 10), K, R2, "voice", a_cell="H2", duration=60)
        # runners: first two days in the hub, then in the town; overnight near the trap
        for r in (R1, R2):
            cell = "H3" if day < 2 else "M3"
            w.add(day, _hm(2, 30), r, T, "voice", a_cell=cell, duration=30)
            w.add(day, _hm(15), r, line, "sms", a_cell=cell)
            # out on deliveries: the runner rings the customers who ordered
            if day >= 2:
                for c in CUSTOMERS[(day * 3) % 25:(day * 3) % 25 + 3]:
                    w.add(day, _hm(20, 40), r, c, "voice", a_cell=cell, duration=15)
        w.add(day, _hm(18), T, R1, "sms", a_cell="M3")
        # GP surgery: weekdays 09:00, 30 different patients a day
        if day % 7 < 5:
            for i in range(30):
                w.add(day, _hm(9, 0, i), GP, PATIENTS[(day * 30 + i) % 150], a_cell="T1")
            w.add(day, _hm(11), PATIENTS[day], GP, "voice", a_cell="T1", duration=60)
        # friends text each other in small groups during the day
        for g in range(0, 30, 5):
            group = FRIENDS[g:g + 5]
            for j, a in enumerate(group):
                b = group[(j + day) % 5]
                if a != b:
                    w.add(day, _hm(17, j), a, b, a_cell="T1")
                    w.add(day, _hm(17, j + 10), b, a, a_cell="T1")
        # a heavy user: many events with the same friends, day and evening
        for j in range(40):
            f = FRIENDS[j % 10]
            w.add(day, _hm(8 + j % 14, j), HEAVY, f, "voice" if j % 3 else "sms",
                  a_cell="H2", duration=120)
            w.add(day, _hm(8 + j % 14, j, 30), f, HEAVY, a_cell="H2")
        # a delivery driver calling fifteen different customers once each, across the region
        for j in range(15):
            w.add(day, _hm(9 + j // 2, (j * 7) % 60), DRIVER, DRIVER_CUSTOMERS[(day * 15 + j) % 120],
                  "voice", a_cell=["H1", "M1", "T1"][j % 3], duration=30)
    return w


def make_store(*, with_cells: bool = True, with_subscribers: bool = True,
               days: int = 8) -> Store:
    store = Store.open(":memory:")
    w = build_world(days=days)
    rows = w.rows
    if not with_cells:
        for r in rows:
            r["a_cell_id"] = None
    store.write_rows("cdr", rows, mode="append")
    if with_cells:
        store.write_rows("cells", CELLS, mode="append")
    if with_subscribers:
        subs = [{"number": D1, "account_type": "payg_unregistered"},
                {"number": D2, "account_type": "payg_unregistered"},
                {"number": GP, "account_type": "business"},
                {"number": DRIVER, "account_type": "contract"},
                {"number": HEAVY, "account_type": "contract"}]
        store.write_rows("subscribers", subs, mode="append")
    return store


@pytest.fixture
def world_store() -> Iterator[Store]:
    store = make_store()
    yield store
    store.close()


@pytest.fixture
def mini() -> SimpleNamespace:
    """The mini world's numbers and its store builder (``mini.make_store(with_cells=...)``)."""
    return SimpleNamespace(D1=D1, D2=D2, K=K, R1=R1, R2=R2, T=T, GP=GP, HEAVY=HEAVY,
                           DRIVER=DRIVER, CUSTOMERS=CUSTOMERS, PATIENTS=PATIENTS,
                           FRIENDS=FRIENDS, make_store=make_store, START=START)
