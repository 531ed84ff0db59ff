"""Trap houses: the addresses behind the places where a line's runners spend their nights.

For each trap phone found by the role rules, in order of strength of evidence:

1. the home address of the person resolution ties to the trap phone (``phone_persons`` ->
   ``persons``);
2. the subscriber address of the trap number (``subscribers``);
3. the address in ``addresses`` nearest the trap phone's home cell that carries a vulnerability
   or housing flag, within ``radius_km``.

Runner overnight cells in the market with no trap phone (an empty flat, a "bando") get rule 3
only when police events (anti-social behaviour reports, warrants, welfare checks, seizures)
were recorded at that address; otherwise nothing is guessed.
"""

from __future__ import annotations

from typing import Any

from linewatch.detect.places import Whereabouts
from linewatch.detect.roles import LineCrew
from linewatch.geo import haversine_km
from linewatch.settings.detect import DetectSettings
from linewatch.storage import Store

FLAGS = ("vulnerable_occupant", "hmo", "social_housing")
EVENT_TYPES = ("asb_report", "warrant", "welfare_check", "seizure", "arrest")


def trap_addresses(store: Store, crews: list[LineCrew], where: dict[str, Whereabouts],
                   cells: dict[str, tuple[float, float]], owners: dict[str, str], *,
                   radius_km: float = DetectSettings().trap_address_radius_km
                   ) -> list[dict[str, Any]]:
    """Rows of ``line_addresses`` (without run id)."""
    out: list[dict[str, Any]] = []
    addresses = _addresses(store)
    for crew in crews:
        seen: set[tuple[str, str | None]] = set()
        for phone in crew.traps:
            row = _from_person(store, owners.get(phone)) or _from_subscriber(store, phone)
            cell = crew.trap_cells.get(phone)
            if row is None and cell in cells:
                row = _nearest(addresses, cells[cell], radius_km, need_events=False)
            if row is None:
                continue
            row["evidence"] = {**row["evidence"], "trap_phone": phone, "cell": cell}
            _add(out, seen, crew.line_id, row)
        covered = set(crew.trap_cells.values())
        for runner in crew.runners:
            w = where.get(runner)
            cell = w.market_cell(crew.market_area) if w else None
            if cell is None or cell in covered or cell not in cells:
                continue
            covered.add(cell)
            row = _nearest(addresses, cells[cell], radius_km, need_events=True)
            if row is not None:
                row["evidence"] = {**row["evidence"], "runner_phone": runner, "cell": cell}
                _add(out, seen, crew.line_id, row)
    return out


def _add(out: list[dict[str, Any]], seen: set[tuple[str, str | None]], line_id: str,
         row: dict[str, Any]) -> None:
    key = (str(row["address"]).upper(), row.get("postcode"))
    if key in seen:
        return
    seen.add(key)
    out.append({"line_id": line_id, "address": row["address"], "postcode": row.get("postcode"),
                "confidence": row["confidence"], "evidence": row["evidence"]})


def _from_person(store: Store, person_id: str | None) -> dict[str, Any] | None:
    if person_id is None or not store.table_exists("persons"):
        return None
    row = store.query_one("SELECT address, postcode FROM persons WHERE person_id = ?",
                          [person_id])
    if not row or not row[0]:
        return None
    return {"address": row[0], "postcode": row[1], "confidence": 0.8,
            "evidence": {"rule": "home address of the trap phone's owner",
                         "table": "persons", "person_id": person_id}}


def _from_subscriber(store: Store, number: str) -> dict[str, Any] | None:
    row = store.query_one(
        "SELECT subscriber_address, _batch, _row FROM subscribers WHERE number = ? "
        "AND subscriber_address IS NOT NULL ORDER BY activated_on DESC NULLS LAST LIMIT 1",
        [number])
    if not row:
        return None
    return {"address": row[0], "postcode": None, "confidence": 0.7,
            "evidence": {"rule": "subscriber address of the trap phone",
                         "table": "subscribers", "_batch": row[1], "_row": row[2]}}


def _addresses(store: Store) -> list[dict[str, Any]]:
    rows = store.query_dicts(
        "SELECT a.address, a.postcode, a.lat, a.lon, a.flags, a._batch, a._row, "
        "(SELECT count(*) FROM events e WHERE list_contains(?, e.event_type) AND ("
        " (e.postcode = a.postcode AND upper(e.address) = upper(a.address)))) AS n_events "
        "FROM addresses a WHERE a.lat IS NOT NULL AND a.lon IS NOT NULL",
        [list(EVENT_TYPES)])
    return rows


def _nearest(addresses: list[dict[str, Any]], point: tuple[float, float], radius_km: float, *,
             need_events: bool) -> dict[str, Any] | None:
    best: tuple[float, dict[str, Any]] | None = None
    for a in addresses:
        flags = set(a.get("flags") or [])
        if not flags & set(FLAGS) and not a["n_events"]:
            continue
        if need_events and not a["n_events"]:
            continue
        d = haversine_km(point[0], point[1], a["lat"], a["lon"])
        if d > radius_km:
            continue
        rank = d - 0.5 * ("vulnerable_occupant" in flags) - 0.2 * min(3, a["n_events"])
        if best is None or rank < best[0]:
            best = (rank, a)
    if best is None:
        return None
    a = best[1]
    return {"address": a["address"], "postcode": a["postcode"],
            "confidence": 0.45 if a["n_events"] else 0.3,
            "evidence": {"rule": "nearest flagged address to the overnight cell",
                         "table": "addresses", "_batch": a["_batch"], "_row": a["_row"],
                         "flags": sorted(set(a.get("flags") or [])),
                         "police_events_at_address": a["n_events"],
                         "distance_km": round(haversine_km(point[0], point[1], a["lat"],
                                                          a["lon"]), 3)}}
