"""Where things are: coordinates of addresses and events, and whether two places are far apart.

No place names are involved. A place is located from the event's own latitude and longitude,
else the ``addresses`` reference table (exact address, then the mean of its postcode), else
other events recorded at the same address or postcode. When coordinates are missing on
either side, two places are taken to be far apart only if their postcode *areas* (the letters
of the outward code, ``ME`` of ``ME4 4QU``) differ, and the evidence says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from linewatch.geo import haversine_km
from linewatch.people.context import address_key
from linewatch.storage import Store


def postcode_area(postcode: str | None) -> str | None:
    match = re.match(r"\s*([A-Za-z]{1,2})\d", postcode or "")
    return match.group(1).upper() if match else None


@dataclass(frozen=True)
class Place:
    """A located place (any part may be unknown)."""

    address: str | None
    postcode: str | None
    lat: float | None = None
    lon: float | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None


class Locator:
    """Coordinates for addresses and postcodes, from the store's reference data and events."""

    def __init__(self, store: Store) -> None:
        self._by_key: dict[str, tuple[float, float]] = {}
        by_postcode: dict[str, list[tuple[float, float]]] = defaultdict(list)
        rows = store.query("SELECT address, postcode, lat, lon FROM addresses "
                           "WHERE lat IS NOT NULL AND lon IS NOT NULL")
        event_rows = store.query("SELECT address, postcode, lat, lon FROM events "
                                 "WHERE lat IS NOT NULL AND lon IS NOT NULL")
        for address, postcode, lat, lon in rows + event_rows:
            key = address_key(address, postcode)
            if key and key not in self._by_key:
                self._by_key[key] = (float(lat), float(lon))
            if postcode:
                by_postcode[postcode.upper()].append((float(lat), float(lon)))
        self._by_postcode = {pc: (sum(p[0] for p in pts) / len(pts),
                                  sum(p[1] for p in pts) / len(pts))
                             for pc, pts in by_postcode.items()}

    def locate(self, address: str | None, postcode: str | None, lat: float | None = None,
               lon: float | None = None) -> Place:
        if lat is not None and lon is not None:
            return Place(address, postcode, float(lat), float(lon))
        key = address_key(address, postcode)
        point = self._by_key.get(key) if key else None
        if point is None and postcode:
            point = self._by_postcode.get(postcode.upper())
        if point is None:
            return Place(address, postcode)
        return Place(address, postcode, point[0], point[1])


def separation(a: Place, b: Place, far_km: float) -> dict[str, Any] | None:
    """How far apart two places are: ``{"km": .., "far": ..}`` or a postcode-area comparison.

    ``None`` when neither distance nor postcode areas can be compared.
    """
    if a.point and b.point:
        km = haversine_km(*a.point, *b.point)
        return {"km": round(km, 2), "far": km >= far_km, "basis": "coordinates"}
    area_a, area_b = postcode_area(a.postcode), postcode_area(b.postcode)
    if area_a and area_b:
        return {"km": None, "far": area_a != area_b, "basis": "postcode areas",
                "areas": [area_a, area_b]}
    return None
