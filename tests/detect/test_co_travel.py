"""A runner's own phone travels with the runner phone: same areas, same days, away from home."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from linewatch.detect.co_travel import co_travellers, with_travellers
from linewatch.detect.roles import PhoneRole
from linewatch.settings.detect import DetectSettings
from linewatch.storage import Store

DAY0 = dt.datetime(2024, 3, 1, 12, 0)
HUB, MARKET = "C-HUB", "C-MKT"
WORK, OWN, LOCAL, FRIEND = ("+447700900100", "+447700900200", "+447700900300",
                            "+447700900400")
AREAS = pa.table({"cell_id": [HUB, MARKET], "area_id": [1, 2]})


def _use(number: str, cell: str, days: list[int]) -> list[dict[str, object]]:
    return [{"a_number": number, "b_number": "+447700900999", "event_type": "call",
             "start_time": DAY0 + dt.timedelta(days=d, hours=h), "a_cell_id": cell}
            for d in days for h in (0, 2)]


def _store(rows: list[dict[str, object]]) -> Store:
    store = Store.open(":memory:")
    for i, row in enumerate(rows):
        row["_row"] = i
    store.write_rows("cdr", rows, mode="append")
    return store


def test_the_phone_away_from_home_on_the_runner_phones_days_carries_it() -> None:
    trips = [3, 4, 9, 10]
    rows = (_use(WORK, MARKET, trips)
            + _use(OWN, HUB, [d for d in range(14) if d not in trips]) + _use(OWN, MARKET, trips)
            # a local who lives in the market is there every day: never "away"
            + _use(LOCAL, MARKET, list(range(14)))
            # a friend who visited the market once with the runner
            + _use(FRIEND, HUB, list(range(14))) + _use(FRIEND, MARKET, [3]))
    owners = {OWN: "P-RUNNER", LOCAL: "P-LOCAL", FRIEND: "P-FRIEND"}
    found = co_travellers(_store(rows), AREAS, [WORK], owners, DetectSettings())
    assert [(t.runner_number, t.number, t.person_id) for t in found] == [
        (WORK, OWN, "P-RUNNER")]
    assert found[0].evidence["days_together"] == 4
    roles = with_travellers([PhoneRole(WORK, "runner", "L1", 0.8), PhoneRole(OWN, "other",
                                                                             None, 0.5)], found)
    own = next(r for r in roles if r.number == OWN)
    assert (own.role, own.line_id) == ("runner", "L1")


def test_no_match_when_two_phones_travel_alike_or_too_little() -> None:
    trips = [3, 4, 9]
    rows = (_use(WORK, MARKET, trips) + _use(OWN, HUB, list(range(14)))
            + _use(OWN, MARKET, trips) + _use(FRIEND, HUB, list(range(14)))
            + _use(FRIEND, MARKET, trips))
    owners = {OWN: "P-A", FRIEND: "P-B"}
    # two equally good candidates: nobody is named
    assert co_travellers(_store(rows), AREAS, [WORK], owners, DetectSettings()) == []
    # one shared day is below the minimum
    one = _use(WORK, MARKET, [3]) + _use(OWN, HUB, list(range(14))) + _use(OWN, MARKET, [3])
    assert co_travellers(_store(one), AREAS, [WORK], {OWN: "P-A"}, DetectSettings()) == []


def test_a_runner_who_lives_at_the_market_is_found_by_the_rare_cell_days() -> None:
    """The runner phone spends twelve days in the market, in one of its three cells each day,
    and is used in the hub on the day of the trip out. The runner's own phone is everywhere it
    is; three residents of the market are each in their own cell every day. Area co-travel
    finds nobody (the own phone's home *is* the market); weighted co-location finds the
    runner's phone, and nobody when a second phone goes everywhere too."""
    from linewatch.detect.co_travel import co_located

    cells = ["C-MKT", "C-MKT2", "C-MKT3"]
    areas = pa.table({"cell_id": [HUB, *cells], "area_id": [1, 2, 2, 2]})
    residents = ["+447700900501", "+447700900502", "+447700900503"]
    trip = [r for d in range(1, 13) for r in _use(WORK, cells[d % 3], [d])]
    own = [r for d in range(1, 13) for r in _use(OWN, cells[d % 3], [d])]
    rows = (_use(WORK, HUB, [0]) + trip + _use(OWN, HUB, [0, 13]) + own
            + [r for i, n in enumerate(residents) for r in _use(n, cells[i], list(range(14)))]
            + _use(FRIEND, HUB, list(range(14))))
    owners = {OWN: "P-RUNNER", FRIEND: "P-FRIEND", **{n: f"P-{n[-3:]}" for n in residents}}
    settings = DetectSettings()
    store = _store(rows)
    assert co_travellers(store, areas, [WORK], owners, settings) == []
    found = co_located(store, [WORK], owners, settings)
    assert [(t.runner_number, t.number, t.person_id) for t in found] == [
        (WORK, OWN, "P-RUNNER")]
    assert found[0].evidence["days_together"] == 13
    assert found[0].evidence["shared_day_cells"] == 13
    assert found[0].evidence["weighted_share"] == 1.0
    assert found[0].evidence["runner_up_weighted_share"] < 0.5
    # a second phone that goes everywhere the runner phone goes: nobody is named
    twin = "+447700900600"
    twin_rows = [{**r, "a_number": twin} for r in _use(WORK, HUB, [0]) + trip]
    store = _store(rows + twin_rows)
    assert co_located(store, [WORK], {**owners, twin: "P-TWIN"}, settings) == []
