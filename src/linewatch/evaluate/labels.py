"""Analyst labels: detections confirmed or rejected by a person, and the detectors against them.

A force has no simulator truth for its own data; what it has is its analysts' judgement. An
analyst confirms or rejects a line, a phone or person role, a cuckooed address or a
safeguarding flag, with a reason. The label never changes a detector's output: it is shown
beside it, and ``evaluate_labels`` measures each detector against the labels, the way a force
measures linewatch on its own cases.

Labels must survive re-runs, when line and person ids may be numbered afresh, so each label
names its subject by what identifies it in the records, not by a run's id:

| kind | subject | predicted positive when the current analysis... |
|---|---|---|
| ``line`` | the line's numbers | has a line holding any of those numbers |
| ``phone_role`` | a number (E.164), with the role | gives that number that role |
| ``person_role`` | the person's source records, with the role | gives the person now holding most of those records that role |
| ``safeguarding`` | the person's source records | flags the person now holding most of them |
| ``cuckooed`` | normalised postcode and first line | calls that address cuckooed |

A confirmed label that the analysis predicts is a true positive, a rejected one a false
positive, a confirmed one it does not predict a false negative.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from typing import Any

from linewatch.errors import InputError, NotFound
from linewatch.evaluate.metrics import address_key, number, prf
from linewatch.storage import Store
from linewatch.vocabulary import LABEL_KINDS

KINDS = LABEL_KINDS
VERDICTS = ("confirmed", "rejected")
PHONE_ROLES = ("deal_line", "controller", "runner", "trap", "customer")
PERSON_ROLES = ("controller", "runner", "trap_occupant", "associate", "customer")
TABLE = "analyst_labels"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _records_of(store: Store, person_id: str) -> list[list[str]]:
    rows = store.query("SELECT source_system, record_id FROM person_records WHERE person_id = ? "
                       "ORDER BY source_system, record_id", [person_id]) \
        if store.table_exists("person_records") else []
    if not rows:
        raise NotFound(f"no person '{person_id}' with source records in the latest analysis")
    return [[str(s), str(r)] for s, r in rows]


def subject_of(store: Store, kind: str, target: str, *,
               postcode: str | None = None) -> dict[str, Any]:
    """The run-independent subject of a label on ``target`` (a line id, number, person id or
    address as the analyst sees it now)."""
    if kind == "line":
        rows = store.query("SELECT number FROM line_numbers WHERE line_id = ? ORDER BY number",
                           [target]) if store.table_exists("line_numbers") else []
        numbers = [str(r[0]) for r in rows]
        if not numbers:
            cleaned = number(target)
            if cleaned is None:
                raise NotFound(f"no line '{target}' in the latest analysis")
            numbers = [cleaned]
        return {"numbers": numbers}
    if kind == "phone_role":
        cleaned = number(target)
        if cleaned is None:
            raise InputError(f"'{target}' is not a phone number", field="subject")
        return {"number": cleaned}
    if kind in ("person_role", "safeguarding"):
        return {"records": _records_of(store, target)}
    if kind == "cuckooed":
        code, line = address_key(target, postcode or "")
        return {"postcode": code, "first_line": line}
    raise InputError(f"unknown label kind '{kind}' (one of {', '.join(KINDS)})", field="kind")


def _check_value(kind: str, value: str | None) -> str | None:
    allowed = {"phone_role": PHONE_ROLES, "person_role": PERSON_ROLES}.get(kind)
    if allowed is None:
        return None
    if value not in allowed:
        raise InputError(f"a {kind} label needs the role it judges (one of "
                         f"{', '.join(allowed)})", field="value")
    return value


def add_label(store: Store, kind: str, target: str, verdict: str, reason: str, user: str, *,
              value: str | None = None, postcode: str | None = None) -> dict[str, Any]:
    """Record an analyst's verdict on a detection; returns the stored label."""
    if kind not in KINDS:
        raise InputError(f"unknown label kind '{kind}' (one of {', '.join(KINDS)})",
                         field="kind")
    if verdict not in VERDICTS:
        raise InputError("the verdict is 'confirmed' or 'rejected'", field="verdict")
    reason, user = (reason or "").strip(), (user or "").strip()
    if len(reason) < 5:
        raise InputError("a label needs a reason (at least 5 characters)", field="reason")
    if not user:
        raise InputError("a label needs the analyst's user name", field="user")
    role = _check_value(kind, value)
    subject = subject_of(store, kind, target, postcode=postcode)
    run_id = store.scalar("SELECT run_id FROM analysis_runs WHERE status = 'done' "
                          "ORDER BY finished_at DESC LIMIT 1") \
        if store.table_exists("analysis_runs") else None
    row = {"label_id": f"LBL-{uuid.uuid4().hex[:10]}", "kind": kind,
           "subject": json.dumps(subject, sort_keys=True), "shown_as": target, "value": role,
           "verdict": verdict, "reason": reason, "user_name": user, "created_at": _now(),
           "run_id": run_id}
    columns = list(row)
    store.execute(f"INSERT INTO {TABLE} ({', '.join(columns)}) "  # noqa: S608 - TABLE is a constant; values bound
                  f"VALUES ({', '.join('?' for _ in columns)})", list(row.values()))
    return {**row, "subject": subject}


def withdraw_label(store: Store, label_id: str, user: str) -> None:
    """Withdraw a label (kept, stamped with who and when; no longer counted)."""
    if not store.scalar(f"SELECT count(*) FROM {TABLE} WHERE label_id = ? "  # noqa: S608 - TABLE is a constant; values bound
                        "AND withdrawn_at IS NULL", [label_id]):
        raise NotFound(f"no current label '{label_id}'")
    store.execute(f"UPDATE {TABLE} SET withdrawn_at = ?, withdrawn_by = ? WHERE label_id = ?",  # noqa: S608 - TABLE is a constant; values bound
                  [_now(), user, label_id])


class _Current:
    """The latest analysis, indexed by the subjects labels use."""

    def __init__(self, store: Store) -> None:
        q = store.query
        has = store.table_exists
        self.line_of: dict[str, str] = dict(q("SELECT number, line_id FROM line_numbers")) \
            if has("line_numbers") else {}
        self.phone_role: dict[str, str] = dict(q("SELECT number, role FROM phone_roles")) \
            if has("phone_roles") else {}
        self.person_of: dict[tuple[str, str], str] = {
            (str(s), str(r)): str(p) for p, s, r in q(
                "SELECT person_id, source_system, record_id FROM person_records")} \
            if has("person_records") else {}
        self.person_role: dict[str, str] = dict(q(
            "SELECT person_id, arg_max(role, confidence) FROM person_roles GROUP BY person_id")) \
            if has("person_roles") else {}
        self.flagged: set[str] = {str(r[0]) for r in q(
            "SELECT person_id FROM person_exploitation WHERE safeguarding_flag")} \
            if has("person_exploitation") else set()
        self.cuckooed: dict[tuple[str, str], bool] = {
            address_key(str(a or ""), str(p or "")): bool(c) for a, p, c in q(
                "SELECT address, postcode, cuckooed FROM address_cuckooing")} \
            if has("address_cuckooing") else {}

    def person(self, records: list[list[str]]) -> str | None:
        holders = Counter(self.person_of.get((s, r)) for s, r in records)
        holders.pop(None, None)
        if not holders:
            return None
        best = max(holders.values())
        return min(str(p) for p, c in holders.items() if c == best)

    def judge(self, kind: str, subject: dict[str, Any], value: str | None
              ) -> tuple[bool, str | None]:
        """(whether the analysis predicts the labelled thing, the id it shows it under)."""
        if kind == "line":
            lines = sorted({self.line_of[n] for n in subject["numbers"] if n in self.line_of})
            return bool(lines), (lines[0] if lines else None)
        if kind == "phone_role":
            return self.phone_role.get(subject["number"]) == value, subject["number"]
        if kind in ("person_role", "safeguarding"):
            person = self.person(subject["records"])
            if person is None:
                return False, None
            if kind == "safeguarding":
                return person in self.flagged, person
            return self.person_role.get(person) == value, person
        key = (subject["postcode"], subject["first_line"])
        return self.cuckooed.get(key, False), None


def list_labels(store: Store, *, include_withdrawn: bool = False) -> list[dict[str, Any]]:
    """Labels, newest first, each beside what the latest analysis says of its subject."""
    if not store.table_exists(TABLE):
        return []
    current = _Current(store)
    where = "" if include_withdrawn else "WHERE withdrawn_at IS NULL"
    out = []
    for row in store.query_dicts(
            f"SELECT label_id, kind, CAST(subject AS VARCHAR) AS subject, shown_as, value, "  # noqa: S608 - TABLE is a constant; values bound
            f"verdict, reason, user_name, created_at, run_id, withdrawn_at FROM {TABLE} "
            f"{where} ORDER BY created_at DESC, label_id"):
        subject = json.loads(row["subject"])
        predicted, now_as = current.judge(row["kind"], subject, row["value"])
        out.append({**row, "subject": subject,
                    "analysis": {"predicts": predicted, "shown_as": now_as,
                                 "agrees": predicted == (row["verdict"] == "confirmed")}})
    return out


def evaluate_labels(store: Store) -> dict[str, Any]:
    """Precision and recall of each detector against the current labels."""
    labels = list_labels(store)
    report: dict[str, Any] = {"labels": len(labels), "detectors": {}}
    for kind in KINDS:
        mine = [lb for lb in labels if lb["kind"] == kind]
        confirmed = [lb for lb in mine if lb["verdict"] == "confirmed"]
        rejected = [lb for lb in mine if lb["verdict"] == "rejected"]
        tp = sum(1 for lb in confirmed if lb["analysis"]["predicts"])
        fp = sum(1 for lb in rejected if lb["analysis"]["predicts"])
        report["detectors"][kind] = {
            **prf(tp, tp + fp, len(confirmed)), "confirmed": len(confirmed),
            "rejected": len(rejected),
            "disagreements": [lb["label_id"] for lb in mine if not lb["analysis"]["agrees"]]}
    return report
