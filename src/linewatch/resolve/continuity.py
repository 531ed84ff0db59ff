"""Line continuity: link a number that stops to the number that takes over its contacts.

A generic signal, computed for every number with enough contacts (not only suspected deal
lines). A candidate (old, new) pair needs, all in SQL over the whole ``cdr`` table:

* both numbers to have at least ``min_contacts`` distinct contacts;
* timing (a number's activity is the span of the events it makes, since a dead number still
  receives calls and texts; a number that never calls out is judged on all its events):
  old's last event within ``max_gap_days`` before, or ``max_overlap_days`` after,
  new's first event; new starts after old started and is still active
  ``min_days_after`` days after old's last event (new *went on*); an overlap is at most
  ``max_overlap_share`` of old's life (a number in use beside old for most of it is another
  phone of the same business, a runner's, not its successor); and old *stopped*: at its
  usual rate it would have made at least ``min_expected_silence`` events between its last
  event and the end of the data (a Poisson test: none seen where three or more were due);
* shared contacts: old's contacts in its last ``window_days`` days against new's contacts in
  its first ``window_days`` days, at least ``min_shared`` in common and an overlap
  coefficient (shared / smaller set) of at least ``min_overlap``.

Contacts seen with more than ``max_contact_fanout`` eligible numbers (switchboards, bulk
services) are not used to find candidates. Each candidate gets a confidence from a logistic
score of how much of old's contact set new kept and how much of new's came from old, a
broadcast from the new number to old's contacts around the switch (the most of old's contacts
texted by new in one hour, within ``broadcast_days`` of its start), the timing, and a shared
handset; ``evidence`` lists every input and its contribution. Only mutual best pairs (old's
best successor that has old as its best predecessor, ranked by the Jaccard index of the two
contact sets, so a runner's phone that stopped with its line does not outrank the line) at or
above ``min_confidence`` are kept.
``number_a`` is the old number, ``number_b`` the new one.
"""

from __future__ import annotations

import math
from typing import Any

from linewatch.settings.resolve import ResolveSettings
from linewatch.storage import Store

#: this step's defaults: the ``continuity_*`` settings of ``ResolveSettings``, unprefixed
DEFAULTS: dict[str, Any] = {
    k.removeprefix("continuity_"): v for k, v in ResolveSettings().model_dump().items()
    if k.startswith("continuity_")}

_STEPS = [
    ("lw_cont_edges", """
        SELECT number, contact, min(t) AS first_t, max(t) AS last_t, count(*) AS n
        FROM (SELECT a_number AS number, b_number AS contact, start_time AS t FROM cdr
              UNION ALL SELECT b_number, a_number, start_time FROM cdr)
        WHERE number IS NOT NULL AND contact IS NOT NULL AND number <> contact
        GROUP BY number, contact"""),
    ("lw_cont_act", """
        SELECT e.number, coalesce(any_value(o.first_out), min(e.first_t)) AS first_seen,
               coalesce(any_value(o.last_out), max(e.last_t)) AS last_seen,
               coalesce(any_value(o.n_out), sum(e.n)) AS n_active, count(*) AS n_contacts
        FROM lw_cont_edges e
        LEFT JOIN (SELECT a_number AS number, min(start_time) AS first_out,
                          max(start_time) AS last_out, count(*) AS n_out
                   FROM cdr GROUP BY 1) o USING (number)
        GROUP BY e.number HAVING count(*) >= $min_contacts"""),
    ("lw_cont_old", """
        SELECT number, first_seen, last_seen FROM lw_cont_act
        WHERE n_active / greatest(1.0, date_diff('second', first_seen, last_seen) / 86400.0)
              * date_diff('second', last_seen, (SELECT max(start_time) FROM cdr)) / 86400.0
              >= $min_expected_silence"""),
    ("lw_cont_tail", """
        SELECT e.number, e.contact FROM lw_cont_edges e JOIN lw_cont_act a USING (number)
        WHERE e.last_t >= a.last_seen - to_days($window_days)"""),
    ("lw_cont_head", """
        SELECT e.number, e.contact FROM lw_cont_edges e JOIN lw_cont_act a USING (number)
        WHERE e.first_t <= a.first_seen + to_days($window_days)"""),
    ("lw_cont_fanout", """
        SELECT contact FROM (SELECT number, contact FROM lw_cont_tail UNION
                             SELECT number, contact FROM lw_cont_head)
        GROUP BY contact HAVING count(*) > $max_contact_fanout"""),
    ("lw_cont_old_tail", """
        SELECT t.number, t.contact, o.first_seen, o.last_seen,
               unnest(range(CAST(floor((epoch(o.last_seen) - 86400 * $max_overlap_days)
                                       / $band_seconds) AS BIGINT),
                            CAST(floor((epoch(o.last_seen) + 86400 * $max_gap_days)
                                       / $band_seconds) AS BIGINT) + 1)) AS band
        FROM lw_cont_tail t JOIN lw_cont_old o USING (number)
        WHERE t.contact NOT IN (SELECT contact FROM lw_cont_fanout)"""),
    ("lw_cont_new_head", """
        SELECT h.number, h.contact, n.first_seen, n.last_seen,
               CAST(floor(epoch(n.first_seen) / $band_seconds) AS BIGINT) AS band
        FROM lw_cont_head h JOIN lw_cont_act n USING (number)
        WHERE h.contact NOT IN (SELECT contact FROM lw_cont_fanout)"""),
    ("lw_cont_cand", """
        SELECT t.number AS old, h.number AS new, count(*) AS shared,
               list(t.contact ORDER BY t.contact)[1:10] AS example_contacts
        FROM lw_cont_old_tail t
        JOIN lw_cont_new_head h ON h.contact = t.contact AND h.band = t.band
                                AND h.number <> t.number
        WHERE h.first_seen > t.first_seen
          AND t.last_seen BETWEEN h.first_seen - to_days($max_gap_days)
                              AND h.first_seen + to_days($max_overlap_days)
          AND h.last_seen >= t.last_seen + to_days($min_days_after)
          AND (t.last_seen <= h.first_seen
               OR date_diff('second', h.first_seen, t.last_seen)
                  <= $max_overlap_share * date_diff('second', t.first_seen, t.last_seen))
        GROUP BY t.number, h.number HAVING count(*) >= $min_shared"""),
    ("lw_cont_sizes", """
        SELECT c.old, c.new, c.shared, c.example_contacts,
               t.k AS old_window_contacts, h.k AS new_window_contacts
        FROM lw_cont_cand c
        JOIN (SELECT number, count(*) AS k FROM lw_cont_tail GROUP BY 1) t ON t.number = c.old
        JOIN (SELECT number, count(*) AS k FROM lw_cont_head GROUP BY 1) h
            ON h.number = c.new"""),
    ("lw_cont_feat", """
        SELECT s.*, o.first_seen AS old_first, o.last_seen AS old_last,
               n.first_seen AS new_first, n.last_seen AS new_last,
               s.shared / least(s.old_window_contacts, s.new_window_contacts) AS overlap,
               s.shared / s.old_window_contacts AS old_coverage,
               s.shared / s.new_window_contacts AS new_coverage,
               s.shared / (s.old_window_contacts + s.new_window_contacts - s.shared) AS jaccard,
               date_diff('second', o.last_seen, n.first_seen) / 86400.0 AS gap_days,
               date_diff('second', o.last_seen, (SELECT max(start_time) FROM cdr)) / 86400.0
                   AS old_silent_days
        FROM lw_cont_sizes s JOIN lw_cont_act o ON o.number = s.old
        JOIN lw_cont_act n ON n.number = s.new
        WHERE s.shared / least(s.old_window_contacts, s.new_window_contacts) >= $min_overlap"""),
    ("lw_cont_bcast", """
        SELECT f.old, f.new, date_trunc('hour', c.start_time) AS hour,
               count(DISTINCT c.b_number) AS recipients
        FROM lw_cont_feat f
        JOIN cdr c ON c.a_number = f.new AND c.event_type = 'sms'
        JOIN lw_cont_tail t ON t.number = f.old AND t.contact = c.b_number
        WHERE c.start_time BETWEEN f.new_first - to_days($max_overlap_days)
                               AND f.new_first + to_days($broadcast_days)
        GROUP BY 1, 2, 3"""),
    ("lw_cont_bmax", """
        SELECT old, new, max(recipients) AS recipients,
               min_by(hour, (-recipients, hour)) AS hour FROM lw_cont_bcast GROUP BY 1, 2"""),
    ("lw_cont_imei", """
        SELECT f.old, f.new, list(DISTINCT a.imei ORDER BY a.imei) AS imeis
        FROM lw_cont_feat f
        JOIN phone_handsets a ON a.number = f.old AND a.imei IS NOT NULL
        JOIN phone_handsets b ON b.number = f.new AND b.imei = a.imei
        GROUP BY 1, 2"""),
]

_SCORE_SQL = """
WITH x AS (
    SELECT f.*, coalesce(b.recipients, 0) AS bcast_recipients, b.hour AS bcast_hour,
           least(1.0, coalesce(b.recipients, 0) / f.old_window_contacts) AS broadcast,
           CASE WHEN f.gap_days >= 0 THEN 1.0 - f.gap_days / ($max_gap_days + 1)
                ELSE 1.0 + f.gap_days / ($max_overlap_days + 1) END AS timing,
           coalesce(i.imeis, []) AS shared_imeis,
           CASE WHEN i.imeis IS NULL THEN 0.0 ELSE 1.0 END AS shared_handset
    FROM lw_cont_feat f
    LEFT JOIN lw_cont_bmax b ON b.old = f.old AND b.new = f.new
    LEFT JOIN lw_cont_imei i ON i.old = f.old AND i.new = f.new
), z AS (
    SELECT *, $w_old_coverage * old_coverage AS c_old_coverage,
           $w_new_coverage * new_coverage AS c_new_coverage,
           $w_broadcast * broadcast AS c_broadcast,
           $w_timing * timing AS c_timing, $w_shared_handset * shared_handset AS c_handset
    FROM x
), s AS (
    SELECT *, 1.0 / (1.0 + exp(-($w_bias + c_old_coverage + c_new_coverage + c_broadcast
                                 + c_timing + c_handset))) AS confidence FROM z
), best AS (
    SELECT *,
        row_number() OVER (PARTITION BY old ORDER BY jaccard DESC, confidence DESC, new) AS r_old,
        row_number() OVER (PARTITION BY new ORDER BY jaccard DESC, confidence DESC, old) AS r_new
    FROM s
)
SELECT old AS number_a, new AS number_b, 'continuity' AS link_type,
       round(confidence, 4) AS confidence,
       to_json({'old': {'number': old, 'first_seen': old_first, 'last_seen': old_last,
                        'contacts_in_last_window': old_window_contacts,
                        'silent_days_before_data_end': round(old_silent_days, 2)},
                'new': {'number': new, 'first_seen': new_first, 'last_seen': new_last,
                        'contacts_in_first_window': new_window_contacts},
                'window_days': $window_days, 'shared_contacts': shared,
                'example_shared_contacts': example_contacts,
                'overlap_coefficient': round(overlap, 4), 'jaccard': round(jaccard, 4),
                'share_of_old_contacts_kept': round(old_coverage, 4),
                'share_of_new_contacts_from_old': round(new_coverage, 4),
                'gap_days': round(gap_days, 2),
                'broadcast': {'hour': bcast_hour, 'recipients_among_old_contacts':
                              bcast_recipients, 'share_of_old_contacts': round(broadcast, 4)},
                'shared_imeis': shared_imeis,
                'contributions': {'bias': $w_bias,
                                  'old_coverage': round(c_old_coverage, 4),
                                  'new_coverage': round(c_new_coverage, 4),
                                  'broadcast': round(c_broadcast, 4),
                                  'timing': round(c_timing, 4),
                                  'shared_handset': round(c_handset, 4)},
                'source': 'cdr (contacts, sms broadcast), phone_handsets'}) AS evidence,
       CAST($run_id AS VARCHAR) AS run_id
FROM best WHERE r_old = 1 AND r_new = 1 AND confidence >= $min_confidence
"""


def _bind(sql: str, p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Named parameters used by ``sql`` (DuckDB ``$name``), all bound, never formatted in."""
    names = [k for k in p if f"${k}" in sql]
    return sql, {k: p[k] for k in names}


def build(store: Store, run_id: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Append ``continuity`` rows to ``number_links``; returns counts for the run summary."""
    p = {**DEFAULTS, **(params or {}), "run_id": run_id}
    for key in ("window_days", "max_gap_days", "max_overlap_days", "min_days_after",
                "broadcast_days", "max_overlap_share"):
        p[key] = float(p[key])
    for key in [k for k in p if k.startswith("w_")] + ["min_overlap", "min_confidence"]:
        p[key] = float(p[key])
        if not math.isfinite(p[key]):
            raise ValueError(f"continuity parameter {key} must be finite")
    # candidate pairs are joined on (contact, time band): a new number's first event falls in
    # one band, and an old number's allowed switch window covers at most two, so only pairs
    # whose timing can match are ever formed (the plain join on contact alone is quadratic in
    # a popular contact's numbers)
    p["band_seconds"] = float(p.get("band_seconds") or
                              86400.0 * max(1.0, p["max_gap_days"] + p["max_overlap_days"]))
    store.execute("DELETE FROM number_links WHERE link_type = 'continuity'")
    made: list[str] = []
    try:
        for name, sql in _STEPS:
            stmt, bound = _bind(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", p)
            store.execute(stmt.replace("to_days(", "to_seconds(86400 * "), bound)
            made.append(name)
        stmt, bound = _bind("INSERT INTO number_links (number_a, number_b, link_type, confidence, "
                              "evidence, run_id) " + _SCORE_SQL, p)
        store.execute(stmt, bound)
        return {
            "eligible_numbers": store.count("lw_cont_act"),
            "candidates": store.count("lw_cont_feat"),
            "links": int(store.scalar(
                "SELECT count(*) FROM number_links WHERE link_type = 'continuity'")),
        }
    finally:
        for name in made:
            store.execute(f"DROP TABLE IF EXISTS {name}")
