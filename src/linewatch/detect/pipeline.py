"""Runs the feature pipeline on an engine: registers its small inputs, returns Arrow tables.

The same function drives DuckDB (inside the store) and Spark (over Parquet exports), so the
parity test and the benchmark exercise exactly the code the stage runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from dataclasses import dataclass

import pyarrow as pa

from linewatch.detect.areas import AREA_SCHEMA, cell_areas
from linewatch.detect.bursts import BURST_LIST
from linewatch.detect.features import feature_steps
from linewatch.detect.params import DetectParams
from linewatch.errors import StoreError
from linewatch.storage.engine import DuckDBEngine, Engine

SUBS_SCHEMA = pa.schema([("number", pa.string()), ("account_type", pa.string())])

_LATEST_SUBSCRIBER = """
SELECT number, account_type FROM (
  SELECT number, account_type,
         row_number() OVER (PARTITION BY number
                            ORDER BY activated_on DESC NULLS LAST, account_type) AS rk
  FROM subscribers WHERE number IS NOT NULL AND account_type IS NOT NULL) s
WHERE rk = 1
"""

EDGES = """
SELECT ia.number AS number_a, ib.number AS number_b, p.n, p.n_out AS n_ab,
       p.n_in AS n_ba, p.days, p.first_ts, p.last_ts
FROM lw_pair p JOIN lw_ids ia ON ia.nid = p.num JOIN lw_ids ib ON ib.nid = p.other
WHERE p.num < p.other
ORDER BY number_a, number_b
"""


@dataclass
class FeatureResult:
    """What the pipeline produced: features per number, bursts, areas and the contact edges."""

    features: pa.Table
    bursts: pa.Table
    areas: pa.Table
    lat0: float
    edges: pa.Table | None = None


def compute_features(engine: Engine, params: DetectParams, available: Collection[str], *,
                     with_edges: bool = True) -> FeatureResult:
    """Run the feature pipeline on ``engine``.

    ``available`` names the input tables the engine can read (``cdr`` must be one; ``cells``
    and ``subscribers`` are optional and their features come out NULL without them).
    """
    if "cdr" not in available:
        raise StoreError("detection needs call data: the 'cdr' table is missing")
    engine.register_arrow("lw_params", pa.Table.from_pylist([params.sql_row()]))
    areas, lat0 = _areas(engine, params, available)
    engine.register_arrow("lw_cell_area", areas)
    subs = engine.fetch(_LATEST_SUBSCRIBER) if "subscribers" in available else None
    engine.register_arrow("lw_subs", subs if subs is not None and subs.num_rows
                          else SUBS_SCHEMA.empty_table())
    try:
        features = engine.run(feature_steps())
        bursts = engine.fetch(BURST_LIST)
        edges = engine.fetch(EDGES) if with_edges else None
    finally:
        release(engine)
    return FeatureResult(features=normalise(features), bursts=normalise(bursts), areas=areas,
                         lat0=lat0, edges=normalise(edges) if edges is not None else None)


def normalise(table: pa.Table) -> pa.Table:
    """One type per kind of column whatever the engine: int64 counts, float64 shares.

    DuckDB sums integers into 128-bit integers (Arrow decimals) and Spark into 64-bit ones,
    and Spark computes with decimal literals as decimals; counts become int64 and everything
    fractional float64, so results compare equal across engines.
    """
    fields = []
    for f in table.schema:
        if pa.types.is_integer(f.type) or (pa.types.is_decimal(f.type) and f.type.scale == 0):
            fields.append(pa.field(f.name, pa.int64()))
        elif pa.types.is_floating(f.type) or pa.types.is_decimal(f.type):
            fields.append(pa.field(f.name, pa.float64()))
        elif pa.types.is_large_string(f.type):
            fields.append(pa.field(f.name, pa.string()))
        else:
            fields.append(f)
    return table.cast(pa.schema(fields))


def _areas(engine: Engine, params: DetectParams,
           available: Collection[str]) -> tuple[pa.Table, float]:
    if "cells" not in available:
        return AREA_SCHEMA.empty_table(), 0.0
    cells = engine.fetch("SELECT cell_id, lat, lon FROM cells")
    if cells.num_rows == 0:
        return AREA_SCHEMA.empty_table(), 0.0
    counts = engine.fetch("SELECT a_cell_id AS cell_id, count(*) AS n FROM cdr "
                          "WHERE a_cell_id IS NOT NULL GROUP BY a_cell_id")
    activity = dict(zip(counts.column("cell_id").to_pylist(),
                        counts.column("n").to_pylist(), strict=True))
    return cell_areas(cells, activity, radius_km=params.area_radius_km)


def release(engine: Engine) -> None:
    """Drop the pipeline's temporary tables and views (DuckDB keeps them until closed)."""
    if not isinstance(engine, DuckDBEngine):
        return
    for step in feature_steps():
        with contextlib.suppress(StoreError):
            engine.drop(step)
