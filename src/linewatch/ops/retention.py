"""Retention review of nominal and intelligence records under the MoPI groups.

Every nominal record (``nominals``, by source system and record id) and intelligence report
(``intel``, by report id) has a review date: its group (:mod:`linewatch.ops.mopi`, from the
most serious offence it is linked to) sets how long after its last relevant event it falls
due; a reviewer's decision to retain sets the next one. :func:`due` lists what is due by a
date. A reviewer :func:`retain` s a record (with a reason and a next review date) or
:func:`delete` s it: the record's rows go at once (with the quarantine notes and flags that
copy them), what the analysis derived from it goes at the next run (every output is rebuilt
from the records), and a tombstone holding only a keyed hash of the record's identity stops a
re-import from bringing it back (see :mod:`linewatch.storage.tombstones`).
"""

# ruff: noqa: S608 - table and column names come from REVIEWED_KINDS; values are bound

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from linewatch.errors import InputError, NotFound
from linewatch.ops.mopi import MopiGroups, add_years, load_mopi_groups
from linewatch.storage import Store
from linewatch.storage.tombstones import REVIEWED_KINDS, identity_hash

#: why a record was deleted: a fixed list, so a tombstone never holds free text
DELETE_REASONS = ("no_policing_purpose", "not_adequate_or_up_to_date", "excessive",
                  "review_period_ended", "court_or_legal_order")


@dataclass(frozen=True)
class ReviewItem:
    kind: str
    source_system: str | None
    record_id: str
    mopi_group: int
    offence: str | None
    last_event: dt.date
    review_date: dt.date
    reviewed: bool  # the date comes from a reviewer's decision, not the group rule
    retain_until: dt.date | None

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in vars(self).items()}


def review_items(store: Store, groups: MopiGroups | None = None) -> list[ReviewItem]:
    """Every reviewed record with its group and review date, earliest date first."""
    groups = groups or load_mopi_groups()
    decided = _latest_decisions(store)
    items = _nominal_items(store, groups, decided) + _intel_items(store, groups, decided)
    return sorted(items, key=lambda i: (i.review_date, i.kind, i.source_system or "",
                                        i.record_id))


def due(store: Store, as_of: dt.date | None = None,
        groups: MopiGroups | None = None) -> list[ReviewItem]:
    """Records whose review date is on or before ``as_of`` (default: today)."""
    day = as_of or dt.date.today()
    return [i for i in review_items(store, groups) if i.review_date <= day]


def _latest_decisions(store: Store) -> dict[tuple[str, str, str], dt.date]:
    if not store.table_exists("retention_reviews"):  # a read-only store from before them
        return {}
    rows = store.query(
        "SELECT kind, coalesce(source_system, ''), record_id, next_review FROM ("
        "SELECT *, row_number() OVER (PARTITION BY kind, source_system, record_id "
        "ORDER BY decided_at DESC, review_id DESC) AS n FROM retention_reviews "
        "WHERE decision = 'retain') WHERE n = 1")
    return {(r[0], r[1], r[2]): r[3] for r in rows}


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _nominal_items(store: Store, groups: MopiGroups,
                   decided: dict[tuple[str, str, str], dt.date]) -> list[ReviewItem]:
    records = store.query(
        "SELECT n.source_system, n.record_id, min(n.dob), max(b.finished_at) FROM nominals n "
        "LEFT JOIN import_batches b ON b.batch_id = n._batch WHERE n.record_id IS NOT NULL "
        "GROUP BY n.source_system, n.record_id")
    events: dict[tuple[str, str], list[tuple[Any, str | None, str | None]]] = {}
    for system, record, occurred, offence, category in store.query(
            "SELECT source_system, record_id, occurred_at, offence, crime_category FROM events "
            "WHERE record_id IS NOT NULL"):
        events.setdefault((system, record), []).append((occurred, offence, category))
    items = []
    for system, record, dob, created in records:
        linked = events.get((system, record), [])
        group, offence = groups.default_group, None
        for _, text, category in linked:
            found = groups.group_of_text(text, category)
            if found[1] is not None and (offence is None or found[0] < group):
                group, offence = found
        dates = [d for d in (_day(e[0]) for e in linked) if d is not None]
        last = max(dates) if dates else (_day(created) or dt.date.today())
        items.append(_item(groups, decided, "nominals", system, record, group, offence, last,
                           _day(dob)))
    return items


def _intel_items(store: Store, groups: MopiGroups,
                 decided: dict[tuple[str, str, str], dt.date]) -> list[ReviewItem]:
    items = []
    for report, received, text in store.query(
            "SELECT report_id, max(received_at), any_value(text) FROM intel "
            "WHERE report_id IS NOT NULL GROUP BY report_id"):
        group, offence = groups.group_of_text(text)
        items.append(_item(groups, decided, "intel", None, report, group, offence,
                           _day(received) or dt.date.today(), None))
    return items


def _item(groups: MopiGroups, decided: dict[tuple[str, str, str], dt.date], kind: str,
          system: str | None, record: str, group: int, offence: str | None,
          last: dt.date, dob: dt.date | None) -> ReviewItem:
    chosen = decided.get((kind, system or "", record))
    until_age = groups.groups[group].retain_until_age
    return ReviewItem(kind, system, record, group, offence, last,
                      chosen or groups.review_date(group, last), chosen is not None,
                      add_years(dob, until_age) if dob and until_age else None)


def find_item(store: Store, kind: str, record_id: str, source_system: str | None = None,
              groups: MopiGroups | None = None) -> ReviewItem:
    if kind not in REVIEWED_KINDS:
        raise InputError(f"retention review covers {', '.join(REVIEWED_KINDS)}, not '{kind}'")
    for item in review_items(store, groups):
        if item.kind == kind and item.record_id == record_id and (
                kind != "nominals" or item.source_system == source_system):
            return item
    where = f"{source_system}/{record_id}" if source_system else record_id
    raise NotFound(f"no {kind} record '{where}'")


def retain(store: Store, user: str, kind: str, record_id: str, reason: str, *,
           source_system: str | None = None, next_review: dt.date | None = None,
           today: dt.date | None = None) -> dict[str, Any]:
    """Record a decision to keep a record: why, and when it is next reviewed (default: the
    group's period from today)."""
    if not reason or not reason.strip():
        raise InputError("a decision to retain needs its reason", field="reason")
    groups = load_mopi_groups()
    item = find_item(store, kind, record_id, source_system, groups)
    day = today or dt.date.today()
    following = next_review or groups.review_date(item.mopi_group, day)
    if following <= day:
        raise InputError("the next review date must be after today", field="next_review")
    review_id = f"R-{uuid.uuid4().hex[:12]}"
    store.execute(
        "INSERT INTO retention_reviews (review_id, kind, source_system, record_id, decision, "
        "reason, mopi_group, next_review, decided_by, decided_at) "
        "VALUES (?, ?, ?, ?, 'retain', ?, ?, ?, ?, ?)",
        [review_id, kind, item.source_system, record_id, reason.strip(), item.mopi_group,
         following, user, _now()])
    return {"review_id": review_id, "decision": "retain", "kind": kind,
            "record_id": record_id, "mopi_group": item.mopi_group,
            "next_review": following.isoformat()}


def delete(store: Store, user: str, kind: str, record_id: str, reason_code: str, *,
           source_system: str | None = None) -> dict[str, Any]:
    """Delete a record and leave a tombstone; the analysis outputs derived from it go at the
    next run. The answer names the tombstone, not the record."""
    if reason_code not in DELETE_REASONS:
        raise InputError(f"reason must be one of {', '.join(DELETE_REASONS)}", field="reason")
    item = find_item(store, kind, record_id, source_system)
    key_columns = REVIEWED_KINDS[kind]
    key = [item.source_system, record_id] if kind == "nominals" else [record_id]
    match = " AND ".join(f"{c} = ?" for c in key_columns)
    positions = store.query(f"SELECT _batch, _file, _row FROM {kind} WHERE {match}", key)
    removed = len(positions)
    store.execute(f"DELETE FROM {kind} WHERE {match}", key)
    for batch, file_id, row in positions:
        store.execute("DELETE FROM ingest_flags WHERE batch_id = ? AND file_id = ? AND "
                      "row_number = ?", [batch, file_id, row])
    raw_match = " AND ".join(f"json_extract_string(raw, '$.{c}') = ?" for c in key_columns)
    store.execute(f"DELETE FROM quarantine WHERE kind = ? AND {raw_match}", [kind, *key])
    store.execute("DELETE FROM retention_reviews WHERE kind = ? AND record_id = ? AND "
                  "source_system IS NOT DISTINCT FROM ?", [kind, record_id, item.source_system])
    tombstone_id = f"T-{uuid.uuid4().hex[:12]}"
    store.execute(
        "INSERT INTO retention_tombstones (tombstone_id, kind, key_hash, reason_code, "
        "mopi_group, rows_removed, deleted_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [tombstone_id, kind, identity_hash(store, kind, key), reason_code, item.mopi_group,
         removed, user, _now()])
    return {"tombstone_id": tombstone_id, "decision": "delete", "kind": kind,
            "reason": reason_code, "mopi_group": item.mopi_group, "rows_removed": removed,
            "derived_outputs": "removed at the next analysis run"}


def tombstones(store: Store) -> list[dict[str, Any]]:
    if not store.table_exists("retention_tombstones"):
        return []
    return store.query_dicts(
        "SELECT tombstone_id, kind, reason_code, mopi_group, rows_removed, deleted_by, "
        "deleted_at FROM retention_tombstones ORDER BY deleted_at, tombstone_id")


def decide(store: Store, user: str, params: dict[str, Any]) -> dict[str, Any]:
    """One decision from a job's or a request's parameters (``action``: retain or delete)."""
    action = params.get("action")
    kind, record_id = str(params.get("kind") or ""), str(params.get("record_id") or "")
    source = params.get("source_system") or None
    if action == "retain":
        following = params.get("next_review")
        return retain(store, user, kind, record_id, str(params.get("reason") or ""),
                      source_system=source,
                      next_review=dt.date.fromisoformat(following) if following else None)
    if action == "delete":
        return delete(store, user, kind, record_id, str(params.get("reason") or ""),
                      source_system=source)
    raise InputError("action must be 'retain' or 'delete'", field="action")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
