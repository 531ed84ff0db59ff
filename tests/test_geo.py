"""The one geo module: haversine, its vectorised form and the local projection agree."""

from __future__ import annotations

import math

import numpy as np
import pytest

from linewatch.geo import (
    EARTH_RADIUS_KM,
    KM_PER_DEGREE,
    haversine_km,
    haversine_km_to_many,
    project_km,
)


def test_quarter_meridian_is_a_quarter_of_the_circumference() -> None:
    assert haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)
    assert haversine_km(51.0, -1.0, 52.0, -1.0) == pytest.approx(KM_PER_DEGREE)
    assert haversine_km(51.5, -0.1, 51.5, -0.1) == 0.0


def test_antipodes_do_not_fail_on_rounding() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_vectorised_distances_equal_the_scalar_ones() -> None:
    lats = np.array([50.1, 51.7, 53.4, 55.0])
    lons = np.array([-5.2, -0.3, -2.2, 1.4])
    many = haversine_km_to_many(52.0, -1.5, lats, lons)
    one_by_one = [haversine_km(52.0, -1.5, la, lo) for la, lo in zip(lats, lons, strict=True)]
    assert many.tolist() == pytest.approx(one_by_one, rel=1e-12)


def test_projection_agrees_with_haversine_over_a_region() -> None:
    lat0, lon0 = 52.5, -1.9
    lats = np.array([52.6, 52.3, 52.8, 52.45])
    lons = np.array([-1.7, -2.2, -1.95, -1.5])
    x, y = project_km(lats, lons, lat0, lon0)
    for xi, yi, la, lo in zip(x, y, lats, lons, strict=True):
        assert math.hypot(xi, yi) == pytest.approx(haversine_km(lat0, lon0, la, lo), rel=0.005)
