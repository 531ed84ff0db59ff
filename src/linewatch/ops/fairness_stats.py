"""Closed-form intervals for the disproportionality audit (no statistics package needed).

* A share (how much of a list one group makes up): the Wilson score interval (Wilson, 1927,
  "Probable inference, the law of succession, and statistical inference", JASA 22).
* A ratio of two selection rates (the chance of being on a list for one group against
  everyone else in the base): the Katz log interval for a risk ratio (Katz et al., 1978,
  "Obtaining confidence intervals for the risk ratio in cohort studies", Biometrics 34),
  with 0.5 added to every cell when a count is zero (Haldane's correction), so a group with
  nobody on the list still gets a finite upper bound.

The critical value comes from the standard normal distribution (``statistics.NormalDist``);
callers divide ``alpha`` by the number of groups compared (Bonferroni) so that a dimension
with many groups does not flag one by chance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist


def z_value(alpha: float) -> float:
    """Two-sided critical value of the standard normal for ``alpha``."""
    return NormalDist().inv_cdf(1 - alpha / 2)


def wilson(successes: int, total: int, z: float) -> tuple[float, float]:
    """Wilson score interval of ``successes / total`` (``(0, 1)`` when ``total`` is 0)."""
    if total <= 0:
        return 0.0, 1.0
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class RateRatio:
    ratio: float
    low: float
    high: float


def katz_ratio(selected_in: int, base_in: int, selected_out: int, base_out: int,
               z: float) -> RateRatio | None:
    """Risk ratio ``(selected_in / base_in) / (selected_out / base_out)`` with its Katz log
    interval; ``None`` when either base is empty (nothing to compare)."""
    if base_in <= 0 or base_out <= 0:
        return None
    a, n1, c, n2 = float(selected_in), float(base_in), float(selected_out), float(base_out)
    if a == 0 or c == 0 or a == n1 or c == n2:
        a, n1, c, n2 = a + 0.5, n1 + 1.0, c + 0.5, n2 + 1.0
    ratio = (a / n1) / (c / n2)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / c - 1 / n2))
    log = math.log(ratio)
    return RateRatio(ratio, math.exp(log - z * se), math.exp(log + z * se))
