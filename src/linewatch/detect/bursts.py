"""Broadcast bursts ("flares"): one number texting many different numbers within moments.

A deal line advertises by sending the same text to its whole customer list in one go (British
Transport Police: "can send 500 text messages in one go"). In the data that is a run of
outgoing texts with very short gaps reaching many distinct recipients. A burst here is a
maximal run of a number's outgoing texts in which consecutive texts are at most
``burst_gap_s`` seconds apart, reaching at least ``burst_min_recipients`` distinct numbers.

Only numbers that texted that many distinct numbers on some day are sessionised, so the
window functions touch a small share of the events. The steps expect ``lw_ev``, ``lw_pdd``
and ``lw_pair`` from :mod:`linewatch.detect.features`.
"""

from __future__ import annotations

from linewatch.storage.engine import Step

SMS_DAY = Step("lw_sday", """
SELECT num, day, count(*) AS recipients FROM lw_pdd WHERE n_sms_out > 0 GROUP BY num, day
""")

CANDIDATES = Step("lw_bcand", """
SELECT DISTINCT num FROM lw_sday
WHERE recipients >= (SELECT burst_min_recipients FROM lw_params)
""", materialise=True)

SOURCE = Step("lw_bsrc", """
SELECT e.a, e.b, e.ts, e.day, e.night, e.office
FROM lw_ev e JOIN lw_bcand c ON c.num = e.a WHERE e.sms = 1
""")

SEQUENCE = Step("lw_bseq", """
SELECT s.a, s.b, s.ts, s.day, s.night, s.office,
       CASE WHEN s.ts - lag(s.ts) OVER (PARTITION BY s.a ORDER BY s.ts, s.b)
                 <= (SELECT burst_gap_s FROM lw_params)
            THEN 0 ELSE 1 END AS brk
FROM lw_bsrc s
""")

SESSIONS = Step("lw_bsess", """
SELECT a, b, ts, day, night, office,
       sum(brk) OVER (PARTITION BY a ORDER BY ts, b
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid
FROM lw_bseq
""", materialise=True)

BURSTS = Step("lw_bursts", """
SELECT a, sid, min(ts) AS start_ts, max(ts) AS end_ts, count(*) AS n_msgs,
       count(DISTINCT b) AS recipients, avg(office) AS office, avg(night) AS night,
       min(day) AS day
FROM lw_bsess GROUP BY a, sid
HAVING count(DISTINCT b) >= (SELECT burst_min_recipients FROM lw_params)
""", materialise=True)

RECIPIENTS = Step("lw_brcpt", """
SELECT s.a AS num, s.b AS other, count(DISTINCT s.sid) AS k
FROM lw_bsess s JOIN lw_bursts u ON u.a = s.a AND u.sid = s.sid
GROUP BY s.a, s.b
""")

RECIPIENT_STATS = Step("lw_brstat", """
SELECT r.num, count(*) AS reach,
       sum(CASE WHEN r.k >= 2 THEN 1 ELSE 0 END) AS repeat_rcpt,
       sum(CASE WHEN pr.n_in > 0 THEN 1 ELSE 0 END) AS replied,
       sum(CASE WHEN pr.days_in >= (SELECT repeat_days FROM lw_params) THEN 1 ELSE 0 END)
         AS ordered
FROM lw_brcpt r JOIN lw_pair pr ON pr.num = r.num AND pr.other = r.other
GROUP BY r.num
""")

BURST_FEATURES = Step("lw_bfeat", """
SELECT u.num, u.n_bursts, u.max_burst, u.burst_msgs, u.burst_days, u.burst_office_share,
       u.burst_night_share, r.reach AS burst_reach,
       CAST(r.repeat_rcpt AS DOUBLE) / r.reach AS burst_repeat_share,
       CAST(r.replied AS DOUBLE) / r.reach AS burst_reply_share,
       CAST(r.ordered AS DOUBLE) / r.reach AS burst_order_share
FROM (SELECT a AS num, count(*) AS n_bursts, max(recipients) AS max_burst,
             sum(n_msgs) AS burst_msgs, count(DISTINCT day) AS burst_days,
             avg(CASE WHEN office > 0.5 THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END)
               AS burst_office_share,
             avg(CASE WHEN night > 0.5 THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END)
               AS burst_night_share
      FROM lw_bursts GROUP BY a) u
JOIN lw_brstat r ON r.num = u.num
""")

BURST_LIST = """
SELECT i.number, u.start_ts, u.end_ts, u.n_msgs, u.recipients
FROM lw_bursts u JOIN lw_ids i ON i.nid = u.a
ORDER BY i.number, u.start_ts
"""


def burst_steps() -> list[Step]:
    """The burst steps, ending in ``lw_bfeat`` (one row per number with a burst)."""
    return [SMS_DAY, CANDIDATES, SOURCE, SEQUENCE, SESSIONS, BURSTS, RECIPIENTS,
            RECIPIENT_STATS, BURST_FEATURES]
