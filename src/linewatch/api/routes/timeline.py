"""Timelines: what happened to a person, phone, line or address, in time order."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linewatch.api.data import parse_time, rows
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.graph import Window, parse_entity
from linewatch.api.personal import Timeline, routes, shown_ids
from linewatch.api.profiles import intel_mentioning
from linewatch.api.responses import JSONBody

router = APIRouter(tags=["timeline"])
LIST = "(SELECT unnest(?::VARCHAR[]))"
LINE_NUMBERS_SQL = ("SELECT line_id, number, first_seen, last_seen FROM line_numbers "
                    "WHERE number IN (SELECT unnest(?::VARCHAR[]))")
HANDSETS_SQL = ("SELECT number, imei, first_seen FROM phone_handsets "
                "WHERE number IN (SELECT unnest(?::VARCHAR[]))")


def _events(store: Any, where: str, params: list[Any], window: Window) -> list[dict[str, Any]]:
    clause, extra = window.sql("e.occurred_at")
    found = rows(store, ["events"], f"""
        SELECT e.occurred_at AS "at", 'event' AS kind, e.event_type AS label, e.source_system,
               e.event_id, e.record_id, e.address, e.offence, e.outcome, e.detail
        FROM events e WHERE {where}{clause} ORDER BY e.occurred_at LIMIT 1000""",  # noqa: S608
        [*params, *extra])
    return found


def _activity(store: Any, numbers: list[str], window: Window) -> list[dict[str, Any]]:
    clause, extra = window.sql("start_time")
    return rows(store, ["cdr"], f"""
        SELECT CAST(date_trunc('day', start_time) AS DATE) AS day, count(*) AS n,
               count(*) FILTER (WHERE event_type = 'voice') AS calls FROM (
          SELECT start_time, event_type FROM cdr WHERE a_number IN {LIST}{clause}
          UNION ALL SELECT start_time, event_type FROM cdr WHERE b_number IN {LIST}{clause})
        GROUP BY day ORDER BY day""", [numbers, *extra, numbers, *extra])  # noqa: S608


@router.get("/timeline", responses=routes(Timeline))
def timeline(user: CurrentUser, store: StoreDep, audit: AuditDep,
             entity: Annotated[str | None, Query(max_length=300)] = None,
             from_: Annotated[str | None, Query(alias="from")] = None,
             to: str | None = None) -> JSONBody:
    """Dated items (events, number changes, handset swaps, intel) and daily call activity."""
    window = Window(parse_time(from_), parse_time(to))
    items: list[dict[str, Any]] = []
    numbers: list[str] = []
    if entity is None:
        items = _events(store, "TRUE", [], window)[-500:]
    else:
        kind, key = parse_entity(entity, store)
        if kind == "person":
            items = _events(store, "(e.source_system, e.record_id) IN (SELECT (source_system, "
                            "record_id) FROM person_records WHERE person_id = ?)", [key], window) \
                if rows(store, ["person_records"], "SELECT 1 FROM person_records LIMIT 1") else []
            numbers = [r["number"] for r in rows(store, ["phone_persons"], "SELECT number FROM "
                                                 "phone_persons WHERE person_id = ?", [key])]
            names = rows(store, ["persons"], "SELECT nicknames, surname FROM persons WHERE "
                         "person_id = ?", [key])
            terms = [*(names[0]["nicknames"] or []), names[0]["surname"] or ""] if names else []
            for r in intel_mentioning(store, user.role, terms + numbers):
                items.append({"at": r["received_at"], "kind": "intel",
                              "label": f"intel {r['report_id']} ({r['grade']['code']})",
                              "text": r["text"]})
        elif kind == "phone":
            numbers = [key]
        elif kind == "line":
            numbers = [r["number"] for r in rows(store, ["line_numbers"], "SELECT number FROM "
                                                 "line_numbers WHERE line_id = ?", [key])]
        elif kind == "address":
            items = _events(store, "upper(trim(e.address)) = ?", [key.upper()], window)
        for r in rows(store, ["line_numbers"], LINE_NUMBERS_SQL, [numbers]):
            items.append({"at": r["first_seen"], "kind": "number", "label":
                          f"{r['number']} starts as line {r['line_id']}"})
            items.append({"at": r["last_seen"], "kind": "number", "label":
                          f"{r['number']} last seen as line {r['line_id']}"})
        for r in rows(store, ["phone_handsets"], HANDSETS_SQL, [numbers]):
            items.append({"at": r["first_seen"], "kind": "handset",
                          "label": f"{r['number']} in handset {r['imei']}"})
    items = [i for i in items if i.get("at") is not None]
    items.sort(key=lambda i: i["at"])
    # the whole timeline is a list view: its entry names the events shown
    audit("view_timeline", entity,
          {"ids": shown_ids(items, "event_id")} if entity is None else None)
    return JSONBody({"entity": entity, "items": items,
                     "activity": _activity(store, numbers, window) if numbers else []})
