"""After the operation: who was arrested, which lines went silent, which came back on a new
number, and how much the network was disrupted.

* **Silent**: no call or text on any of the line's deal-line numbers in the ``days`` after the
  operation (from communications data received since). When the data does not reach that far,
  the answer is "not yet known", never "silent".
* **Re-emerged**: a number the detection stage gives the line that was first seen after the
  operation, a number linked to the line by ``number_links`` (``continuity``) that is active
  after it, or a number first seen after it whose contacts are mostly the line's customers from
  before it (at least ``min_shared`` shared, and at least ``min_overlap`` of its contacts) - the
  brand moving to a new handset or SIM (NPCC: the customer base moves with the brand). A
  customer's own change of number shares only a few contacts and is not counted.
* **Disruption**: key-player fragmentation (Borgatti 2006) of the line's network with the
  arrested people removed: ``linewatch.network.linegraph.what_if``, the same line network and
  the same F as the detection stage's key-player picks and the target list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from linewatch.errors import LinewatchError
from linewatch.network.linegraph import what_if
from linewatch.ops.knowledge import Knowledge
from linewatch.ops.plan import get_operation
from linewatch.ops.record import results
from linewatch.ops.tables import has
from linewatch.storage import Store


def _count(store: Store, numbers: list[str], start: dt.datetime, end: dt.datetime) -> int:
    return int(store.scalar(
        "SELECT count(*) FROM cdr WHERE (list_contains(?, a_number) OR list_contains(?, "
        "b_number)) AND start_time > ? AND start_time <= ?", [numbers, numbers, start, end]))


def _contacts(store: Store, numbers: list[str], start: dt.datetime,
              end: dt.datetime) -> set[str]:
    rows = store.query(
        "SELECT DISTINCT CASE WHEN list_contains(?, a_number) THEN b_number ELSE a_number END "
        "FROM cdr WHERE (list_contains(?, a_number) OR list_contains(?, b_number)) "
        "AND start_time >= ? AND start_time < ?", [numbers, numbers, numbers, start, end])
    return {r[0] for r in rows} - set(numbers)


def _reemerged(store: Store, numbers: list[str], t0: dt.datetime, days: int,
               min_shared: int, min_overlap: float) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    end = t0 + dt.timedelta(days=days)
    if has(store, "number_links"):
        for a, b, conf in store.query(
                "SELECT number_a, number_b, confidence FROM number_links WHERE link_type = "
                "'continuity' AND (list_contains(?, number_a) OR list_contains(?, number_b))",
                [numbers, numbers]):
            new = b if a in numbers else a
            if new in numbers or _count(store, [new], t0, end) == 0:
                continue
            found[new] = {"number": new, "basis": "continuity link",
                          "confidence": conf, "events_after": _count(store, [new], t0, end)}
    customers = _contacts(store, numbers, t0 - dt.timedelta(days=days), t0)
    if len(customers) >= min_shared:
        rows = store.query(
            "WITH ev AS (SELECT a_number AS n, b_number AS other, start_time FROM cdr "
            "UNION ALL SELECT b_number, a_number, start_time FROM cdr), "
            "firsts AS (SELECT n, min(start_time) AS first_seen FROM ev GROUP BY n) "
            "SELECT ev.n, list(DISTINCT ev.other) FROM ev JOIN firsts USING (n) "
            "WHERE firsts.first_seen > ? AND ev.start_time <= ? AND NOT list_contains(?, ev.n) "
            "GROUP BY ev.n", [t0, end, numbers])
        for number, contacts in rows:
            shared = set(contacts) & customers
            share = len(shared) / len(set(contacts)) if contacts else 0.0
            if len(shared) >= min_shared and share >= min_overlap and number not in found:
                found[number] = {"number": number, "basis": "new number sharing the line's "
                                 "customers", "shared_contacts": len(shared),
                                 "share_of_its_contacts": round(share, 3),
                                 "events_after": _count(store, [number], t0, end)}
    return sorted(found.values(), key=lambda r: r["number"])


def disruption(store: Store, line_id: str, person_ids: list[str]) -> dict[str, Any]:
    """Fragmentation of the line's network before and after removing ``person_ids``."""
    result = what_if(store, line_id, person_ids, level="person")
    result["method"] = "linewatch.network.linegraph.what_if (key-player fragmentation)"
    return result


def after_action(store: Store, operation_id: str, *, days: int = 14, min_shared: int = 5,
                 min_overlap: float = 0.5) -> dict[str, Any]:
    """The after-action review of an executed operation."""
    op = get_operation(store, operation_id)
    rows = results(store, operation_id)
    t0 = op["executed_at"] or min((r["occurred_at"] for r in rows if r["occurred_at"]),
                                  default=None)
    if t0 is None:
        raise LinewatchError(f"operation {operation_id} has no recorded outcomes yet")
    arrested = {r["person_id"]: r for r in rows if r["kind"] == "person" and r["arrested"]
                and r["person_id"]}
    targets = [{"person_id": p["person_id"], "arrested": p["person_id"] in arrested,
                "offence": arrested.get(p["person_id"], {}).get("offence"),
                "disposal": arrested.get(p["person_id"], {}).get("disposal")}
               for p in op["people"] if p["kind"] == "target"]
    knowledge = Knowledge(store)
    lines = set(op["line_ids"]) | {lid for a in op["addresses"] for lid in a["line_ids"]}
    for p in op["people"]:
        lines |= {r["line_id"] for r in knowledge.line_roles(p["person_id"])}
    end = t0 + dt.timedelta(days=days)
    data_until = store.scalar("SELECT max(start_time) FROM cdr") if has(store, "cdr") else None
    covered = data_until is not None and data_until >= end
    line_rows = []
    for line_id in sorted(lines):
        known = knowledge.line_numbers(line_id)
        numbers = [r["number"] for r in known if r["first_seen"] is None
                   or r["first_seen"] <= t0]
        later = [r for r in known if r["first_seen"] is not None and r["first_seen"] > t0]
        if not numbers or not has(store, "cdr"):
            line_rows.append({"line_id": line_id, "numbers": numbers, "status": "unknown",
                              "note": "no deal-line numbers or no communications data"})
            continue
        before = _count(store, numbers, t0 - dt.timedelta(days=days), t0)
        after = _count(store, numbers, t0, end)
        new = [{"number": r["number"], "basis": "detection gives the line this new number",
                "first_seen": r["first_seen"]} for r in later if r["first_seen"] <= end]
        new += [n for n in _reemerged(store, numbers, t0, days, min_shared, min_overlap)
                if n["number"] not in {x["number"] for x in new}]
        if after:
            status = "active"
        elif not covered:
            status = "not yet known"
        else:
            status = "silent"
        if new and status != "active":
            status = "re-emerged"
        members = [pid for pid in arrested
                   if any(r["line_id"] == line_id for r in knowledge.line_roles(pid))]
        try:
            frag = disruption(store, line_id, sorted(arrested))
        except LinewatchError as exc:
            frag = {"error": str(exc)}
        line_rows.append({"line_id": line_id, "numbers": numbers, "events_before": before,
                          "events_after": after, "status": status, "new_numbers": new,
                          "arrested_on_line": members, "disruption": frag})
    return {
        "operation_id": operation_id, "executed_at": t0, "days": days,
        "window_end": end, "data_until": data_until, "data_covers_window": covered,
        "targets": targets,
        "targets_arrested": sum(1 for t in targets if t["arrested"]),
        "arrested": sorted(arrested),
        "lines": line_rows,
        "silent_lines": [r["line_id"] for r in line_rows if r["status"] == "silent"],
        "reemerged_lines": [r["line_id"] for r in line_rows if r["status"] == "re-emerged"],
        "caution": "Disrupted networks recover and can become more efficient (Duijn, Kashirin "
                   "& Sloot 2014): a silent line is a result to re-check, not a closure.",
    }
