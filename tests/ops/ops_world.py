"""A tiny hand-made world for the operations tests: one line, four people, four addresses.

* P1 Marcus Reid, 30, controller of L1, home 3 Sample Street, London SE25 6AB (Met); weapons
  marker; arrested for an offensive weapon (a lock knife seized); firearms intelligence 2B P.
* P2 Jayden Cole, 15, runner of L1 (a child), home 5 Other Road, London SE25 6XY;
  flagged for safeguarding.
* P3 Sharon Wells, 58, trap occupant of L1, home 12 Example Road, Chatham ME4 4QU (Kent), the
  cuckooed trap house; vulnerable adult; dogs recorded there; an E-graded firearm report.
* P4 Kyle Baker, 27, home 40 High Street, Gillingham ME7 1AA (Kent); violence history;
  firearms intelligence under handling code C.

Numbers are in Ofcom's drama range (07700 900xxx); every name is invented.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from linewatch.storage import Store

PLANNED = "2024-03-05T05:00"
T_OP = dt.datetime(2024, 3, 5, 5, 0)
DEAL = "+447700900900"
NEW_DEAL = "+447700900901"
PHONES = {"P1": "+447700900101", "P2": "+447700900102", "P3": "+447700900103",
          "P4": "+447700900104"}
CUSTOMERS = [f"+4477009002{i:02d}" for i in range(6)]
TRAP = ("12 Example Road, Chatham", "ME4 4QU")
HOMES = {"P1": ("3 Sample Street, London", "SE25 6AB"),
         "P2": ("5 Other Road, London", "SE25 6XY"), "P3": TRAP,
         "P4": ("40 High Street, Gillingham", "ME7 1AA")}
NAMES = {"P1": ("Marcus", "Reid", dt.date(1994, 1, 10), "M", ["weapons"], ["Dee"]),
         "P2": ("Jayden", "Cole", dt.date(2008, 6, 1), "M", [], []),
         "P3": ("Sharon", "Wells", dt.date(1966, 2, 2), "F", ["vulnerable_adult"], []),
         "P4": ("Kyle", "Baker", dt.date(1997, 3, 3), "M", [], [])}
FIREARM_TEXT = "Marcus Reid has access to a firearm kept at 3 Sample Street SE25 6AB."
E_TEXT = "A handgun is said to be stored at 12 Example Road, Chatham."
C_TEXT = "Kyle Baker was seen with a sawn-off shotgun at 40 High Street ME7 1AA."
DOG_TEXT = "Two large dogs (XL bully type) loose in the rear garden."

#: the stages' output tables this world fills; their columns are read from a store the real
#: stages wrote (the analysed world of ``tests/conftest.py``), never copied here by hand
TABLES = ("persons", "person_records", "person_roles", "phone_roles", "phone_persons",
          "line_addresses", "line_numbers", "phone_handsets", "number_links",
          "person_exploitation", "address_cuckooing", "target_list")
_COLUMNS: dict[str, str] = {}


def use_columns_of(db: Path) -> None:
    """Take the output tables' column definitions from the analysed store ``db``."""
    with Store.open(db, read_only=True) as store:
        for table in TABLES:
            _COLUMNS[table] = ", ".join(f'"{name}" {kind}' for name, kind, *_ in
                                        store.query(f"DESCRIBE {table}"))


def _rows(store: Store, table: str, rows: list[dict[str, Any]]) -> None:
    """Append rows (every row given every key: Arrow takes its columns from the first)."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    if rows:
        store.write_rows(table, [{k: row.get(k) for k in keys} for row in rows], mode="append")


def build(store: Store, *, omit: frozenset[str] = frozenset()) -> None:
    """Fill ``store``; ``omit`` names pieces of evidence to leave out (for negative tests)."""
    if not _COLUMNS:
        raise RuntimeError("ops_world.use_columns_of(db) first (tests/ops/conftest.py does)")
    for table in TABLES:
        store.execute(f"CREATE TABLE IF NOT EXISTS {table} ({_COLUMNS[table]})")
    persons, nominals, records = [], [], []
    for pid, (fore, sur, dob, sex, flags, nick) in NAMES.items():
        if pid == "P1" and "weapons_marker" in omit:
            flags = []
        if pid == "P3" and "vulnerable_marker" in omit:
            flags = []
        address, postcode = HOMES[pid]
        persons.append({"person_id": pid, "display_name": f"{fore} {sur}", "forenames": fore,
                        "surname": sur, "dob": dob, "nicknames": nick, "phones": [PHONES[pid]],
                        "address": address, "postcode": postcode, "flags": flags,
                        "n_records": 1, "run_id": "t"})
        nominals.append({"source_system": "rms", "record_id": f"R-{pid}", "surname": sur,
                         "forenames": fore, "dob": dob, "sex": sex, "address": address,
                         "postcode": postcode, "phone": [PHONES[pid]], "nickname": nick,
                         "flags": flags})
        records.append({"person_id": pid, "source_system": "rms", "record_id": f"R-{pid}",
                        "run_id": "t"})
    _rows(store, "persons", persons)
    _rows(store, "nominals", nominals)
    _rows(store, "person_records", records)
    events = []
    if "weapon_arrest" not in omit:
        events.append({"source_system": "rms", "event_id": "E1", "event_type": "arrest",
                       "occurred_at": dt.datetime(2023, 11, 2, 14), "record_id": "R-P1",
                       "role": "suspect", "address": HOMES["P1"][0], "postcode": "SE25 6AB",
                       "offence": "possession of an offensive weapon in a public place"})
        _rows(store, "seizures", [{"seizure_id": "S1", "source_system": "rms", "event_id": "E1",
                                   "item_type": "weapon", "description": "lock knife"}])
    if "dogs" not in omit:
        events.append({"source_system": "rms", "event_id": "E2", "event_type": "welfare_check",
                       "occurred_at": dt.datetime(2024, 2, 1, 11), "record_id": "R-P3",
                       "role": "subject", "address": TRAP[0], "postcode": TRAP[1],
                       "detail": DOG_TEXT})
    if "violence" not in omit:
        events.append({"source_system": "rms", "event_id": "E3", "event_type": "arrest",
                       "occurred_at": dt.datetime(2023, 8, 9, 22), "record_id": "R-P4",
                       "role": "suspect", "offence": "assault occasioning actual bodily harm"})
    events.append({"source_system": "rms", "event_id": "E4", "event_type": "welfare_check",
                   "occurred_at": dt.datetime(2024, 2, 3, 11), "record_id": "R-P2",
                   "role": "subject", "address": HOMES["P2"][0], "postcode": "SE25 6XY",
                   "detail": "No dogs at the address. Mother present."})
    _rows(store, "events", events)
    intel = []
    if "firearm_intel" not in omit:
        intel.append({"report_id": "I1", "received_at": dt.datetime(2024, 2, 10),
                      "source_evaluation": "2", "intelligence_assessment": "B",
                      "handling_code": "P", "text": FIREARM_TEXT})
    intel.append({"report_id": "I2", "received_at": dt.datetime(2024, 2, 11),
                  "source_evaluation": "3", "intelligence_assessment": "E",
                  "handling_code": "P", "text": E_TEXT})
    if "c_intel" not in omit:
        intel.append({"report_id": "I3", "received_at": dt.datetime(2024, 2, 12),
                      "source_evaluation": "1", "intelligence_assessment": "A",
                      "handling_code": "C",
                      "handling_conditions": "Not to be disseminated outside the force",
                      "text": C_TEXT})
    _rows(store, "intel", intel)
    _rows(store, "addresses", [{"address": TRAP[0], "postcode": TRAP[1], "lat": 51.38,
                                "lon": 0.52, "flags": []}])
    j = json.dumps({})
    _rows(store, "person_roles", [
        {"person_id": "P1", "role": "controller", "line_id": "L1", "confidence": 0.9,
         "evidence": j, "run_id": "t"},
        {"person_id": "P2", "role": "runner", "line_id": "L1", "confidence": 0.9,
         "evidence": j, "run_id": "t"},
        {"person_id": "P3", "role": "trap_occupant", "line_id": "L1", "confidence": 0.8,
         "evidence": j, "run_id": "t"}])
    roles = [(DEAL, "deal_line", None), (PHONES["P1"], "controller", "P1"),
             (PHONES["P2"], "runner", "P2"), (PHONES["P3"], "trap", "P3")]
    roles += [(c, "customer", None) for c in CUSTOMERS]
    _rows(store, "phone_roles", [{"number": n, "role": r, "line_id": "L1", "person_id": p,
                                  "confidence": 0.9, "evidence": j, "run_id": "t"}
                                 for n, r, p in roles])
    _rows(store, "phone_persons", [{"number": n, "person_id": p, "confidence": 0.9,
                                    "evidence": j, "run_id": "t"} for p, n in PHONES.items()])
    _rows(store, "line_addresses", [{"line_id": "L1", "address": TRAP[0], "postcode": TRAP[1],
                                     "confidence": 0.8, "evidence": j, "run_id": "t"}])
    _rows(store, "line_numbers", [{"line_id": "L1", "number": DEAL,
                                   "first_seen": dt.datetime(2024, 1, 1),
                                   "last_seen": dt.datetime(2024, 3, 4), "run_id": "t"}])
    _rows(store, "phone_handsets", [{"number": DEAL, "imei": "356938035643809",
                                     "imsi": "234101234567890",
                                     "first_seen": dt.datetime(2024, 1, 1),
                                     "last_seen": dt.datetime(2024, 3, 4), "n_events": 40,
                                     "run_id": "t"}])
    if "exploitation" not in omit:
        _rows(store, "person_exploitation", [{"person_id": "P2", "exploitation_risk": 0.8,
                                              "safeguarding_flag": True,
                                              "indicators": json.dumps({"child": True}),
                                              "run_id": "t"}])
    if "cuckooing" not in omit:
        _rows(store, "address_cuckooing", [{"address": TRAP[0], "postcode": TRAP[1],
                                            "cuckooing_score": 0.9, "cuckooed": True,
                                            "evidence": j, "run_id": "t"}])
    _rows(store, "target_list", [{"rank": 1, "person_id": "P1", "priority": 800.0,
                                  "explanation": j, "run_id": "t"},
                                 {"rank": 2, "person_id": "P4", "priority": 300.0,
                                  "explanation": j, "run_id": "t"}])
    cdr = []
    start = dt.datetime(2024, 2, 20, 12)
    for day in range(14):
        t = start + dt.timedelta(days=day)
        cdr.append(call(t, PHONES["P1"], PHONES["P3"]))
        cdr.append(call(t + dt.timedelta(minutes=5), PHONES["P1"], PHONES["P2"]))
        cdr.append(call(t + dt.timedelta(minutes=7), DEAL, PHONES["P2"], "sms"))
        for k, c in enumerate(CUSTOMERS):
            cdr.append(call(t + dt.timedelta(minutes=10 + k), DEAL, c, "sms"))
    add_cdr(store, cdr)


def call(t: dt.datetime, a: str, b: str, kind: str = "voice") -> dict[str, Any]:
    return {"start_time": t, "a_number": a, "b_number": b, "event_type": kind,
            "duration_s": 60 if kind == "voice" else 0}


def add_cdr(store: Store, rows: list[dict[str, Any]]) -> None:
    n = store.count("cdr")
    for i, row in enumerate(rows):
        row.setdefault("event_id", f"C{n + i}")
    _rows(store, "cdr", rows)


def outcomes() -> dict[str, Any]:
    """The record of a morning: two warrants, two arrests, two people safeguarded."""
    return {
        "executed_at": PLANNED,
        "warrants": [
            {"address_id": "A1", "entered_at": "2024-03-05T05:01",
             "people": [{"person_id": "P3", "safeguarded": True,
                         "referral": "adult safeguarding referral to the council"},
                        {"person_id": "P2", "arrested": True, "safeguarded": True,
                         "offence": "on suspicion of being concerned in the supply of Class A "
                                    "drugs", "referral": "NRM referral"}],
             "seizures": [{"item_type": "cash", "value_gbp": "£20,000"},
                          {"item_type": "drug", "drug_name": "crack cocaine", "quantity": 56,
                           "unit": "g"},
                          {"item_type": "drug", "drug_name": "cannabis", "drug_class": "B"},
                          {"item_type": "weapon", "description": "knife"},
                          {"item_type": "phone", "number": "07700 900900",
                           "imei": "356938035643809"},
                          {"item_type": "phone", "number": "07700 900103"}]},
            {"address_id": "A2", "entered_at": "2024-03-05T05:00",
             "people": [{"person_id": "P1", "arrested": True, "disposal": "charged",
                         "offence": "on suspicion of being concerned in the supply of Class A "
                                    "drugs",
                         "charge": "being concerned in the supply of Class A drugs"}],
             "seizures": [{"item_type": "vehicle", "vrm": "ab12 cde"}]},
        ],
    }
