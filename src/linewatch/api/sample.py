"""A small made-up world, analysis tables included, for the web app's tests and benchmark.

Not a simulator: it writes fixed, hand-shaped rows (``lines`` county lines, each with a
controller, two runners, a cuckooed trap address and customers) straight into the input and
analysis output tables, so the web app can be exercised before or without the analysis stages.
Every number is in Ofcom's drama range or a possible-but-unallocated 07700 9xxxxx number; every
name is invented.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pyarrow as pa

from linewatch.storage import Store

T0 = dt.datetime(2024, 1, 3, 9, 0)
HUB = (51.3980, -0.0750)  # a hub city area
TOWN = (51.3800, 0.5200)  # a county town area
FORENAMES = ["Marcus", "Jayden", "Sharon", "Tom", "Lee", "Kyle", "Aaron", "Dionne", "Reece",
             "Paula", "Connor", "Tyrese", "Gary", "Leah", "Nathan", "Shane"]
SURNAMES = ["Reid", "Cole", "Wells", "Baker", "Grant", "Moss", "Hart", "Price", "Dunn", "Shaw",
            "Fox", "Lowe", "Webb", "Hale", "Kerr", "Nash"]


def _num(i: int) -> str:
    return f"+4477009{i:05d}"


def _uniform(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row the same keys (Arrow takes its columns from the first row)."""
    keys: dict[str, None] = {}
    for row in data:
        keys.update(dict.fromkeys(row))
    return [{k: row.get(k) for k in keys} for row in data]


def _j(value: object) -> str:
    return json.dumps(value, default=str)


def build_sample_store(store: Store, lines: int = 1, customers: int = 12, days: int = 30,
                       texts_per_day: int = 2, seed: int = 7) -> dict[str, int]:
    """Fill ``store`` with ``lines`` made-up county lines; returns row counts written."""
    rng = np.random.default_rng(seed)
    cells: list[dict[str, Any]] = []
    addresses: list[dict[str, Any]] = []
    nominals: list[dict[str, Any]] = []
    persons: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    phone_roles: list[dict[str, Any]] = []
    person_roles: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    line_numbers: list[dict[str, Any]] = []
    line_addresses: list[dict[str, Any]] = []
    phone_persons: list[dict[str, Any]] = []
    phone_scores: list[dict[str, Any]] = []
    features: list[dict[str, Any]] = []
    handsets: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    priority: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    exploitation: list[dict[str, Any]] = []
    safeguarding: list[dict[str, Any]] = []
    cuckooing: list[dict[str, Any]] = []
    subscribers: list[dict[str, Any]] = []
    cdr_a: list[str] = []
    cdr_b: list[str] = []
    cdr_t: list[dt.datetime] = []
    cdr_type: list[str] = []
    cdr_cell: list[str] = []
    pid = 0
    for li in range(lines):
        base = 1000 + li * (customers + 10)
        line_id = f"L{li + 1}"
        old, new = _num(base), _num(base + 1)
        ctrl_phone, run1, run2, trap_phone = (_num(base + k) for k in (2, 3, 4, 5))
        cust = [_num(base + 10 + k) for k in range(customers)]
        hub_cell, town_cells = f"C{li}H", [f"C{li}T{k}" for k in range(3)]
        cells.append({"cell_id": hub_cell, "lat": HUB[0] + li * 0.01, "lon": HUB[1],
                      "site_name": f"Hub site {li + 1}", "area": "Hub city"})
        for k, cid in enumerate(town_cells):
            cells.append({"cell_id": cid, "lat": TOWN[0] + li * 0.01 + k * 0.004,
                          "lon": TOWN[1] + k * 0.006, "site_name": f"Town site {li + 1}.{k}",
                          "area": "County town"})
        trap_addr = f"{12 + li} Example Road, Chatham"
        addresses.append({"address": trap_addr, "postcode": "ME4 4QU", "lat": TOWN[0] + li * 0.01,
                          "lon": TOWN[1] + 0.002, "flags": ["vulnerable_occupant"]})
        people = []
        for role, phone in (("controller", ctrl_phone), ("runner", run1), ("runner", run2),
                            ("trap_occupant", trap_phone), ("customer", cust[0]),
                            ("customer", cust[1])):
            pid += 1
            person_id = f"P{pid}"
            fore, sur = FORENAMES[pid % len(FORENAMES)], SURNAMES[(pid * 7) % len(SURNAMES)]
            age = {"controller": 24, "runner": 15, "trap_occupant": 52}.get(role, 33)
            dob = dt.date(2024 - age, 1 + pid % 12, 1 + pid % 27)
            addr = trap_addr if role == "trap_occupant" else f"{pid} Sample Street, London"
            postcode = "ME4 4QU" if role == "trap_occupant" else "SE25 6AB"
            nick = ([("Dee" if li == 0 else f"Dee{pid}")] if role == "controller" else [])
            flags = {"runner": ["missing_episodes"], "trap_occupant": ["vulnerable_adult"],
                     "controller": ["weapons"]}.get(role, [])
            recs = [("custody", f"C-{pid:04d}")] + ([("rms", f"R-{pid:04d}")]
                                                    if role in ("controller", "runner") else [])
            for system, rid in recs:
                nominals.append({"source_system": system, "record_id": rid, "surname": sur,
                                 "forenames": fore, "dob": dob, "sex": "M", "address": addr,
                                 "postcode": postcode, "phone": [phone], "nickname": nick,
                                 "flags": flags})
                records.append({"person_id": person_id, "source_system": system,
                                "record_id": rid, "run_id": "sample"})
            persons.append({"person_id": person_id, "display_name": f"{fore} {sur}",
                            "forenames": fore, "surname": sur, "dob": dob, "nicknames": nick,
                            "phones": [phone], "address": addr, "postcode": postcode,
                            "flags": flags, "n_records": len(recs), "run_id": "sample"})
            phone_persons.append({"number": phone, "person_id": person_id, "confidence": 0.9,
                                  "evidence": _j({"nominal": recs[0]}), "run_id": "sample"})
            person_roles.append({"person_id": person_id, "role": role,
                                 "line_id": line_id if role != "customer" else line_id,
                                 "confidence": 0.85, "evidence": _j({"phone": phone}),
                                 "run_id": "sample"})
            people.append((person_id, role, recs))
            if role == "runner":
                events.append({"source_system": "custody", "event_id": f"E{pid}M",
                               "event_type": "missing_report", "occurred_at": T0 +
                               dt.timedelta(days=5 + pid % 7), "record_id": recs[0][1],
                               "role": "subject", "postcode": "SE25 6AB",
                               "detail": "Missing from home overnight, found in Chatham."})
                exploitation.append({"person_id": person_id, "exploitation_risk": 0.82,
                                     "safeguarding_flag": True, "indicators": _j({
                                         "age": age, "child": age < 18, "indicators": [
                                             {"name": "missing_episodes", "weight": 0.3,
                                              "evidence": [{"table": "events",
                                                            "event_id": f"E{pid}M"}]},
                                             {"name": "travels_hub_to_county",
                                              "weight": 0.3, "evidence": []},
                                             {"name": "child", "weight": 0.2, "evidence": []}]}),
                                     "run_id": "sample"})
            if role in ("controller", "runner"):
                events.append({"source_system": "custody", "event_id": f"E{pid}A",
                               "event_type": "arrest", "occurred_at": T0 +
                               dt.timedelta(days=20), "record_id": recs[0][1],
                               "role": "suspect", "offence": "possession with intent to "
                               "supply Class A", "outcome": "released_under_investigation",
                               "address": trap_addr, "postcode": "ME4 4QU"})
            harm = {"controller": 812.5, "runner": 120.0}.get(role, 10.0)
            priority.append({"person_id": person_id, "harm_score": harm, "priority": harm,
                             "components": _j({"harm": harm, "recency": 0.8,
                                               "line_position": role}), "run_id": "sample"})
        ctrl = people[0][0]
        targets.append({"rank": li + 1, "person_id": ctrl, "priority": 812.5,
                        "explanation": _j({"role": "controller", "harm": 812.5}),
                        "run_id": "sample"})
        for pr in people[1:3]:
            safeguarding.append({"rank": len(safeguarding) + 1, "person_id": pr[0],
                                 "exploitation_risk": 0.82, "run_id": "sample"})
        cuckooing.append({"address": trap_addr, "postcode": "ME4 4QU", "cuckooing_score": 0.91,
                          "cuckooed": True, "evidence": _j({"night_visits": 14}),
                          "run_id": "sample"})
        line_rows.append({"line_id": line_id, "score": 0.97, "first_seen": T0,
                          "last_seen": T0 + dt.timedelta(days=days),
                          "explanation": _j({"bulk_texts": days * texts_per_day,
                                             "unregistered_payg": True}), "run_id": "sample"})
        swap = T0 + dt.timedelta(days=days // 2)
        line_numbers += [{"line_id": line_id, "number": old, "first_seen": T0, "last_seen": swap,
                          "run_id": "sample"},
                         {"line_id": line_id, "number": new, "first_seen": swap,
                          "last_seen": T0 + dt.timedelta(days=days), "run_id": "sample"}]
        links.append({"number_a": old, "number_b": new, "link_type": "continuity",
                      "confidence": 0.93, "evidence": _j({"shared_customers": customers}),
                      "run_id": "sample"})
        line_addresses.append({"line_id": line_id, "address": trap_addr, "postcode": "ME4 4QU",
                               "confidence": 0.8, "evidence": _j({"runner_dwell_nights": 9}),
                               "run_id": "sample"})
        owner = {ph: p for p, _, _ in people for ph in
                 [r["number"] for r in phone_persons if r["person_id"] == p]}
        roles = {old: "deal_line", new: "deal_line", ctrl_phone: "controller", run1: "runner",
                 run2: "runner", trap_phone: "trap", **{c: "customer" for c in cust}}
        for number, role in roles.items():
            phone_roles.append({"number": number, "role": role, "line_id": line_id,
                                "person_id": owner.get(number), "confidence": 0.9,
                                "evidence": _j({}),
                                "run_id": "sample"})
            score = 0.97 if role == "deal_line" else 0.05
            phone_scores.append({"number": number, "deal_line_score": score,
                                 "is_deal_line": role == "deal_line", "explanation": _j(
                                     {"features": {"distinct_sms_recipients": customers},
                                      "contributions": {"bulk_texts": score}}),
                                 "run_id": "sample"})
            features.append({"number": number, "n_events": 0, "distinct_contacts": 0,
                             "run_id": "sample"})
            subscribers.append({"number": number, "account_type": "payg_unregistered"
                                if role == "deal_line" else "payg_registered",
                                "activated_on": dt.date(2023, 12, 1)})
        for number, imei in ((old, f"3569380356{li:05d}"), (new, f"3569380357{li:05d}")):
            handsets.append({"number": number, "imei": imei, "imsi": f"23410{li:010d}",
                             "first_seen": T0, "last_seen": T0 + dt.timedelta(days=days),
                             "n_events": days, "run_id": "sample"})
        # calls and texts
        for d in range(days):
            day = T0 + dt.timedelta(days=d)
            line_phone = old if day < swap else new
            for _ in range(texts_per_day):
                for c in cust:
                    cdr_a.append(line_phone)
                    cdr_b.append(c)
                    cdr_t.append(day + dt.timedelta(minutes=int(rng.integers(0, 600))))
                    cdr_type.append("sms")
                    cdr_cell.append(hub_cell)
            for c in cust[: max(1, customers // 3)]:
                cdr_a.append(c)
                cdr_b.append(line_phone)
                cdr_t.append(day + dt.timedelta(hours=2, minutes=int(rng.integers(0, 500))))
                cdr_type.append("voice")
                cdr_cell.append(town_cells[0])
            for a, b, cell in ((ctrl_phone, run1, hub_cell), (run1, trap_phone, town_cells[1]),
                               (ctrl_phone, run2, hub_cell), (run2, run1, town_cells[2])):
                cdr_a.append(a)
                cdr_b.append(b)
                cdr_t.append(day + dt.timedelta(hours=1 + d % 5))
                cdr_type.append("voice")
                cdr_cell.append(cell)
    n = len(cdr_a)
    cdr = pa.table({
        "event_id": [f"X{i}" for i in range(n)], "start_time": pa.array(cdr_t, pa.timestamp("us")),
        "a_number": cdr_a, "b_number": cdr_b, "event_type": cdr_type,
        "duration_s": [60 if t == "voice" else 0 for t in cdr_type], "a_cell_id": cdr_cell,
    })
    store.write_arrow("cdr", cdr, mode="append")
    tables: list[tuple[str, list[dict[str, Any]]]] = [
        ("cells", cells), ("addresses", addresses), ("nominals", nominals),
                        ("events", events), ("subscribers", subscribers)]
    for table, data in tables:
        store.write_rows(table, _uniform(data), mode="append")
    store.write_rows("intel", _uniform(_intel()), mode="append")
    store.write_rows("tips", [{"tip_id": "T-0001", "received_at": T0 + dt.timedelta(days=3),
                               "channel": "phone", "text": "Young lads from London selling "
                               "from 12 Example Road, Chatham; they call the phone Dee."}],
                     mode="append")
    for table, data in (("persons", persons), ("person_records", records),
                        ("number_links", links), ("phone_handsets", handsets),
                        ("phone_persons", phone_persons), ("phone_features", features),
                        ("phone_scores", phone_scores), ("lines", line_rows),
                        ("line_numbers", line_numbers), ("phone_roles", phone_roles),
                        ("person_roles", person_roles), ("line_addresses", line_addresses),
                        ("person_priority", priority), ("target_list", targets),
                        ("person_exploitation", exploitation),
                        ("safeguarding_list", safeguarding), ("address_cuckooing", cuckooing)):
        store.write_rows(table, _uniform(data), mode="replace")
    return {"cdr": n, "persons": len(persons), "lines": len(line_rows)}


def _intel() -> list[dict[str, Any]]:
    at = T0 + dt.timedelta(days=2)
    return [
        {"report_id": "I-001", "received_at": at, "source_evaluation": "1",
         "intelligence_assessment": "A", "handling_code": "P",
         "text": "Dee runs a line into Chatham from South Norwood using 07700 901001."},
        {"report_id": "I-002", "received_at": at + dt.timedelta(days=1),
         "source_evaluation": "2", "intelligence_assessment": "B", "handling_code": "C",
         "handling_conditions": "Supervisors only: source protection.",
         "text": "SECRET-SOURCE-DETAIL: Dee keeps cash at a flat near the station."},
        {"report_id": "I-003", "received_at": at + dt.timedelta(days=2),
         "source_evaluation": "2", "intelligence_assessment": "C", "handling_code": "C",
         "handling_conditions": "Do not disseminate outside the force without reference to "
                                "the originator. May be shared for safeguarding purposes.",
         "text": "A 15 year old boy is staying at 12 Example Road, Chatham, runs for Dee."},
    ]
