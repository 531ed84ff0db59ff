"""Per-number features: London local time, contacts, handsets, areas derived from cells."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from linewatch.detect.areas import cell_areas
from linewatch.detect.params import DetectParams
from linewatch.detect.pipeline import compute_features
from linewatch.storage import Store
from linewatch.storage.engine import engine_for

A, B, C = "+447700900001", "+447700900002", "+447700900003"


def _features(rows: list[dict[str, Any]], cells: list[dict[str, Any]] | None = None,
              ) -> dict[str, dict[str, Any]]:
    store = Store.open(":memory:")
    store.write_rows("cdr", rows, mode="append")
    kinds = ["cdr"]
    if cells:
        store.write_rows("cells", cells, mode="append")
        kinds.append("cells")
    result = compute_features(engine_for(store), DetectParams(), kinds)
    store.close()
    return {r["number"]: r for r in result.features.to_pylist()}


def _ev(a: str, b: str, when: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {"start_time": when, "a_number": a, "b_number": b, "event_type": "sms", **extra}


def test_night_is_london_local_time_not_utc() -> None:
    # 23:30 UTC is 00:30 in London in July (BST) but 23:30 in January (GMT)
    summer = _features([_ev(A, B, dt.datetime(2024, 7, 1, 23, 30))])
    winter = _features([_ev(A, B, dt.datetime(2024, 1, 15, 23, 30))])
    assert summer[A]["night_share"] == 1.0
    assert winter[A]["night_share"] == 0.0


def test_contacts_initiators_and_handsets_are_counted() -> None:
    t = dt.datetime(2024, 3, 4, 12, 0)
    rows = [_ev(A, B, t, a_imei="111"), _ev(A, C, t + dt.timedelta(days=1), a_imei="222"),
            _ev(B, A, t + dt.timedelta(hours=1)), _ev(B, A, t + dt.timedelta(days=2))]
    f = _features(rows)[A]
    assert f["contacts"] == 2
    assert f["in_contacts"] == 1
    assert f["repeat_initiators"] == 1
    assert f["n_imei"] == 2
    assert f["one_way_share"] == 0.5
    assert f["n_in"] == 2 and f["n_out"] == 2


def test_areas_group_nearby_cells_and_split_distant_towns() -> None:
    cells = pa.table({"cell_id": ["a", "b", "c"], "lat": [51.50, 51.51, 51.30],
                      "lon": [-0.10, -0.09, 0.50]})
    areas, _ = cell_areas(cells, {"a": 10, "b": 1, "c": 5}, radius_km=5.0)
    area = dict(zip(areas.column("cell_id").to_pylist(), areas.column("area_id").to_pylist(),
                    strict=True))
    assert area["a"] == area["b"] != area["c"]


def test_geography_features_degrade_to_null_without_cells() -> None:
    t = dt.datetime(2024, 3, 4, 12, 0)
    f = _features([_ev(A, B, t, a_cell_id="x1")])[A]
    assert f["home_area"] is None
    assert f["initiators_top_area_share"] is None
    located = _features([_ev(A, B, t, a_cell_id="x1")],
                        cells=[{"cell_id": "x1", "lat": 51.5, "lon": -0.1}])[A]
    assert located["home_area"] == 0
    assert located["distinct_cells"] == 1


def test_features_and_edges_come_in_number_order(world_store: Store) -> None:
    """Everything after the features (scores, lines, roles, graph) follows their row order, and
    a parallel engine returns rows in any order: the pipeline fixes it, by number."""
    for _ in range(3):
        result = compute_features(engine_for(world_store), DetectParams(),
                                  ["cdr", "cells", "subscribers"])
        numbers = result.features.column("number").to_pylist()
        assert result.edges is not None
        pairs = list(zip(result.edges.column("number_a").to_pylist(),
                         result.edges.column("number_b").to_pylist(), strict=True))
        assert numbers == sorted(numbers) and len(numbers) > 300
        assert pairs == sorted(pairs) and len(pairs) > 300


def test_radius_of_gyration_does_not_depend_on_the_row_order() -> None:
    """Float sums depend on the order an engine meets the rows in; the radius must not."""
    import random

    from linewatch.detect.features import MOBILITY

    rng = random.Random(5)
    rows = [{"num": num, "cell": cell, "area_id": cell % 7, "x_km": rng.uniform(-40, 40),
             "y_km": rng.uniform(-40, 40), "n": rng.randint(1, 50), "n_night": 0}
            for num in range(40) for cell in range(30)]
    radii = []
    for shuffle in range(4):
        random.Random(shuffle).shuffle(rows)
        store = Store.open(":memory:")
        engine = engine_for(store)
        engine.register_arrow("lw_ncell", pa.Table.from_pylist(rows))
        radii.append(sorted(engine.fetch(MOBILITY.sql).select(["num", "radius_gyration_km"])
                            .to_pylist(), key=lambda r: r["num"]))
        store.close()
    assert all(r == radii[0] for r in radii[1:])
    assert all(20 < r["radius_gyration_km"] < 60 for r in radii[0])
