"""The closed-form intervals against values worked by hand from their formulas."""

from __future__ import annotations

import math

import pytest

from linewatch.ops.fairness_stats import katz_ratio, wilson, z_value


def test_wilson_interval_matches_the_formula() -> None:
    z = z_value(0.05)
    assert z == pytest.approx(1.959964, abs=1e-5)
    low, high = wilson(8, 40, z)
    # p = 0.2, n = 40: centre (0.2 + z²/80) / (1 + z²/40), half-width as in Wilson (1927)
    centre = (0.2 + z * z / 80) / (1 + z * z / 40)
    half = z * math.sqrt(0.2 * 0.8 / 40 + z * z / 6400) / (1 + z * z / 40)
    assert (low, high) == pytest.approx((centre - half, centre + half))
    assert wilson(0, 10, z)[0] == pytest.approx(0.0, abs=1e-12)
    assert wilson(10, 10, z)[1] == pytest.approx(1.0)


def test_katz_interval_matches_the_formula_and_handles_zero_cells() -> None:
    z = z_value(0.05)
    rr = katz_ratio(30, 100, 10, 100, z)
    assert rr is not None and rr.ratio == pytest.approx(3.0)
    se = math.sqrt(1 / 30 - 1 / 100 + 1 / 10 - 1 / 100)
    assert (rr.low, rr.high) == pytest.approx((3 * math.exp(-z * se), 3 * math.exp(z * se)))
    none_selected = katz_ratio(0, 20, 10, 100, z)
    assert none_selected is not None and none_selected.low < none_selected.ratio < 1
    assert math.isfinite(none_selected.high)
    assert katz_ratio(1, 0, 1, 10, z) is None
