"""Who carries a runner's phone: the personal phone that travels with it.

A runner's work phone is rarely registered to anyone, but the runner also carries their own
phone. Each trip "out country" takes both away from the runner's home area to the line's
market on the same days. For every runner phone with no known owner, this compares the
(area, day) pairs where the runner phone was used with the pairs where each attributed phone
was used *away from its own home area* (the area where it is used on most days), so the
many local people who live in the market and are always there count for nothing.

The best match is accepted when the two share at least ``co_travel_min_days`` away-days, the
Jaccard index of the two sets reaches ``co_travel_min_jaccard``, and it is at least
``co_travel_margin`` times the runner-up's (crew members who travel together share some
days). Areas come from the cell sites (``detect.areas``); no place name is involved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from linewatch.detect.roles import PhoneRole
from linewatch.settings.detect import DetectSettings
from linewatch.storage import Store

Stay = tuple[int, str]  # (area id, ISO day)


@dataclass(frozen=True)
class CoTraveller:
    runner_number: str
    number: str  # the attributed phone travelling with it
    person_id: str
    jaccard: float
    evidence: dict[str, Any]


def _stays(store: Store, areas: pa.Table, numbers: list[str]) -> dict[str, dict[Stay, int]]:
    """Events per (area, day) of each of ``numbers``, either side of a call or text."""
    if not numbers or areas.num_rows == 0:
        return {}
    wanted = pa.table({"number": pa.array(numbers, pa.string())})
    # the numbers are joined as a table: a list searched per call record is quadratic
    with store.registered("lw_co_areas", areas.select(["cell_id", "area_id"])), \
            store.registered("lw_co_numbers", wanted):
        rows = store.query(
            "SELECT number, area_id, day, count(*) FROM ("
            "  SELECT a_number AS number, a_cell_id AS cell_id, CAST(start_time AS DATE) AS day"
            "  FROM cdr SEMI JOIN lw_co_numbers w ON w.number = cdr.a_number"
            "  WHERE a_cell_id IS NOT NULL"
            "  UNION ALL"
            "  SELECT b_number, b_cell_id, CAST(start_time AS DATE) FROM cdr"
            "  SEMI JOIN lw_co_numbers w ON w.number = cdr.b_number"
            "  WHERE b_cell_id IS NOT NULL"
            ") c JOIN lw_co_areas a USING (cell_id) GROUP BY ALL ORDER BY ALL")
    out: dict[str, dict[Stay, int]] = defaultdict(dict)
    for number, area, day, n in rows:
        out[number][(int(area), str(day))] = int(n)
    return out


def _home(stays: dict[Stay, int]) -> int:
    days: dict[int, set[str]] = defaultdict(set)
    events: dict[int, int] = defaultdict(int)
    for (area, day), n in stays.items():
        days[area].add(day)
        events[area] += n
    return min(days, key=lambda a: (-len(days[a]), -events[a], a))


def co_travellers(store: Store, areas: pa.Table, runner_numbers: list[str],
                  owners: dict[str, str], settings: DetectSettings) -> list[CoTraveller]:
    """The attributed phone (and its owner) travelling with each unowned runner phone."""
    runners = sorted(n for n in set(runner_numbers) if n not in owners)
    if not runners or not owners:
        return []
    stays = _stays(store, areas, sorted(set(runners) | set(owners)))
    away: dict[str, set[Stay]] = {}
    for number in owners:
        if stays.get(number):
            home = _home(stays[number])
            away[number] = {s for s in stays[number] if s[0] != home}
    by_stay: dict[Stay, list[str]] = defaultdict(list)
    for number, pairs in away.items():
        for stay in pairs:
            by_stay[stay].append(number)
    found: list[CoTraveller] = []
    for runner in runners:
        used = set(stays.get(runner, {}))
        shared: dict[str, int] = defaultdict(int)
        for stay in used:
            for number in by_stay.get(stay, []):
                shared[number] += 1
        ranked = sorted(((k / len(used | away[n]), k, n) for n, k in shared.items()),
                        reverse=True)
        if not ranked:
            continue
        jaccard, days, number = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        if (days < settings.co_travel_min_days or jaccard < settings.co_travel_min_jaccard
                or jaccard < settings.co_travel_margin * runner_up):
            continue
        together = sorted(used & away[number], key=lambda s: (s[1], s[0]))
        found.append(CoTraveller(runner, number, owners[number], round(jaccard, 4), {
            "rule": "carries the runner phone: away from home on the same days and areas",
            "runner_number": runner, "own_number": number,
            "days_together": days, "runner_phone_days": len(used),
            "own_days_away": len(away[number]), "jaccard": round(jaccard, 4),
            "runner_up_jaccard": round(runner_up, 4),
            "first_days": [{"day": d, "area_id": a} for a, d in together[:5]],
            "source": "cdr cell sites, grouped into areas"}))
    return found


# (day, cell) pairs of the runner phones, weighted by how few phones used them: a cell-day
# shared with everyone living by the trap house counts for little, the cells of the trip out
# and back for much
_SHARED_CELL_DAYS = """
WITH r AS (
  SELECT DISTINCT number, day, cell FROM (
    SELECT a_number AS number, CAST(start_time AS DATE) AS day, a_cell_id AS cell FROM cdr
    SEMI JOIN lw_co_runners w ON w.number = cdr.a_number WHERE a_cell_id IS NOT NULL
    UNION ALL
    SELECT b_number, CAST(start_time AS DATE), b_cell_id FROM cdr
    SEMI JOIN lw_co_runners w ON w.number = cdr.b_number WHERE b_cell_id IS NOT NULL)
), pairs AS (SELECT DISTINCT day, cell FROM r
), users AS (
  SELECT DISTINCT u.number, u.day, u.cell FROM (
    SELECT a_number AS number, CAST(start_time AS DATE) AS day, a_cell_id AS cell FROM cdr
    WHERE a_cell_id IS NOT NULL
    UNION ALL
    SELECT b_number, CAST(start_time AS DATE), b_cell_id FROM cdr WHERE b_cell_id IS NOT NULL
  ) u SEMI JOIN pairs p ON p.day = u.day AND p.cell = u.cell
), weights AS (SELECT day, cell, 1.0 / count(*) AS w FROM users GROUP BY 1, 2
), totals AS (
  SELECT r.number, sum(k.w) AS total_w, count(*) AS total FROM r
  JOIN weights k ON k.day = r.day AND k.cell = r.cell GROUP BY 1
)
SELECT r.number AS runner, u.number AS own, sum(k.w) / any_value(t.total_w) AS share,
       count(*) AS shared, count(DISTINCT r.day) AS shared_days, any_value(t.total) AS total
FROM r JOIN users u ON u.day = r.day AND u.cell = r.cell AND u.number <> r.number
JOIN lw_co_owned o ON o.number = u.number
JOIN weights k ON k.day = r.day AND k.cell = r.cell
JOIN totals t ON t.number = r.number
GROUP BY 1, 2 ORDER BY 1, 2
"""


def co_located(store: Store, runner_numbers: list[str], owners: dict[str, str],
               settings: DetectSettings) -> list[CoTraveller]:
    """The attributed phone used in the same cells on the same days as each unowned runner
    phone: a runner who works from the market most of the time has few days away from it,
    but carries their own phone everywhere the runner phone goes, the trip there included.

    Each (day, cell) pair of the runner phone weighs one over the number of phones used in
    that cell that day, so the pairs shared with everyone who lives by the trap house count
    for little. The best phone is accepted when it holds at least ``co_location_min_share``
    of the runner phone's weight, on ``co_location_min_days`` days or more, and
    ``co_travel_margin`` times the runner-up's share."""
    runners = sorted(n for n in set(runner_numbers) if n not in owners)
    if not runners or not owners:
        return []
    with store.registered("lw_co_runners", pa.table({"number": pa.array(runners, pa.string())})), \
            store.registered("lw_co_owned",
                             pa.table({"number": pa.array(sorted(owners), pa.string())})):
        rows = store.query(_SHARED_CELL_DAYS)
    ranked: dict[str, list[tuple[float, int, int, int, str]]] = defaultdict(list)
    for runner, own, share, shared, shared_days, total in rows:
        ranked[runner].append((float(share), int(shared), int(shared_days), int(total), own))
    found: list[CoTraveller] = []
    for runner in sorted(ranked):
        best = sorted(ranked[runner], key=lambda r: (-r[0], r[4]))
        share, shared, shared_days, total, own = best[0]
        runner_up = best[1][0] if len(best) > 1 else 0.0
        if (share < settings.co_location_min_share or shared_days < settings.co_location_min_days
                or share < settings.co_travel_margin * runner_up):
            continue
        found.append(CoTraveller(runner, own, owners[own], round(share, 4), {
            "rule": "carries the runner phone: used in the same cells on the same days, "
                    "the rarely shared ones included",
            "runner_number": runner, "own_number": own, "weighted_share": round(share, 4),
            "shared_day_cells": shared, "runner_phone_day_cells": total,
            "days_together": shared_days, "runner_up_weighted_share": round(runner_up, 4),
            "source": "cdr cell sites"}))
    return found


def phone_owners(store: Store, min_link: float) -> dict[str, str]:
    """Each attributed phone's owner (links at or above ``min_link``; the strongest wins)."""
    if not store.table_exists("phone_persons"):
        return {}
    rows = store.query("SELECT number, person_id FROM phone_persons WHERE confidence >= ? "
                       "ORDER BY number, confidence DESC, person_id", [min_link])
    owners: dict[str, str] = {}
    for number, person in rows:
        owners.setdefault(number, person)
    return owners


def with_travellers(roles: list[PhoneRole], travellers: list[CoTraveller]) -> list[PhoneRole]:
    """Roles with each co-travelling personal phone (of no line role yet) made a runner."""
    by_number = {r.number: r for r in roles}
    for t in travellers:
        runner = by_number.get(t.runner_number)
        own = by_number.get(t.number)
        if runner is None or (own is not None and own.role != "other"):
            continue
        by_number[t.number] = PhoneRole(
            t.number, "runner", runner.line_id,
            round(runner.confidence * (0.5 + 0.5 * t.jaccard), 4),
            {**t.evidence, "runner_phone_confidence": runner.confidence})
    order = [r.number for r in roles] + sorted(set(by_number) - {r.number for r in roles})
    return [by_number[n] for n in order]
