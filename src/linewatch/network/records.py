"""Questions about recorded crimes: totals, places, distance, officers and evidence.

Each answer is a list of plain dicts read from the contract's tables (``events`` of type
``crime``, ``addresses``, ``officers``, ``objects``, ``relationships``), so the CLI, the API
and a test can compare them with any other computation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from linewatch.errors import InputError
from linewatch.geo import haversine_km_to_many
from linewatch.storage import Store


def crime_totals(store: Store) -> list[dict[str, Any]]:
    """Recorded crimes per category, most first."""
    return store.query_dicts(
        "SELECT crime_category AS category, count(*) AS crimes FROM events "
        "WHERE event_type = 'crime' GROUP BY 1 ORDER BY crimes DESC, category")


def top_locations(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    """The places (address and postcode) with most recorded crimes."""
    return store.query_dicts(
        "SELECT address, postcode, count(*) AS crimes FROM events WHERE event_type = 'crime' "
        "AND address IS NOT NULL GROUP BY 1, 2 ORDER BY crimes DESC, address, postcode "
        "LIMIT ?", [limit])


def crimes_near(store: Store, address: str, postcode: str | None = None,
                metres: float = 500.0) -> list[dict[str, Any]]:
    """Recorded crimes within ``metres`` of an address of the reference data, nearest first."""
    rows = store.query(
        "SELECT lat, lon FROM addresses WHERE lower(address) = lower(?) AND "
        "(? IS NULL OR replace(upper(postcode), ' ', '') = replace(upper(?), ' ', '')) "
        "AND lat IS NOT NULL LIMIT 1", [address, postcode, postcode])
    if not rows:
        raise InputError(f"no address '{address}' {postcode or ''} with coordinates",
                         field="address")
    lat, lon = rows[0]
    crimes = store.query_dicts(
        "SELECT event_id, crime_category AS category, occurred_at, address, postcode, lat, lon "
        "FROM events WHERE event_type = 'crime' AND lat IS NOT NULL AND lon IS NOT NULL "
        "ORDER BY event_id")
    if not crimes:
        return []
    km = haversine_km_to_many(lat, lon, np.array([c["lat"] for c in crimes]),
                              np.array([c["lon"] for c in crimes]))
    found = [{**c, "metres": round(float(d) * 1000, 1)}
             for c, d in zip(crimes, km, strict=True) if d * 1000 <= metres]
    return sorted(found, key=lambda c: (c["metres"], c["event_id"]))


def crimes_by_officer(store: Store, *, surname: str | None = None, badge: str | None = None,
                      category: str | None = None, outcome: str | None = None,
                      officer: str | None = None) -> list[dict[str, Any]]:
    """Crimes whose investigating officer has this surname or badge number.

    ``officer`` is either: a surname or a badge number.
    """
    if officer:
        is_badge = bool(store.scalar("SELECT count(*) FROM officers WHERE badge_number = ?",
                                     [officer]))
        surname, badge = (None, officer) if is_badge else (officer, None)
    if not surname and not badge:
        raise InputError("name the officer by surname or badge number", field="officer")
    return store.query_dicts(
        "SELECT e.event_id, e.crime_reference, e.crime_category AS category, e.outcome, "
        "e.occurred_at, o.officer_id, o.rank, o.forenames, o.surname, o.badge_number "
        "FROM events e JOIN officers o ON o.officer_id = e.investigating_officer "
        "AND o.source_system = e.source_system WHERE e.event_type = 'crime' "
        "AND (? IS NULL OR lower(o.surname) = lower(?)) AND (? IS NULL OR o.badge_number = ?) "
        "AND (? IS NULL OR lower(e.crime_category) = lower(?)) "
        "AND (? IS NULL OR lower(e.outcome) = lower(?)) ORDER BY e.event_id",
        [surname, surname, badge, badge, category, category, outcome, outcome])


def evidence(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Objects and vehicles linked to an event, and the persons party to it."""
    return store.query_dicts(
        "SELECT r.type, r.from_type, r.from_ref, o.object_type, o.description, o.vrm, o.make, "
        "o.model FROM relationships r LEFT JOIN objects o ON o.object_id = r.from_ref "
        "AND o.source_system = r.source_system AND r.from_type IN ('object', 'vehicle') "
        "WHERE r.to_type = 'event' AND r.to_ref = ? ORDER BY r.type, r.from_type, r.from_ref",
        [event_id])
