"""Handsets and SIMs: which number was in which handset when, and numbers that share them.

``phone_handsets`` is the timeline: one row per (number, IMEI, IMSI) seen in ``cdr`` on either
end of an event, with first and last sighting and the event count. ``number_links`` gets a
``shared_imei`` row for every two numbers used in one handset and a ``shared_imsi`` row for
every two numbers on one SIM, with the periods and event counts as evidence.

Identifiers are cleaned first: empty and all-zero or all-F values are treated as unknown, and an
IMEI is compared on its first 14 digits (the 15th is a check digit that suppliers often
zero). An identifier shared by more than ``max_numbers_per_identifier`` numbers is treated as
a placeholder, not a handset, and reported in the summary.
"""

from __future__ import annotations

from typing import Any

from linewatch.settings.resolve import ResolveSettings
from linewatch.storage import Store

#: this step's defaults: the ``handset_*`` settings of ``ResolveSettings``, unprefixed
DEFAULTS: dict[str, Any] = {
    k.removeprefix("handset_"): v for k, v in ResolveSettings().model_dump().items()
    if k.startswith("handset_")}

NUMBER_LINKS_DDL = """
CREATE OR REPLACE TABLE number_links (
    number_a VARCHAR, number_b VARCHAR, link_type VARCHAR, confidence DOUBLE,
    evidence JSON, run_id VARCHAR)
"""


def _clean(col: str, imei: bool) -> str:
    base = f"nullif(trim(CAST({col} AS VARCHAR)), '')"
    junk = f"CASE WHEN regexp_full_match({base}, '[0Ff]+') THEN NULL ELSE {base} END"
    if not imei:
        return junk
    return (f"CASE WHEN regexp_full_match({junk}, '[0-9]{{15,16}}') "
            f"THEN substr({junk}, 1, 14) ELSE {junk} END")


_TIMELINE_SQL = f"""
CREATE OR REPLACE TABLE phone_handsets AS
WITH raw AS (
    SELECT a_number AS number, a_imei AS imei, a_imsi AS imsi, min(start_time) AS fs,
           max(start_time) AS ls, count(*) AS n
    FROM cdr WHERE a_imei IS NOT NULL OR a_imsi IS NOT NULL GROUP BY 1, 2, 3
    UNION ALL
    SELECT b_number, b_imei, b_imsi, min(start_time), max(start_time), count(*)
    FROM cdr WHERE b_imei IS NOT NULL OR b_imsi IS NOT NULL GROUP BY 1, 2, 3
), cleaned AS (
    SELECT number, {_clean('imei', True)} AS imei, {_clean('imsi', False)} AS imsi, fs, ls, n
    FROM raw
)
SELECT number, imei, imsi, min(fs) AS first_seen, max(ls) AS last_seen,
       sum(n)::BIGINT AS n_events, CAST(? AS VARCHAR) AS run_id
FROM cleaned WHERE number IS NOT NULL AND (imei IS NOT NULL OR imsi IS NOT NULL)
GROUP BY number, imei, imsi
ORDER BY number, first_seen
"""  # noqa: S608 - built from constants, values are bound

_SHARED_SQL = """
INSERT INTO number_links (number_a, number_b, link_type, confidence, evidence, run_id)
WITH per AS (
    SELECT number, {ident} AS ident, min(first_seen) AS fs, max(last_seen) AS ls,
           sum(n_events)::BIGINT AS n
    FROM phone_handsets WHERE {ident} IS NOT NULL GROUP BY 1, 2
), sizes AS (
    SELECT ident, count(*) AS k FROM per GROUP BY 1
), pairs AS (
    SELECT a.number AS number_a, b.number AS number_b, a.ident, s.k,
           a.fs AS a_first, a.ls AS a_last, a.n AS a_events,
           b.fs AS b_first, b.ls AS b_last, b.n AS b_events,
           greatest(0, date_diff('second', greatest(a.fs, b.fs), least(a.ls, b.ls)))
               / 86400.0 AS overlap_days
    FROM per a JOIN per b ON a.ident = b.ident AND a.number < b.number
    JOIN sizes s ON s.ident = a.ident
    WHERE s.k <= ?
), scored AS (
    SELECT *, (1 - exp(-least(a_events, b_events) / ?)) * least(1.0, 5.0 / k) AS c
    FROM pairs
)
SELECT number_a, number_b, '{link_type}' AS link_type,
       round(1 - product(1 - c), 4) AS confidence,
       to_json({{'{ident_name}s': list({{'{ident_name}': ident,
            'numbers_on_it': k,
            'a': {{'first_seen': a_first, 'last_seen': a_last, 'events': a_events}},
            'b': {{'first_seen': b_first, 'last_seen': b_last, 'events': b_events}},
            'overlap_days': round(overlap_days, 2),
            'in_use_at_same_time': overlap_days > 0}} ORDER BY a_first),
            'source': 'cdr a_/b_ {ident_name} and {ident_name}-sharing numbers'}}) AS evidence,
       CAST(? AS VARCHAR) AS run_id
FROM scored GROUP BY number_a, number_b
"""


def build(store: Store, run_id: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write ``phone_handsets`` and the ``shared_imei``/``shared_imsi`` rows of number_links."""
    p = {**DEFAULTS, **(params or {})}
    store.execute(NUMBER_LINKS_DDL)
    store.execute(_TIMELINE_SQL, [run_id])
    cap = int(p["max_numbers_per_identifier"])
    placeholders: dict[str, int] = {}
    for ident, link_type in (("imei", "shared_imei"), ("imsi", "shared_imsi")):
        sql = _SHARED_SQL.format(ident=ident, ident_name=ident, link_type=link_type)
        store.execute(sql, [cap, float(p["events_scale"]), run_id])
        count_sql = (f"SELECT count(*) FROM (SELECT {ident} FROM phone_handsets "  # noqa: S608
                     f"WHERE {ident} IS NOT NULL GROUP BY 1 HAVING count(DISTINCT number) > ?)")
        placeholders[ident] = int(store.scalar(count_sql, [cap]))
    return {
        "timeline_rows": store.count("phone_handsets"),
        "numbers_with_handset": int(store.scalar(
            "SELECT count(DISTINCT number) FROM phone_handsets")),
        "placeholder_imeis_ignored": placeholders["imei"],
        "placeholder_imsis_ignored": placeholders["imsi"],
    }
