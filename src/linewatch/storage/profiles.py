"""A reference portable pipeline: the activity profile of every number in the CDR.

Per number: events made and received, calls and texts, distinct contacts, distinct cells,
first and last seen and the span in seconds. Written once in the reference dialect, it runs on
DuckDB and on Spark and must give identical rows (the parity test holds the engines to that).
"""

from __future__ import annotations

import pyarrow as pa

from linewatch.storage.engine import Engine, Step

NUMBER_PROFILE: list[Step] = [
    Step("lw_directed", """
        SELECT a_number AS number, b_number AS other, start_time, event_type, a_cell_id AS cell,
               1 AS outgoing
        FROM cdr
        UNION ALL
        SELECT b_number AS number, a_number AS other, start_time, event_type, b_cell_id AS cell,
               0 AS outgoing
        FROM cdr
    """),
    Step("lw_number_profile", """
        SELECT number,
               sum(outgoing) AS events_out,
               count(*) - sum(outgoing) AS events_in,
               sum(CASE WHEN event_type = 'voice' THEN 1 ELSE 0 END) AS calls,
               sum(CASE WHEN event_type = 'sms' THEN 1 ELSE 0 END) AS texts,
               count(DISTINCT other) AS contacts,
               count(DISTINCT cell) AS cells,
               min(start_time) AS first_seen,
               max(start_time) AS last_seen,
               date_diff('second', min(start_time), max(start_time)) AS span_s
        FROM lw_directed
        GROUP BY number
        ORDER BY number
    """),
]


def number_profile(engine: Engine) -> pa.Table:
    """Run the number-profile pipeline on ``engine`` (which must see a ``cdr`` table)."""
    return engine.run(NUMBER_PROFILE)
