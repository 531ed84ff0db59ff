"""Victim first under uncertain identity: who may be the same person as someone flagged.

Resolution joins records into persons with a threshold; a child whose records are split across
two persons (a misspelt name, a new address, a typo in the date of birth) can be flagged as one
person and ranked as an offender as the other. Before a person is put on the target list, this
module looks for signs that they may be a flagged person under another identity:

* a near match: a record pair resolution scored at or above ``possible_match_min_probability``
  but below its linking threshold, one record on each side;
* the same first forename, surname and date of birth (usually at another address);
* a shared phone (on their records, or attributed to both), when their dates of birth do not
  contradict it (unknown, within ``same_person_dob_days``, or the same day and month).

Any one of these holds the person back from the target list, with the reason, until a
supervisor records an override (:func:`linewatch.safeguard.add_target_override`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from linewatch.safeguard.params import make_params
from linewatch.storage import Store


def possible_same_as_flagged(store: Store, flagged: Mapping[str, Mapping[str, Any]],
                             params: dict[str, Any] | None = None
                             ) -> dict[str, list[dict[str, Any]]]:
    """Unflagged person -> why they may be the same as a flagged person (strongest first).

    Each reason has ``flagged_person_id``, ``signal`` (``near_match``, ``name_and_dob``,
    ``shared_phone``), ``reason`` (one sentence a reader can check) and ``evidence``.
    """
    if not flagged or not store.table_exists("persons"):
        return {}
    p = make_params(params)
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(pid: str, other: str, signal: str, because: str, evidence: dict[str, Any]) -> None:
        if pid in flagged or other not in flagged:
            return
        who = "flagged child" if flagged[other].get("child") else "person flagged for " \
            "safeguarding"
        if any(r["flagged_person_id"] == other and r["signal"] == signal for r in found[pid]):
            return
        found[pid].append({"flagged_person_id": other, "signal": signal,
                           "reason": f"possible same person as {who} {other}: {because}",
                           "evidence": evidence})

    for a, b, prob, rec_a, rec_b in _near_matches(store, float(
            p["possible_match_min_probability"])):
        because = f"records {rec_a} and {rec_b} match with probability {prob:.2f}"
        evidence = {"table": "resolve_pairs", "records": [rec_a, rec_b],
                    "match_probability": round(prob, 4)}
        add(a, b, "near_match", because, evidence)
        add(b, a, "near_match", because, evidence)
    people = store.query_dicts("SELECT person_id, forenames, surname, dob, phones FROM persons")
    by_name_dob: dict[tuple[str, str, dt.date], list[str]] = defaultdict(list)
    for row in people:
        first = (row["forenames"] or "").strip().lower().split()
        surname = (row["surname"] or "").strip().lower()
        if first and surname and row["dob"] is not None:
            by_name_dob[(first[0], surname, row["dob"])].append(row["person_id"])
    for (_, _, dob), pids in by_name_dob.items():
        for a in pids:
            for b in pids:
                if a != b:
                    add(a, b, "name_and_dob", f"same name and date of birth ({dob})",
                        {"table": "persons", "person_ids": sorted([a, b]), "dob": str(dob)})
    dobs = {r["person_id"]: r["dob"] for r in people}
    max_days = int(p["same_person_dob_days"])
    for number, pids in sorted(_phone_holders(store, people, float(
            p["min_phone_confidence"])).items()):
        for a in pids:
            for b in pids:
                if a != b and _dobs_agree(dobs.get(a), dobs.get(b), max_days):
                    add(a, b, "shared_phone", f"shares phone {number}",
                        {"table": "persons", "number": number, "person_ids": sorted([a, b])})
    order = {"near_match": 0, "name_and_dob": 1, "shared_phone": 2}
    return {pid: sorted(reasons, key=lambda r: (order[r["signal"]], r["flagged_person_id"]))
            for pid, reasons in found.items() if reasons}


def _near_matches(store: Store, min_probability: float
                  ) -> list[tuple[str, str, float, str, str]]:
    """Pairs of different persons with a record pair scored at least ``min_probability``."""
    if not (store.table_exists("resolve_pairs") and store.table_exists("person_records")):
        return []
    rows = store.query(
        "SELECT a.person_id, b.person_id, max(p.match_probability), "
        " arg_max(p.source_system_l || ':' || p.record_id_l, p.match_probability), "
        " arg_max(p.source_system_r || ':' || p.record_id_r, p.match_probability) "
        "FROM resolve_pairs p "
        "JOIN person_records a ON a.source_system = p.source_system_l "
        " AND a.record_id = p.record_id_l "
        "JOIN person_records b ON b.source_system = p.source_system_r "
        " AND b.record_id = p.record_id_r "
        "WHERE a.person_id <> b.person_id AND p.match_probability >= ? "
        "GROUP BY a.person_id, b.person_id ORDER BY 1, 2", [min_probability])
    return [(str(a), str(b), float(prob), str(ra), str(rb)) for a, b, prob, ra, rb in rows]


def _phone_holders(store: Store, people: list[dict[str, Any]],
                   min_confidence: float) -> dict[str, list[str]]:
    """Number -> persons holding it (on their records, or attributed), for shared numbers."""
    holders: dict[str, set[str]] = defaultdict(set)
    for row in people:
        for number in row["phones"] or []:
            holders[str(number)].add(row["person_id"])
    if store.table_exists("phone_persons"):
        for number, pid in store.query("SELECT number, person_id FROM phone_persons "
                                       "WHERE confidence >= ?", [min_confidence]):
            holders[str(number)].add(str(pid))
    return {n: sorted(pids) for n, pids in holders.items() if len(pids) > 1}


def _dobs_agree(a: dt.date | None, b: dt.date | None, max_days: int) -> bool:
    """Dates of birth that could be one person's: unknown, close, or a year typo apart."""
    if a is None or b is None:
        return True
    return abs((a - b).days) <= max_days or (a.month, a.day) == (b.month, b.day)
