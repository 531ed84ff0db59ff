"""What the role rules need to know about the phones around each line, read from the store.

All queries run in the store with the line numbers, bursts and cell areas registered as Arrow
tables, so nothing is formatted into SQL. The neighbourhood of a line is its direct contacts,
then the contacts of those direct contacts that are not on its customer list (the crew), then
the contacts of the crew's busiest hub phones - enough to reach a controller who never rings
the line itself and a runner's second handset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from linewatch.storage import Store

_LINE_CONTACTS = """
WITH ev AS (
  SELECT l.line_id, c.b_number AS contact, 1 AS from_line, c.event_type, c.start_time,
         CASE WHEN c.event_type = 'sms' AND EXISTS (
              SELECT 1 FROM lw_r_bursts b WHERE b.number = c.a_number
              AND c.start_time BETWEEN b.start_time AND b.end_time) THEN 1 ELSE 0 END AS burst
  FROM cdr c JOIN lw_r_lines l ON l.number = c.a_number
  UNION ALL
  SELECT l.line_id, c.a_number AS contact, 0 AS from_line, c.event_type, c.start_time,
         0 AS burst
  FROM cdr c JOIN lw_r_lines l ON l.number = c.b_number
)
SELECT ev.line_id, ev.contact, CAST(sum(from_line) AS BIGINT) AS from_line,
       CAST(count(*) - sum(from_line) AS BIGINT) AS to_line,
       CAST(sum(burst) AS BIGINT) AS bursts_received,
       CAST(count(*) - sum(burst) AS BIGINT) AS direct_events,
       count(DISTINCT CASE WHEN burst = 0 THEN CAST(start_time AS DATE) END) AS direct_days,
       CAST(sum(CASE WHEN event_type = 'voice' THEN 1 ELSE 0 END) AS BIGINT) AS voice,
       min(start_time) AS first_seen, max(start_time) AS last_seen
FROM ev
WHERE NOT EXISTS (SELECT 1 FROM lw_r_lines x WHERE x.number = ev.contact)
GROUP BY ev.line_id, ev.contact
"""

_CONTACTS_OF = """
WITH ev AS (
  SELECT s.line_id, s.number, c.b_number AS contact, 1 AS outgoing, c.start_time
  FROM cdr c JOIN lw_r_seeds s ON s.number = c.a_number
  UNION ALL
  SELECT s.line_id, s.number, c.a_number AS contact, 0 AS outgoing, c.start_time
  FROM cdr c JOIN lw_r_seeds s ON s.number = c.b_number
)
SELECT line_id, number, contact, count(*) AS n, CAST(sum(outgoing) AS BIGINT) AS n_out,
       count(DISTINCT CAST(start_time AS DATE)) AS days
FROM ev WHERE number <> contact
GROUP BY line_id, number, contact
"""

# Numbers and cells are joined to integer ids first, so the grouping works on small integer
# keys, and names come back by position afterwards. Local time is worked out once per UTC hour
# of the data, not per event: UK offsets are whole hours and change on the hour, so every event
# of a UTC hour has the same local day and hour.
_GEO = """
WITH ev AS (
  SELECT n.nid, k.cid, c.start_time FROM cdr c
  JOIN lw_r_nums n ON n.number = c.a_number JOIN lw_r_cells k ON k.cell_id = c.a_cell_id
  UNION ALL
  SELECT n.nid, k.cid, c.start_time FROM cdr c
  JOIN lw_r_nums n ON n.number = c.b_number JOIN lw_r_cells k ON k.cell_id = c.b_cell_id
), hours AS (
  SELECT hr, CAST(lt AS DATE) AS day,
         CASE WHEN ($night_start <= $night_end AND hour(lt) >= $night_start
                    AND hour(lt) < $night_end)
                OR ($night_start > $night_end
                    AND (hour(lt) >= $night_start OR hour(lt) < $night_end))
              THEN 1 ELSE 0 END AS night
  FROM (SELECT hr, hr AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/London' AS lt
        FROM (SELECT DISTINCT date_trunc('hour', start_time) AS hr FROM cdr
              WHERE start_time IS NOT NULL) d) x
)
SELECT e.nid, e.cid, t.day, count(*) AS n, CAST(sum(t.night) AS BIGINT) AS n_night
FROM ev e JOIN hours t ON t.hr = date_trunc('hour', e.start_time)
GROUP BY e.nid, e.cid, t.day
"""

_TRAVELLERS = """
WITH ev AS (
  SELECT a_number AS number, a_cell_id AS cell_id, CAST(start_time AS DATE) AS day FROM cdr
  WHERE a_cell_id IS NOT NULL
  UNION ALL
  SELECT b_number, b_cell_id, CAST(start_time AS DATE) FROM cdr WHERE b_cell_id IS NOT NULL
), na AS (
  SELECT ev.number, a.area_id, count(DISTINCT ev.day) AS days
  FROM ev JOIN lw_r_areas a ON a.cell_id = ev.cell_id GROUP BY ev.number, a.area_id
)
SELECT m.line_id, na.number, na.days AS days_in_market
FROM na JOIN lw_r_markets m ON m.market_area = na.area_id
WHERE EXISTS (SELECT 1 FROM na x WHERE x.number = na.number AND x.area_id <> m.market_area)
"""

_HANDSETS = """
SELECT DISTINCT c.a_number AS number, c.a_imei AS imei FROM cdr c
JOIN lw_r_nums n ON n.number = c.a_number WHERE c.a_imei IS NOT NULL
"""


def _frame(rows: Iterable[tuple[str, str]], names: tuple[str, str]) -> pa.Table:
    data = list(rows)
    return pa.table({names[0]: pa.array([r[0] for r in data], pa.string()),
                     names[1]: pa.array([r[1] for r in data], pa.string())})


def line_contacts(store: Store, line_numbers: dict[str, str], bursts: pa.Table) -> pd.DataFrame:
    """Per (line, contact): events each way, broadcasts received, direct days, first/last."""
    lines = _frame(line_numbers.items(), ("number", "line_id"))
    windows = pa.table({
        "number": bursts.column("number"),
        "start_time": pa.array([_ts(v) for v in bursts.column("start_ts").to_pylist()],
                               pa.timestamp("us")),
        "end_time": pa.array([_ts(v) for v in bursts.column("end_ts").to_pylist()],
                             pa.timestamp("us"))})
    with store.registered("lw_r_lines", lines), store.registered("lw_r_bursts", windows):
        return store.query_arrow(_LINE_CONTACTS).to_pandas()


def contacts_of(store: Store, seeds: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Per (line, seed number, contact): events, events the seed started, distinct days."""
    table = _frame(((n, line) for line, n in seeds), ("number", "line_id"))
    if table.num_rows == 0:
        return pd.DataFrame(columns=["line_id", "number", "contact", "n", "n_out", "days"])
    with store.registered("lw_r_seeds", table):
        return store.query_arrow(_CONTACTS_OF).to_pandas()


def geography(store: Store, numbers: Iterable[str], areas: pa.Table,
              night: tuple[int, int]) -> pd.DataFrame:
    """Per (number, cell, local day): events and night events (local hours ``night[0]`` up
    to ``night[1]``, wrapping past midnight), with the cell's area."""
    nums = pa.table({"number": pa.array(sorted(set(numbers)), pa.string())})
    if nums.num_rows == 0 or areas.num_rows == 0:
        return pd.DataFrame(columns=["number", "cell_id", "area_id", "lat", "lon", "day", "n",
                                     "n_night"])
    nums = nums.append_column("nid", pa.array(np.arange(nums.num_rows, dtype=np.int64)))
    cells = areas.select(["cell_id", "area_id", "lat", "lon"])
    cells = cells.append_column("cid", pa.array(np.arange(cells.num_rows, dtype=np.int64)))
    with store.registered("lw_r_nums", nums), store.registered("lw_r_cells", cells):
        rows = store.query_arrow(_GEO, {"night_start": night[0], "night_end": night[1]})
    nid, cid = rows.column("nid"), rows.column("cid")
    return pa.table({
        "number": nums.column("number").take(nid), "cell_id": cells.column("cell_id").take(cid),
        "area_id": cells.column("area_id").take(cid), "lat": cells.column("lat").take(cid),
        "lon": cells.column("lon").take(cid), "day": rows.column("day"),
        "n": rows.column("n"), "n_night": rows.column("n_night")}).to_pandas()


def travellers(store: Store, markets: dict[str, int], areas: pa.Table) -> pd.DataFrame:
    """Per line, the numbers seen both in its market area and somewhere else."""
    table = pa.table({"line_id": pa.array(list(markets), pa.string()),
                      "market_area": pa.array(list(markets.values()), pa.int64())})
    if table.num_rows == 0 or areas.num_rows == 0:
        return pd.DataFrame(columns=["line_id", "number", "days_in_market"])
    with store.registered("lw_r_markets", table), store.registered("lw_r_areas", areas):
        return store.query_arrow(_TRAVELLERS).to_pandas()


def handsets(store: Store, numbers: Iterable[str]) -> dict[str, set[str]]:
    """IMEIs each number was used with (as the calling side)."""
    nums = pa.table({"number": pa.array(sorted(set(numbers)), pa.string())})
    out: dict[str, set[str]] = {}
    if nums.num_rows == 0:
        return out
    with store.registered("lw_r_nums", nums):
        for number, imei in store.query(_HANDSETS):
            out.setdefault(number, set()).add(imei)
    return out


def _ts(value: int | float | None) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=float(value))
