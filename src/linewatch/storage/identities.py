"""Stable identities: what each person and line held at the last run, and where old ids went.

Person and line ids are derived from their founding member (a person's earliest nominal
record, a line's earliest number), so a re-run on more data keeps them. They still change when
analysis merges two entities (the younger id goes) or when the founding member leaves. Each
run that rewrites persons or lines calls :func:`record_members`: it compares the new
membership with the one kept from the last run (``entity_members``, migration 7) and writes a
row of ``entity_redirects`` for every id that went or lost members:

- ``renamed``: the old id's members all sit in one new entity that holds nothing else;
- ``merged``: they all sit in one new entity together with other entities' members;
- ``split``: they are spread over several entities (the redirect goes to the one holding most;
  when the old id survives, the rows only record where its other members went).

Stored references (labels, overrides, operations, watches, ...) keep the id they were made
with; readers ask :func:`current_id` or :func:`redirect_map`, which follow redirects to an
id that exists now. An id that exists now always means itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from linewatch.storage.store import Store

KINDS = ("person", "line")
#: the output table and columns each kind's members are read from (to seed a store analysed
#: before identities were kept)
MEMBER_SOURCES = {
    "person": "SELECT person_id, source_system || ':' || record_id FROM person_records",
    "line": "SELECT line_id, number FROM line_numbers",
}
SOURCE_TABLES = {"person": "person_records", "line": "line_numbers"}
MAX_HOPS = 32


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _snapshot(store: Store, kind: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for entity, member in store.query(
            "SELECT entity_id, member FROM entity_members WHERE kind = ?", [kind]):
        out.setdefault(str(entity), set()).add(str(member))
    return out


def remember_current(store: Store, kind: str) -> None:
    """Before a stage rewrites ``kind``: if no membership is kept yet but the store holds an
    earlier analysis, keep that one, so the coming run can redirect its ids."""
    if kind not in KINDS:
        raise ValueError(f"unknown identity kind {kind!r}")
    if store.scalar("SELECT count(*) FROM entity_members WHERE kind = ?", [kind]):
        return
    if not store.table_exists(SOURCE_TABLES[kind]):
        return
    sql = ("INSERT INTO entity_members (kind, entity_id, member, run_id) "  # noqa: S608 - constant
           f"SELECT ?, e, m, NULL FROM ({MEMBER_SOURCES[kind]}) AS t(e, m) "
           "WHERE e IS NOT NULL AND m IS NOT NULL")
    store.execute(sql, [kind])


def record_members(store: Store, kind: str, members: dict[str, set[str]],
                   run_id: str | None) -> list[dict[str, Any]]:
    """Compare ``members`` (entity id -> its members now) with the last run's, write the
    redirects this run causes, and keep ``members`` for the next run; returns the redirects."""
    if kind not in KINDS:
        raise ValueError(f"unknown identity kind {kind!r}")
    before = _snapshot(store, kind)
    now_of = {m: e for e, ms in members.items() for m in ms}
    rows: list[dict[str, Any]] = []
    for old_id, old_members in sorted(before.items()):
        went = Counter(now_of[m] for m in old_members if m in now_of)
        if not went:
            continue  # every member is gone (deleted records): nothing to point at
        if old_id in members:
            for new_id, n in sorted(went.items()):
                if new_id != old_id:
                    rows.append(_row(kind, old_id, new_id, run_id, "split",
                                     {"members_moved": n, "old_id_kept": True}))
            continue
        target, n = sorted(went.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if len(went) > 1:
            reason = "split"
        elif members[target] - old_members:
            reason = "merged"
        else:
            reason = "renamed"
        rows.append(_row(kind, old_id, target, run_id, reason,
                         {"members_moved": n, "members_before": len(old_members),
                          "spread_over": sorted(went)}))
    for row in rows:
        store.execute("INSERT INTO entity_redirects (kind, old_id, new_id, run_id, reason, "
                      "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [row["kind"], row["old_id"], row["new_id"], row["run_id"],
                       row["reason"], json.dumps(row["detail"]), row["created_at"]])
    store.execute("DELETE FROM entity_members WHERE kind = ?", [kind])
    flat = [(kind, e, m, run_id) for e, ms in sorted(members.items()) for m in sorted(ms)]
    if flat:
        store.write_rows("entity_members", [
            {"kind": k, "entity_id": e, "member": m, "run_id": r} for k, e, m, r in flat],
            mode="append")
    return rows


def _row(kind: str, old_id: str, new_id: str, run_id: str | None, reason: str,
         detail: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "old_id": old_id, "new_id": new_id, "run_id": run_id,
            "reason": reason, "detail": detail, "created_at": _now()}


def exists(store: Store, kind: str, entity_id: str) -> bool:
    """Whether ``entity_id`` is a person (line) of the latest analysis; true of any id while
    no analysis has recorded its members."""
    if not store.table_exists("entity_members") or not store.scalar(
            "SELECT count(*) FROM entity_members WHERE kind = ?", [kind]):
        return True
    return bool(store.scalar("SELECT count(*) FROM entity_members WHERE kind = ? "
                             "AND entity_id = ?", [kind, entity_id]))


def _current_ids(store: Store, kind: str) -> set[str]:
    return {str(r[0]) for r in store.query(
        "SELECT DISTINCT entity_id FROM entity_members WHERE kind = ?", [kind])}


def _moves(store: Store, kind: str) -> dict[str, str]:
    """Each old id's latest redirect (a split that kept the old id moves nothing)."""
    rows = store.query(
        "SELECT old_id, new_id FROM entity_redirects WHERE kind = ? AND NOT coalesce("
        "CAST(json_extract(detail, '$.old_id_kept') AS BOOLEAN), false) "
        "ORDER BY created_at, old_id", [kind])
    return {str(old): str(new) for old, new in rows}


def redirect_map(store: Store, kind: str) -> dict[str, str]:
    """Every old id of ``kind`` that no longer exists -> the id it stands for now."""
    if not store.table_exists("entity_redirects"):
        return {}
    current = _current_ids(store, kind)
    moves = _moves(store, kind)
    out: dict[str, str] = {}
    for old in moves:
        if old in current:
            continue
        target, hops = moves[old], 0
        while target not in current and target in moves and hops < MAX_HOPS:
            target, hops = moves[target], hops + 1
        out[old] = target
    return out


def current_id(store: Store, kind: str, entity_id: str) -> str:
    """The id ``entity_id`` stands for now (itself when it exists or was never redirected)."""
    if not store.table_exists("entity_redirects") or not store.scalar(
            "SELECT count(*) FROM entity_redirects WHERE kind = ? AND old_id = ?",
            [kind, entity_id]):
        return entity_id
    return redirect_map(store, kind).get(entity_id, entity_id)


def aliases(store: Store, kind: str, entity_id: str) -> list[str]:
    """``entity_id`` and every old id that now stands for it (to find references kept under
    an old id)."""
    if not store.table_exists("entity_redirects"):
        return [entity_id]
    return [entity_id] + sorted(old for old, new in redirect_map(store, kind).items()
                                if new == entity_id)


def redirects(store: Store, kind: str | None = None,
              entity_id: str | None = None) -> list[dict[str, Any]]:
    """Recorded redirects, newest first (of one kind, or touching one id)."""
    return store.query_dicts(
        "SELECT kind, old_id, new_id, run_id, reason, CAST(detail AS VARCHAR) AS detail, "
        "created_at FROM entity_redirects WHERE (? IS NULL OR kind = ?) AND "
        "(? IS NULL OR old_id = ? OR new_id = ?) ORDER BY created_at DESC, old_id",
        [kind, kind, entity_id, entity_id, entity_id])
