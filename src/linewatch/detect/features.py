"""Per-number features as one portable SQL pipeline (DuckDB dialect, transpiled for Spark).

The pipeline reads ``cdr`` plus three small tables the caller registers: ``lw_params`` (one
row of numeric settings, so no value is ever formatted into SQL), ``lw_cell_area`` (cell ->
derived area and projected kilometres, see :mod:`linewatch.detect.areas`) and ``lw_subs``
(number -> latest subscriber account type). Either of the last two may be empty: the features
that need them come out NULL and the score leaves them out.

Numbers and cells are first given integer ids, events are reduced once to
(number, other, local day) cells, and every later step aggregates those, so the costly work
(time-zone conversion, string hashing) happens once per event.
"""

from __future__ import annotations

from linewatch.detect.bursts import burst_steps
from linewatch.storage.engine import Step

#: local (Europe/London) time of an event; ``start_time`` is stored as naive UTC
_LOCAL = "start_time AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/London'"

IDS = Step("lw_ids", """
SELECT number, CAST(row_number() OVER (ORDER BY number) AS INTEGER) AS nid
FROM (SELECT a_number AS number FROM cdr WHERE a_number IS NOT NULL
      UNION SELECT b_number AS number FROM cdr WHERE b_number IS NOT NULL) u
""", materialise=True)

CELL_IDS = Step("lw_cellids", """
SELECT c.cell_id, CAST(row_number() OVER (ORDER BY c.cell_id) AS INTEGER) AS cid,
       ca.area_id, ca.x_km, ca.y_km
FROM (SELECT a_cell_id AS cell_id FROM cdr WHERE a_cell_id IS NOT NULL
      UNION SELECT b_cell_id AS cell_id FROM cdr WHERE b_cell_id IS NOT NULL) c
LEFT JOIN lw_cell_area ca ON ca.cell_id = c.cell_id
""", materialise=True)

EVENTS = Step("lw_ev", f"""
SELECT ia.nid AS a, ib.nid AS b, e.sms, e.ts, e.day,
       CAST(CASE WHEN e.sms = 0 AND e.duration_s > 0 THEN 1 ELSE 0 END AS TINYINT) AS answered,
       CAST(CASE WHEN e.sms = 0 AND e.duration_s >= p.long_call_seconds THEN 1 ELSE 0 END
            AS TINYINT) AS long_call,
       CAST(CASE WHEN (p.night_start <= p.night_end AND e.lhour >= p.night_start
                  AND e.lhour < p.night_end)
              OR (p.night_start > p.night_end
                  AND (e.lhour >= p.night_start OR e.lhour < p.night_end))
            THEN 1 ELSE 0 END AS TINYINT) AS night,
       CAST(CASE WHEN (e.day + 3) % 7 < 5 AND e.lhour >= p.office_start
                 AND e.lhour < p.office_end THEN 1 ELSE 0 END AS TINYINT) AS office,
       ca.cid AS a_cell, cb.cid AS b_cell
FROM (SELECT a_number, b_number, a_cell_id, b_cell_id, duration_s,
             CAST(CASE WHEN event_type = 'sms' THEN 1 ELSE 0 END AS TINYINT) AS sms,
             CAST(epoch(start_time) AS BIGINT) AS ts,
             CAST(floor(epoch(lt) / 86400) AS INTEGER) AS day,
             CAST(hour(lt) AS INTEGER) AS lhour
      FROM (SELECT a_number, b_number, a_cell_id, b_cell_id, event_type, duration_s,
                   start_time,
                   {_LOCAL} AS lt
            FROM cdr WHERE start_time IS NOT NULL) x
      WHERE a_number <> b_number) e
JOIN lw_ids ia ON ia.number = e.a_number
JOIN lw_ids ib ON ib.number = e.b_number
LEFT JOIN lw_cellids ca ON ca.cell_id = e.a_cell_id
LEFT JOIN lw_cellids cb ON cb.cell_id = e.b_cell_id
CROSS JOIN lw_params p
""", materialise=True)  # noqa: S608 - a constant, not a value

HALF = Step("lw_half", """
SELECT a AS num, b AS other, 1 AS outgoing, sms, ts, day, night, office, answered, long_call,
       a_cell AS cell
FROM lw_ev
UNION ALL
SELECT b AS num, a AS other, 0 AS outgoing, sms, ts, day, night, office, answered, long_call,
       b_cell AS cell
FROM lw_ev
""")

PAIR_DAY = Step("lw_pdd", """
SELECT num, other, day, CAST(count(*) AS INTEGER) AS n,
       CAST(sum(outgoing) AS INTEGER) AS n_out,
       CAST(sum(CASE WHEN outgoing = 1 AND sms = 1 THEN 1 ELSE 0 END) AS INTEGER) AS n_sms_out,
       CAST(sum(CASE WHEN outgoing = 0 AND sms = 1 THEN 1 ELSE 0 END) AS INTEGER) AS n_sms_in,
       CAST(sum(night) AS INTEGER) AS n_night, CAST(sum(office) AS INTEGER) AS n_office,
       CAST(sum(answered) AS INTEGER) AS n_answered, CAST(sum(long_call) AS INTEGER) AS n_long,
       min(ts) AS first_ts, max(ts) AS last_ts
FROM lw_half GROUP BY num, other, day
""", materialise=True)

PAIR = Step("lw_pair", """
SELECT d.num, d.other, CAST(sum(d.n) AS INTEGER) AS n, CAST(sum(d.n_out) AS INTEGER) AS n_out,
       CAST(sum(d.n) - sum(d.n_out) AS INTEGER) AS n_in,
       CAST(sum(d.n_sms_out) AS INTEGER) AS n_sms_out,
       CAST(sum(d.n_night) AS INTEGER) AS n_night, CAST(count(*) AS INTEGER) AS days,
       CAST(sum(CASE WHEN d.n > d.n_out THEN 1 ELSE 0 END) AS INTEGER) AS days_in,
       min(d.first_ts) AS first_ts, max(d.last_ts) AS last_ts
FROM lw_pdd d GROUP BY d.num, d.other
""", materialise=True)

NUM_DAY = Step("lw_nday", """
SELECT num, day, sum(n) AS n FROM lw_pdd GROUP BY num, day
""")

VOLUME = Step("lw_vol", """
SELECT num, count(*) AS active_days, max(n) AS max_daily_events, min(day) AS first_day,
       max(day) AS last_day
FROM lw_nday GROUP BY num
""")

VOLUME_HALF = Step("lw_vol2", """
SELECT num, sum(n) AS n_events, sum(n_out) AS n_out, sum(n_sms_out) AS n_sms_out,
       sum(n_sms_in) AS n_sms_in, sum(n_night) AS n_night, sum(n_office) AS n_office,
       sum(n_answered) AS n_answered, sum(n_long) AS n_long,
       min(first_ts) AS first_ts, max(last_ts) AS last_ts
FROM lw_pdd GROUP BY num
""")

CONTACTS = Step("lw_contacts", """
SELECT pr.num, count(*) AS contacts,
       sum(CASE WHEN pr.n_out > 0 THEN 1 ELSE 0 END) AS out_contacts,
       sum(CASE WHEN pr.n_in > 0 THEN 1 ELSE 0 END) AS in_contacts,
       sum(CASE WHEN pr.n_in = 0 OR pr.n_out = 0 THEN 1 ELSE 0 END) AS one_way_contacts,
       sum(CASE WHEN pr.days_in >= p.repeat_days THEN 1 ELSE 0 END) AS repeat_initiators,
       sum(CASE WHEN pr.days >= p.repeat_days THEN 1 ELSE 0 END) AS returning_contacts,
       sum(CASE WHEN pr.days = 1 THEN 1 ELSE 0 END) AS single_day_contacts,
       sum(CASE WHEN pr.n_in > 0 THEN pr.n_in ELSE 0 END) AS inbound_events,
       avg(CASE WHEN pr.n_in > 0 THEN CAST(pr.days_in AS DOUBLE) END) AS mean_initiator_days
FROM lw_pair pr CROSS JOIN lw_params p GROUP BY pr.num
""")

HANDSETS = Step("lw_hs", """
SELECT number, count(DISTINCT imei) AS n_imei, count(DISTINCT imsi) AS n_imsi
FROM (SELECT DISTINCT a_number AS number, a_imei AS imei, a_imsi AS imsi FROM cdr
      UNION SELECT DISTINCT b_number AS number, b_imei AS imei, b_imsi AS imsi FROM cdr) h
GROUP BY number
""")

NUM_CELL = Step("lw_ncell", """
SELECT h.num, h.cell, c.area_id, c.x_km, c.y_km, count(*) AS n, sum(h.night) AS n_night
FROM lw_half h JOIN lw_cellids c ON c.cid = h.cell
GROUP BY h.num, h.cell, c.area_id, c.x_km, c.y_km
""", materialise=True)

# The radius of gyration sums whole metres as exact decimals: a floating-point sum depends on
# the order the engine meets the rows in (parallel, different per run), which the difference
# of two large means magnifies; exact sums give the same bits every run.
MOBILITY = Step("lw_mob", """
SELECT num, count(*) AS distinct_cells, count(DISTINCT area_id) AS distinct_areas,
       sum(CASE WHEN area_id IS NOT NULL THEN n ELSE 0 END) AS located_events,
       sqrt(greatest(CAST(0 AS DOUBLE),
         CAST(sum(w * x_m * x_m) AS DOUBLE) / nullif(sum(CASE WHEN x_m IS NOT NULL THEN w END), 0)
         - power(CAST(sum(w * x_m) AS DOUBLE)
                 / nullif(sum(CASE WHEN x_m IS NOT NULL THEN w END), 0), 2)
         + CAST(sum(w * y_m * y_m) AS DOUBLE) / nullif(sum(CASE WHEN y_m IS NOT NULL THEN w END), 0)
         - power(CAST(sum(w * y_m) AS DOUBLE)
                 / nullif(sum(CASE WHEN y_m IS NOT NULL THEN w END), 0), 2)
       )) / 1000 AS radius_gyration_km
FROM (SELECT num, area_id, n, CAST(n AS DECIMAL(38, 0)) AS w,
             CAST(round(x_km * 1000) AS BIGINT) AS x_m, CAST(round(y_km * 1000) AS BIGINT) AS y_m
      FROM lw_ncell) c
GROUP BY num
""")

NUM_AREA = Step("lw_narea", """
SELECT num, area_id, sum(n) AS n, sum(n_night) AS n_night
FROM lw_ncell WHERE area_id IS NOT NULL GROUP BY num, area_id
""")

HOME = Step("lw_home", """
SELECT num, area_id AS home_area, n AS home_n, total AS located_n FROM (
  SELECT num, area_id, n, sum(n) OVER (PARTITION BY num) AS total,
         row_number() OVER (PARTITION BY num ORDER BY n DESC, area_id) AS rk
  FROM lw_narea) r
WHERE rk = 1
""", materialise=True)

NIGHT_HOME = Step("lw_nhome", """
SELECT num, area_id AS night_area, n_night AS night_area_n, total AS night_located_n FROM (
  SELECT num, area_id, n_night, sum(n_night) OVER (PARTITION BY num) AS total,
         row_number() OVER (PARTITION BY num ORDER BY n_night DESC, area_id) AS rk
  FROM lw_narea WHERE n_night > 0) r
WHERE rk = 1
""")

INITIATOR_AREAS = Step("lw_iarea", """
SELECT pr.num, h.home_area AS area_id, count(*) AS k
FROM lw_pair pr JOIN lw_home h ON h.num = pr.other
WHERE pr.n_in > 0
GROUP BY pr.num, h.home_area
""")

CONTACT_GEO = Step("lw_cgeo", """
SELECT num, area_id AS initiators_top_area, k AS initiators_top_area_n,
       total AS initiators_located FROM (
  SELECT num, area_id, k, sum(k) OVER (PARTITION BY num) AS total,
         row_number() OVER (PARTITION BY num ORDER BY k DESC, area_id) AS rk
  FROM lw_iarea) r
WHERE rk = 1
""")

STAR_CANDIDATES = Step("lw_star_c", """
SELECT c.num FROM lw_contacts c CROSS JOIN lw_params p
WHERE c.contacts >= p.star_min_contacts
  AND (c.in_contacts >= p.star_min_initiators
       OR c.num IN (SELECT b.num FROM lw_bcand b))
""", materialise=True)

CANDIDATE_CONTACTS = Step("lw_cc", """
SELECT pr.num AS c, pr.other AS x FROM lw_pair pr JOIN lw_star_c s ON s.num = pr.num
""", materialise=True)

LINKED = Step("lw_linked", """
SELECT cc1.c AS num, count(DISTINCT cc1.x) AS linked_contacts
FROM lw_cc cc1 JOIN lw_pair e ON e.num = cc1.x
JOIN lw_cc cc2 ON cc2.c = cc1.c AND cc2.x = e.other
GROUP BY cc1.c
""")

FEATURES = Step("lw_features", """
SELECT i.number,
  coalesce(v2.n_events, 0) AS n_events, coalesce(v2.n_out, 0) AS n_out,
  coalesce(v2.n_events - v2.n_out, 0) AS n_in, coalesce(v2.n_sms_out, 0) AS n_sms_out,
  coalesce(v2.n_sms_in, 0) AS n_sms_in,
  coalesce(v.active_days, 0) AS active_days, coalesce(v.max_daily_events, 0) AS max_daily_events,
  CAST(v2.n_events AS DOUBLE) / nullif(v.active_days, 0) AS events_per_day,
  CAST(v2.n_events - v2.n_out AS DOUBLE) / nullif(v2.n_events, 0) AS in_share,
  CAST(v2.n_night AS DOUBLE) / nullif(v2.n_events, 0) AS night_share,
  CAST(v2.n_office AS DOUBLE) / nullif(v2.n_events, 0) AS office_share,
  coalesce(v2.n_answered, 0) AS answered_calls,
  CAST(v2.n_long AS DOUBLE) / nullif(v2.n_answered, 0) AS long_call_share,
  v2.first_ts, v2.last_ts,
  coalesce(c.contacts, 0) AS contacts, coalesce(c.out_contacts, 0) AS out_contacts,
  coalesce(c.in_contacts, 0) AS in_contacts,
  CAST(c.one_way_contacts AS DOUBLE) / nullif(c.contacts, 0) AS one_way_share,
  coalesce(c.repeat_initiators, 0) AS repeat_initiators,
  coalesce(c.returning_contacts, 0) AS returning_contacts,
  CAST(c.single_day_contacts AS DOUBLE) / nullif(c.contacts, 0) AS single_day_share,
  CAST(c.inbound_events AS DOUBLE) / nullif(c.in_contacts, 0) AS inbound_per_initiator,
  c.mean_initiator_days * CAST(7 AS DOUBLE) / greatest(coalesce(v.active_days, 0), 7)
    AS initiator_days_per_week,
  CASE WHEN s.num IS NULL THEN NULL
       ELSE CAST(1 AS DOUBLE)
            - CAST(coalesce(l.linked_contacts, 0) AS DOUBLE) / nullif(c.contacts, 0)
  END AS star_share,
  coalesce(b.n_bursts, 0) AS n_bursts, coalesce(b.max_burst, 0) AS max_burst,
  coalesce(b.burst_msgs, 0) AS burst_msgs, coalesce(b.burst_reach, 0) AS burst_reach,
  b.burst_repeat_share, b.burst_reply_share, b.burst_order_share, b.burst_office_share,
  b.burst_night_share, coalesce(b.burst_days, 0) AS burst_days,
  coalesce(hs.n_imei, 0) AS n_imei, coalesce(hs.n_imsi, 0) AS n_imsi,
  coalesce(m.distinct_cells, 0) AS distinct_cells, m.distinct_areas, m.radius_gyration_km,
  h.home_area, CAST(h.home_n AS DOUBLE) / h.located_n AS home_area_share,
  nh.night_area, CAST(nh.night_area_n AS DOUBLE) / nh.night_located_n AS night_area_share,
  g.initiators_top_area, g.initiators_located,
  CAST(g.initiators_top_area_n AS DOUBLE) / nullif(g.initiators_located, 0)
    AS initiators_top_area_share,
  CASE WHEN g.initiators_top_area IS NULL OR h.home_area IS NULL THEN NULL
       WHEN g.initiators_top_area = h.home_area THEN 0 ELSE 1 END AS initiators_away,
  sb.account_type
FROM lw_ids i
LEFT JOIN lw_vol2 v2 ON v2.num = i.nid
LEFT JOIN lw_vol v ON v.num = i.nid
LEFT JOIN lw_contacts c ON c.num = i.nid
LEFT JOIN lw_star_c s ON s.num = i.nid
LEFT JOIN lw_linked l ON l.num = i.nid
LEFT JOIN lw_bfeat b ON b.num = i.nid
LEFT JOIN lw_hs hs ON hs.number = i.number
LEFT JOIN lw_mob m ON m.num = i.nid
LEFT JOIN lw_home h ON h.num = i.nid
LEFT JOIN lw_nhome nh ON nh.num = i.nid
LEFT JOIN lw_cgeo g ON g.num = i.nid
LEFT JOIN lw_subs sb ON sb.number = i.number
ORDER BY i.number
""")


def feature_steps() -> list[Step]:
    """Every step of the feature pipeline, the last one returning one row per number."""
    return [IDS, CELL_IDS, EVENTS, HALF, PAIR_DAY, PAIR, NUM_DAY, VOLUME, VOLUME_HALF,
            CONTACTS, HANDSETS, NUM_CELL, MOBILITY, NUM_AREA, HOME, NIGHT_HOME,
            INITIATOR_AREAS, CONTACT_GEO, *burst_steps(), STAR_CANDIDATES,
            CANDIDATE_CONTACTS, LINKED, FEATURES]
