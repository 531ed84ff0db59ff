"""Phones linked to persons from nominal records, subscriber checks and seizures."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from resolve_world import T0, add_cdr, add_nominals, call, nominal, num, population

from linewatch.resolve import run
from linewatch.storage import Store


def _links(store: Store) -> dict[tuple[str, str], tuple[float, dict[str, Any]]]:
    rows = store.query("SELECT number, person_id, confidence, evidence FROM phone_persons")
    return {(n, p): (c, json.loads(e)) for n, p, c, e in rows}


def _pid(store: Store, record_id: str) -> str:
    return str(store.scalar("SELECT person_id FROM person_records WHERE record_id = ?",
                            [record_id]))


def test_phone_sources_are_combined_with_evidence(store: Store) -> None:
    rows, _ = population(30)
    rows += [nominal("custody", "C-K", "Kieran", "Doherty", "2005-07-19", postcode="ME5 8AA",
                     phone=[num(50)]),
             nominal("rms", "R-K", "Kez", "Doherty", "2005-07-19", postcode="ME5 8AA",
                     phone=[num(50)])]
    add_nominals(store, rows)
    store.write_rows("subscribers", [
        {"number": num(51), "account_type": "payg_registered",
         "subscriber_name": "Kieran Doherty", "subscriber_dob": dt.date(2005, 7, 19),
         "_batch": 1, "_row": 1},
        {"number": num(52), "account_type": "payg_registered",
         "subscriber_name": "DOHERTY, Kez", "subscriber_dob": dt.date(1990, 1, 1),
         "_batch": 1, "_row": 2}], mode="append")
    store.write_rows("events", [
        {"source_system": "custody", "event_id": "EV1", "event_type": "arrest",
         "occurred_at": T0, "record_id": "C-K", "role": "suspect", "_batch": 1, "_row": 1}],
        mode="append")
    store.write_rows("seizures", [
        {"seizure_id": "S1", "source_system": "custody", "event_id": "EV1",
         "item_type": "phone", "number": num(53), "imei": None, "_batch": 1, "_row": 1},
        {"seizure_id": "S2", "source_system": "custody", "event_id": "EV1",
         "item_type": "phone", "number": None, "imei": "356938035643809", "_batch": 1,
         "_row": 2}], mode="append")
    add_cdr(store, [call(num(54), num(99), T0 - dt.timedelta(days=2),
                         a_imei="356938035643809")])
    run(store)
    links = _links(store)
    pid = _pid(store, "C-K")
    conf, evidence = links[(num(50), pid)]
    assert conf > 0.9 and evidence["sources"] == ["nominal"]
    assert len(evidence["records"]) == 2
    conf, evidence = links[(num(51), pid)]
    assert conf == 0.9 and evidence["sources"] == ["subscriber"]
    assert (num(52), pid) not in links
    conf, evidence = links[(num(53), pid)]
    assert conf == 0.8 and evidence["records"][0]["seizure_id"] == "S1"
    conf, evidence = links[(num(54), pid)]
    assert conf == 0.7 and "imei" in evidence["records"][0]["via"]


def test_number_listed_for_several_people_is_shared_out(store: Store) -> None:
    add_nominals(store, [
        nominal("custody", "C1", "Ann", "Lee", "1960-01-01", postcode="TN1 1AA",
                phone=[num(70)]),
        nominal("custody", "C2", "Bob", "Khan", "1970-01-01", postcode="ME1 1AA",
                phone=[num(70)]),
    ])
    run(store)
    confidences = sorted(c for (n, _p), (c, _e) in _links(store).items() if n == num(70))
    assert len(confidences) == 2 and confidences[0] < 0.7 * 0.8
