"""Distances on the Earth, written once for every stage (detect, safeguard, text, ...).

The Earth is taken as a sphere of the IUGG mean radius ``R1 = 6371.0088 km``. Distances
between two points are great-circle (haversine) distances; over a few hundred kilometres the
sphere is within about 0.5% of the ellipsoid, far below the precision of a cell site or a
postcode centroid. :func:`project_km` flattens a small region onto a plane (equirectangular,
on the same sphere) for algorithms that need x/y kilometres, such as clustering cells; over
the few tens of kilometres of one region it agrees with :func:`haversine_km` to well under 1%.

Nothing here imports another part of linewatch, so any stage may import it.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_km_to_many(lat: float, lon: float, lats: np.ndarray,
                         lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in kilometres from one point to each of many (all in degrees)."""
    p1, l1 = math.radians(lat), math.radians(lon)
    p2, l2 = np.radians(np.asarray(lats, dtype=float)), np.radians(np.asarray(lons, dtype=float))
    h = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    result: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return result


def project_km(lat: np.ndarray, lon: np.ndarray, lat0: float,
               lon0: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular x/y in kilometres from the point (``lat0``, ``lon0``), in degrees."""
    x = (np.asarray(lon, dtype=float) - lon0) * math.cos(math.radians(lat0)) * KM_PER_DEGREE
    y = (np.asarray(lat, dtype=float) - lat0) * KM_PER_DEGREE
    return x, y
