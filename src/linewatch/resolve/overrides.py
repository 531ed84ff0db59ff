"""Analyst overrides: manual merges and splits of resolved persons, kept with who and why.

An override is stored in ``person_overrides`` and never deleted; undoing one stamps
``undone_at``. Active overrides are applied, oldest first, to the linkage graph after every
run, so they survive re-runs:

* ``merge`` of records R1..Rk adds links R1-R2, R1-R3, ... (the persons holding them merge);
* ``split`` of records S cuts every link, from the model or from an earlier merge, between a
  record in S and a record outside S: S leaves its person (as one new person). A later merge
  can bring a split record back.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import igraph as ig
import numpy as np

from linewatch.errors import InputError, NotFound
from linewatch.storage import Store

ACTIONS = ("merge", "split")
RecordKey = tuple[str, str]


def ensure_table(store: Store) -> None:
    """``person_overrides`` is declared by the store's migrations: make sure they ran."""
    store.ensure_schema()


def parse_record(text: str) -> RecordKey:
    """``SYSTEM:RECORD_ID`` -> (system, record id); the record id may itself hold colons."""
    system, sep, record = text.partition(":")
    if not sep or not system.strip() or not record.strip():
        raise InputError(f"'{text}' is not a record reference: use SOURCE_SYSTEM:RECORD_ID",
                         field="record")
    return system.strip(), record.strip()


def _record_exists(store: Store, key: RecordKey) -> bool:
    return bool(store.scalar(
        "SELECT count(*) FROM nominals WHERE source_system = ? AND record_id = ?", list(key)))


def add_override(store: Store, action: str, records: list[RecordKey], *, user: str,
                 reason: str) -> str:
    """Record a ``merge`` or ``split`` of nominal records; returns the new override id.

    Raises :class:`InputError` for a bad request and :class:`NotFound` for an unknown record.
    Persons are not rebuilt here: see :func:`linewatch.resolve.apply_overrides_now`.
    """
    if action not in ACTIONS:
        raise InputError(f"unknown override action '{action}' (use merge or split)",
                         field="action")
    unique = list(dict.fromkeys((str(s), str(r)) for s, r in records))
    if action == "merge" and len(unique) < 2:
        raise InputError("a merge needs at least two different records", field="records")
    if action == "split" and not unique:
        raise InputError("a split needs at least one record", field="records")
    if not user or not user.strip():
        raise InputError("an override needs the analyst's name (--user)", field="user")
    if not reason or not reason.strip():
        raise InputError("an override needs a reason (--reason)", field="reason")
    for key in unique:
        if not _record_exists(store, key):
            raise NotFound(f"no nominal record {key[0]}:{key[1]}")
    ensure_table(store)
    override_id = f"OV-{uuid.uuid4().hex[:10].upper()}"
    store.execute(
        "INSERT INTO person_overrides (override_id, action, records, user_name, reason, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [override_id, action, json.dumps([list(k) for k in unique]), user.strip(),
         reason.strip(), _now()])
    return override_id


def undo_override(store: Store, override_id: str, *, user: str | None = None) -> None:
    """Mark an override as undone (it stays in the table for the audit trail)."""
    ensure_table(store)
    row = store.query_one("SELECT undone_at FROM person_overrides WHERE override_id = ?",
                          [override_id])
    if row is None:
        raise NotFound(f"no override {override_id}")
    if row[0] is not None:
        raise InputError(f"override {override_id} was already undone at {row[0]}",
                         field="override_id")
    store.execute("UPDATE person_overrides SET undone_at = ?, undone_by = ? "
                  "WHERE override_id = ?", [_now(), user, override_id])


def list_overrides(store: Store, *, active_only: bool = False) -> list[dict[str, Any]]:
    """Every override (or only those not undone), oldest first, records decoded."""
    if not store.table_exists("person_overrides"):
        return []
    where = "WHERE undone_at IS NULL" if active_only else ""
    rows = store.query_dicts(
        f"SELECT * FROM person_overrides {where} ORDER BY created_at, override_id")  # noqa: S608
    for row in rows:
        row["records"] = [tuple(r) for r in json.loads(row["records"] or "[]")]
    return rows


def apply_to_edges(left: np.ndarray, right: np.ndarray, overrides: list[dict[str, Any]],
                   uid_of: dict[RecordKey, int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Apply active overrides, oldest first, to an edge list of record uids.

    Returns the new edge arrays and notes about overrides naming records no longer present.
    """
    times = np.full(len(left), -np.inf)
    notes: list[str] = []
    for i, ov in enumerate(overrides):
        if ov.get("undone_at") is not None:
            continue
        uids = [uid_of[k] for k in ov["records"] if k in uid_of]
        missing = [f"{s}:{r}" for s, r in ov["records"] if (s, r) not in uid_of]
        if missing:
            notes.append(f"{ov['override_id']}: records not in this run: {', '.join(missing)}")
        if ov["action"] == "merge" and len(uids) >= 2:
            new_l = np.full(len(uids) - 1, uids[0], dtype=left.dtype)
            new_r = np.array(uids[1:], dtype=right.dtype)
            left = np.concatenate([left, new_l])
            right = np.concatenate([right, new_r])
            times = np.concatenate([times, np.full(len(uids) - 1, float(i))])
        elif ov["action"] == "split" and uids:
            members = np.array(uids, dtype=left.dtype)
            cut = np.isin(left, members) ^ np.isin(right, members)
            left, right, times = left[~cut], right[~cut], times[~cut]
    return left, right, notes


def components(n_nodes: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of nodes ``1..n_nodes``: the smallest node id of each one's part.

    The components are igraph's; each is then labelled by its smallest member, so a label
    does not depend on the order igraph numbers the components in.
    """
    edges = list(zip(left.astype(np.int64).tolist(), right.astype(np.int64).tolist(),
                     strict=True))
    graph = ig.Graph(n=n_nodes + 1, edges=edges, directed=False)
    membership = np.asarray(graph.connected_components(mode="weak").membership, dtype=np.int64)
    smallest = np.full(int(membership.max()) + 1, n_nodes + 1, dtype=np.int64)
    np.minimum.at(smallest, membership, np.arange(n_nodes + 1, dtype=np.int64))
    labels: np.ndarray = smallest[membership][1:]
    return labels


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
