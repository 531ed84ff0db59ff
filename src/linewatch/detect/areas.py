"""Areas derived from the data: cell sites grouped by place, with no place names involved.

A county line joins an urban hub to a county market, but which cells are "hub" and which are
"market" differs per line and per force, so nothing here knows a place name. Cells are grouped
into compact areas by *leader clustering*: the busiest cell not yet in an area opens a new
area and takes every unassigned cell within ``radius_km`` of it. Busy town centres therefore
become area centres, a big city splits into a few districts, and sparse cells along roads form
small areas of their own. Whether an area is a line's market or its hub is decided later, per
line, from where its customers and its inner circle are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pyarrow as pa

from linewatch.geo import project_km

AREA_SCHEMA = pa.schema([
    ("cell_id", pa.string()), ("area_id", pa.int64()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("x_km", pa.float64()), ("y_km", pa.float64()),
])


def cell_areas(cells: pa.Table, activity: Mapping[str, int] | None = None, *,
               radius_km: float = 5.0) -> tuple[pa.Table, float]:
    """Group cells into areas; returns the cell -> area table and the projection latitude.

    ``cells`` needs ``cell_id``, ``lat`` and ``lon``; cells without coordinates are left out.
    ``activity`` (events per cell) decides which cells open areas first; without it every
    cell counts the same and the order is by id, so the result is deterministic either way.
    """
    rows = [(str(c), float(la), float(lo)) for c, la, lo in zip(
        cells.column("cell_id").to_pylist(), cells.column("lat").to_pylist(),
        cells.column("lon").to_pylist(), strict=True)
        if c is not None and la is not None and lo is not None
        and math.isfinite(la) and math.isfinite(lo)]
    if not rows:
        return AREA_SCHEMA.empty_table(), 0.0
    # one row per cell id (a duplicated cell keeps its first position)
    seen: dict[str, tuple[float, float]] = {}
    for cid, la, lo in rows:
        seen.setdefault(cid, (la, lo))
    ids = sorted(seen)
    lat = np.array([seen[c][0] for c in ids])
    lon = np.array([seen[c][1] for c in ids])
    lat0 = float(np.mean(lat))
    x, y = project_km(lat, lon, lat0, float(np.mean(lon)))
    weight = np.array([float((activity or {}).get(c, 0)) for c in ids])
    order = np.lexsort((np.arange(len(ids)), -weight))  # busiest first, then by id
    area = np.full(len(ids), -1, dtype=np.int64)
    next_area = 0
    r2 = radius_km * radius_km
    for idx in order:
        if area[idx] >= 0:
            continue
        free = area < 0
        near = free & (((x - x[idx]) ** 2 + (y - y[idx]) ** 2) <= r2)
        area[near] = next_area
        next_area += 1
    table = pa.table({"cell_id": ids, "area_id": area, "lat": lat, "lon": lon,
                      "x_km": x, "y_km": y}, schema=AREA_SCHEMA)
    return table, lat0


def area_centres(areas: pa.Table) -> dict[int, tuple[float, float]]:
    """Mean (lat, lon) of each area's cells."""
    out: dict[int, list[float]] = {}
    for a, la, lo in zip(areas.column("area_id").to_pylist(), areas.column("lat").to_pylist(),
                         areas.column("lon").to_pylist(), strict=True):
        acc = out.setdefault(int(a), [0.0, 0.0, 0.0])
        acc[0] += la
        acc[1] += lo
        acc[2] += 1
    return {a: (v[0] / v[2], v[1] / v[2]) for a, v in out.items()}


