"""The per-phone filter before co-travel never drops a phone that would have matched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linewatch.detect.places import Whereabouts, co_travel
from linewatch.detect.roles import _could_travel
from linewatch.settings.detect import DetectSettings

MARKET = 1
days = st.dictionaries(st.integers(0, 20), st.sampled_from([0, MARKET, 2]), max_size=21)


def _where(daily: dict[int, int]) -> Whereabouts:
    w = Whereabouts()
    w.daily_area.update(daily)
    w.daily_cells.update({d: {f"c{a}"} for d, a in daily.items()})
    return w


@settings(max_examples=300, deadline=None)
@given(reference=days, other=days, match=st.sampled_from([0.5, 0.7, 0.9, 1.0]))
def test_a_phone_that_travels_with_a_runner_phone_passes_the_filter(
        reference: dict[int, int], other: dict[int, int], match: float) -> None:
    params = DetectSettings(cotravel_min_match=match)
    moves = co_travel(_where(reference), _where(other), MARKET)
    if moves.together(params):
        assert _could_travel(_where(other), MARKET, params)


def test_a_resident_of_the_market_is_filtered_out() -> None:
    resident = _where(dict.fromkeys(range(14), MARKET))
    traveller = _where({d: MARKET if d % 2 else 0 for d in range(14)})
    assert not _could_travel(resident, MARKET, DetectSettings())
    assert _could_travel(traveller, MARKET, DetectSettings())
