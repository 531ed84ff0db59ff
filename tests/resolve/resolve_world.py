"""Tiny hand-made worlds for the resolve tests: nominal records and call data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from linewatch.storage import Store

T0 = dt.datetime(2024, 3, 1, 9, 0, 0)


def num(i: int) -> str:
    """A drama-range UK mobile in E.164."""
    return f"+447700{900000 + i:06d}"


def nominal(system: str, record_id: str, forenames: str | None, surname: str | None,
            dob: str | None = None, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source_system": system, "record_id": record_id, "forenames": forenames,
        "surname": surname, "dob": dt.date.fromisoformat(dob) if dob else None,
        "sex": extra.pop("sex", None), "address": extra.pop("address", None),
        "postcode": extra.pop("postcode", None), "phone": extra.pop("phone", None),
        "nickname": extra.pop("nickname", None), "flags": extra.pop("flags", None),
        "_batch": extra.pop("_batch", 1), "_row": extra.pop("_row", 0),
    }
    assert not extra, extra
    return row


def add_nominals(store: Store, rows: list[dict[str, Any]]) -> None:
    for i, row in enumerate(rows):
        row["_row"] = row["_row"] or i + 1
    store.write_rows("nominals", rows, mode="append")


def sms(a: str, b: str, when: dt.datetime, **ids: str) -> dict[str, Any]:
    return {"start_time": when, "a_number": a, "b_number": b, "event_type": "sms",
            "duration_s": 0, **ids}


def call(a: str, b: str, when: dt.datetime, **ids: str) -> dict[str, Any]:
    return {"start_time": when, "a_number": a, "b_number": b, "event_type": "voice",
            "duration_s": 60, **ids}


def add_cdr(store: Store, rows: list[dict[str, Any]]) -> None:
    for i, row in enumerate(rows):
        for key in ("a_imei", "a_imsi", "b_imei", "b_imsi", "a_cell_id", "b_cell_id"):
            row.setdefault(key, None)
        row.setdefault("event_id", f"E{i}")
        row["_batch"], row["_row"] = 1, i + 1
    store.write_rows("cdr", rows, mode="append")


_FORENAMES = ["Oliver", "Harry", "George", "Noah", "Jack", "Leo", "Arthur", "Muhammad",
              "Oscar", "Charlie", "Jacob", "Thomas", "Henry", "William", "Alfie", "Joshua",
              "Freddie", "Archie", "Ethan", "Isaac", "Alexander", "Joseph", "Edward", "Samuel",
              "Max", "Logan", "Lucas", "Daniel", "Theo", "Mohammed", "Olivia", "Amelia", "Isla",
              "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya"]
_SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
             "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
             "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards",
             "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Clark", "King",
             "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Scott", "Watson"]


def population(n_people: int = 60, seed: int = 3) -> tuple[list[dict[str, Any]],
                                                            dict[tuple[str, str], int]]:
    """``n_people`` people with one to three records each, in three systems, lightly varied.

    Returns the rows and the truth: (source_system, record_id) -> person index.
    """
    import random

    rnd = random.Random(seed)
    rows: list[dict[str, Any]] = []
    truth: dict[tuple[str, str], int] = {}
    for i in range(n_people):
        fn, sn = _FORENAMES[i % len(_FORENAMES)], _SURNAMES[(i * 7) % len(_SURNAMES)]
        dob = dt.date(1985, 1, 1) + dt.timedelta(days=rnd.randint(0, 7000))
        pc = f"ME{1 + i % 15} {1 + i % 9}{'ABDEFGHJ'[i % 8]}{'LNPQRSTU'[(i * 3) % 8]}"
        phone = [num(1000 + i)]
        for k, system in enumerate(rnd.sample(["custody", "rms", "social_care"],
                                              rnd.choice([1, 2, 2, 3]))):
            f, s, d = fn, sn, dob
            if k == 1 and rnd.random() < 0.5:
                s = s[:-1] + ("y" if s[-1] != "y" else "i")
            if k == 2 and d.day <= 12:
                d = dt.date(d.year, d.day, d.month)
            rid = f"{system[:1].upper()}-{i:03d}"
            truth[(system, rid)] = i
            rows.append(nominal(system, rid, f, s, d.isoformat(), sex="M" if i % 3 else "F",
                                address=f"{1 + i} High Street", postcode=pc,
                                phone=phone if k != 1 else None))
    return rows, truth
