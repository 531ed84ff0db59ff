"""The map: cell sites, addresses with coordinates, a phone's movement, a vehicle's reads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linewatch.api.data import parse_time, rows, table_exists
from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.graph import Window
from linewatch.api.personal import MapLayers, Movement, VehicleReads, routes, shown_ids
from linewatch.schema.types import phone as phone_type
from linewatch.schema.types import plate as plate_type
from linewatch.storage import Store

router = APIRouter(prefix="/map", tags=["map"])


@router.get("", responses=routes(MapLayers))
def layers(user: CurrentUser, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Cell sites and addresses with coordinates (cuckooed and trap addresses marked)."""
    cells = rows(store, ["cells"], "SELECT cell_id, lat, lon, azimuth, site_name, area FROM "
                 "cells WHERE lat IS NOT NULL AND lon IS NOT NULL LIMIT 20000")
    cuckoo = table_exists(store, "address_cuckooing")
    traps = table_exists(store, "line_addresses")
    addresses = rows(store, ["addresses"], f"""
        SELECT a.address, a.postcode, a.lat, a.lon, a.flags
               {", c.cuckooing_score, c.cuckooed" if cuckoo else ""}
               {", t.line_id AS trap_line" if traps else ""}
        FROM addresses a
        {"LEFT JOIN address_cuckooing c ON upper(trim(c.address)) = upper(trim(a.address))"
         if cuckoo else ""}
        {"LEFT JOIN (SELECT address, any_value(line_id) AS line_id FROM line_addresses "
         "GROUP BY address) t ON upper(trim(t.address)) = upper(trim(a.address))"
         if traps else ""}
        WHERE a.lat IS NOT NULL AND a.lon IS NOT NULL LIMIT 20000""")  # noqa: S608
    lines = _line_tracks(store)
    reads = rows(store, ["anpr"], "SELECT read_at AS \"at\", vrm, camera_id, lat, lon FROM anpr "
                 "WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY read_at LIMIT ?",
                 [LAYER_LIMIT])
    events = rows(store, ["events"], "SELECT any_value(event_type) AS event_type, "
                  "any_value(occurred_at) AS occurred_at, any_value(offence) AS offence, "
                  "any_value(address) AS address, any_value(lat) AS lat, any_value(lon) AS lon "
                  "FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL "
                  "GROUP BY coalesce(event_id, CAST(_row AS VARCHAR)) "
                  "ORDER BY occurred_at LIMIT ?", [LAYER_LIMIT])
    audit("view_map", None, {"addresses": shown_ids(addresses, "address"),
                             "lines": shown_ids(lines, "line_id"), "anpr_reads": len(reads),
                             "events": len(events)})
    return {"cells": cells, "addresses": addresses, "lines": lines, "reads": reads,
            "events": events}


#: the most points one map layer answers (a line's movement, ANPR reads, events)
LAYER_LIMIT = 20000


def _line_tracks(store: Store) -> list[dict[str, Any]]:
    """Each line number's located calls and texts in time order (its serving cells), for the
    map's movement layer and time slider."""
    found = rows(store, ["line_numbers", "cdr", "cells"], """
        SELECT n.line_id, n.number, c.start_time AS "at", k.lat, k.lon, k.area
        FROM line_numbers n JOIN cdr c ON c.a_number = n.number
        JOIN cells k ON k.cell_id = c.a_cell_id
        WHERE k.lat IS NOT NULL AND k.lon IS NOT NULL
        ORDER BY n.line_id, n.number, c.start_time LIMIT ?""", [LAYER_LIMIT])
    tracks: dict[tuple[str, str], dict[str, Any]] = {}
    for r in found:
        track = tracks.setdefault((r["line_id"], r["number"]), {
            "line_id": r["line_id"], "number": r["number"], "points": []})
        track["points"].append({"at": r["at"], "lat": r["lat"], "lon": r["lon"],
                                "area": r["area"]})
    return list(tracks.values())


@router.get("/movement", responses=routes(Movement))
def movement(number: Annotated[str, Query(max_length=40)], user: CurrentUser,
             store: StoreDep, audit: AuditDep,
             from_: Annotated[str | None, Query(alias="from")] = None,
             to: str | None = None) -> dict[str, Any]:
    """Where a phone was (serving cell of its own calls and texts) over time."""
    e164 = phone_type.try_clean(number) or number
    clause, params = Window(parse_time(from_), parse_time(to)).sql("c.start_time")
    points = rows(store, ["cdr", "cells"], f"""
        SELECT c.start_time AS "at", c.a_cell_id AS cell_id, k.lat, k.lon, k.area
        FROM cdr c JOIN cells k ON k.cell_id = c.a_cell_id
        WHERE c.a_number = ?{clause} ORDER BY c.start_time LIMIT 5000""",  # noqa: S608
        [e164, *params])
    audit("view_movement", f"phone:{e164}")
    return {"number": e164, "points": points}


@router.get("/vehicle", responses=routes(VehicleReads))
def vehicle(vrm: Annotated[str, Query(max_length=20)], user: CurrentUser, store: StoreDep,
            audit: AuditDep) -> dict[str, Any]:
    """ANPR reads of a number plate, in time order."""
    mark = plate_type.try_clean(vrm) or vrm.upper().replace(" ", "")
    reads = rows(store, ["anpr"], "SELECT read_at AS \"at\", camera_id, lat, lon FROM anpr WHERE "
                 "vrm = ? ORDER BY read_at LIMIT 5000", [mark])
    seizures = rows(store, ["seizures"], "SELECT seizure_id, event_id, item_type, description "
                    "FROM seizures WHERE vrm = ?", [mark])
    audit("view_vehicle", f"vehicle:{mark}")
    return {"vrm": mark, "reads": reads, "seizures": seizures}
