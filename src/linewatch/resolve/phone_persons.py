"""Link phone numbers to resolved persons, with the evidence for each link.

Three sources, each giving a confidence, combined per (number, person) as a noisy-or
(``1 - prod(1 - c)``):

* ``nominal``: the number is in the ``phone`` field of the person's records
  (``1 - 0.3 ** records``), shared out when several persons list it (divided by the square
  root of how many);
* ``subscriber``: a subscriber check names the person (same normalised surname, same forename
  or a variant of it) — 0.9 when the dates of birth agree, 0.6 when either is missing (divided
  by the number of persons the name fits); a differing date of birth is no match;
* ``seizure``: the phone was seized at an event about the person (``seizures.number``: 0.8;
  ``seizures.imei`` through ``phone_handsets``: 0.7; halved when the person was a witness or
  reporter).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from linewatch.schema.types.match_keys import forename_keys, surname_keys
from linewatch.schema.types.names import default_variants, normalise
from linewatch.storage import Store

_NOMINAL_SQL = """
SELECT pr.person_id, unnest(r.phones) AS number, r.source_system, r.record_id
FROM resolve_records r JOIN person_records pr
  ON pr.source_system = r.source_system AND pr.record_id = r.record_id
WHERE r.phones IS NOT NULL
"""

_EVIDENCE_SQL = """
CREATE OR REPLACE TEMP TABLE lw_pp_evidence AS
WITH nominal AS (
    SELECT number, person_id, count(DISTINCT (source_system, record_id)) AS k,
           list({'source': 'nominal', 'table': 'nominals', 'source_system': source_system,
                 'record_id': record_id}) AS ev
    FROM (""" + _NOMINAL_SQL + """) GROUP BY 1, 2
), nominal_share AS (
    SELECT number, count(DISTINCT person_id) AS persons FROM nominal GROUP BY 1
), subs AS (
    SELECT s.number, pr.person_id, s.subscriber_name, s.subscriber_dob, r.dob,
           s.account_type, s._batch, s._row
    FROM subscribers s
    JOIN lw_pp_subnames n ON n.raw = s.subscriber_name
    JOIN resolve_records r ON r.surname = n.surname
        AND (r.forename1 = n.forename1 OR len(list_intersect(r.forename_groups,
                                                             n.forename_groups)) > 0)
        AND (r.dob IS NULL OR s.subscriber_dob IS NULL OR r.dob = s.subscriber_dob)
    JOIN person_records pr ON pr.source_system = r.source_system AND pr.record_id = r.record_id
), subs_p AS (
    SELECT number, person_id, bool_or(dob IS NOT NULL AND subscriber_dob IS NOT NULL) AS dob_ok,
           list(DISTINCT {'source': 'subscriber', 'table': 'subscribers', '_batch': _batch,
                 '_row': _row, 'subscriber_name': subscriber_name,
                 'subscriber_dob': subscriber_dob, 'account_type': account_type}) AS ev
    FROM subs GROUP BY 1, 2
), subs_share AS (
    SELECT number, count(*) AS persons FROM subs_p GROUP BY 1
), seized AS (
    SELECT coalesce(z.number, h.number) AS number, pr.person_id,
           CASE WHEN z.number IS NOT NULL THEN 0.8 ELSE 0.7 END
             * CASE WHEN e.role IN ('witness', 'reporter') THEN 0.5 ELSE 1.0 END AS c,
           {'source': 'seizure', 'table': 'seizures', 'source_system': z.source_system,
            'seizure_id': z.seizure_id, 'event_id': z.event_id, 'occurred_at': e.occurred_at,
            'role': e.role, 'via': CASE WHEN z.number IS NOT NULL THEN 'number'
                                       ELSE 'imei ' || z.imei END} AS ev
    FROM seizures z
    JOIN events e ON e.source_system = z.source_system AND e.event_id = z.event_id
    JOIN person_records pr ON pr.source_system = e.source_system
                           AND pr.record_id = e.record_id
    LEFT JOIN (SELECT DISTINCT number, imei FROM phone_handsets WHERE imei IS NOT NULL) h
        ON z.number IS NULL AND h.imei = substr(trim(z.imei), 1, 14)
    WHERE coalesce(z.number, h.number) IS NOT NULL
)
SELECT n.number, n.person_id, (1 - pow(0.3, n.k)) / sqrt(s.persons) AS c, n.ev
    FROM nominal n JOIN nominal_share s USING (number)
UNION ALL
SELECT p.number, p.person_id, CASE WHEN p.dob_ok THEN 0.9 ELSE 0.6 END / s.persons, p.ev
    FROM subs_p p JOIN subs_share s USING (number)
UNION ALL
SELECT number, person_id, c, [ev] FROM seized
"""  # noqa: S608 - constants only

_WRITE_SQL = """
CREATE OR REPLACE TABLE phone_persons AS
SELECT number, person_id, round(1 - product(1 - least(c, 0.99)), 4) AS confidence,
       to_json({'sources': list(DISTINCT ev[1].source ORDER BY ev[1].source),
                'records': flatten(list(ev)),
                'confidences': list(round(c, 4))}) AS evidence,
       CAST(? AS VARCHAR) AS run_id
FROM lw_pp_evidence GROUP BY number, person_id
ORDER BY number, confidence DESC
"""


def _subscriber_names(store: Store) -> pa.Table:
    variants = default_variants()
    rows: list[dict[str, Any]] = []
    for (raw,) in store.query("SELECT DISTINCT subscriber_name FROM subscribers "
                              "WHERE subscriber_name IS NOT NULL"):
        first, sep, rest = str(raw).partition(",")
        if sep:  # "SMITH, Jay" -> forename Jay, surname SMITH
            forename, surname = normalise(rest), normalise(first)
        else:
            tokens = (normalise(raw) or "").split()
            forename = tokens[0] if len(tokens) >= 2 else None
            surname = tokens[-1] if len(tokens) >= 2 else None
        if not forename or not surname:
            continue
        keys = {**forename_keys(forename, variants), **surname_keys(surname)}
        rows.append({"raw": raw, "forename1": keys["forename1"], "surname": keys["surname"],
                     "forename_groups": keys["forename_groups"]})
    schema = pa.schema([("raw", pa.string()), ("forename1", pa.string()),
                        ("surname", pa.string()), ("forename_groups", pa.list_(pa.string()))])
    return pa.Table.from_pylist(rows, schema=schema)


def build(store: Store, run_id: str) -> dict[str, Any]:
    """Write ``phone_persons`` from nominal phones, subscriber checks and seized phones."""
    if not store.table_exists("phone_handsets"):
        store.execute("CREATE TABLE phone_handsets (number VARCHAR, imei VARCHAR, "
                      "imsi VARCHAR, first_seen TIMESTAMP, last_seen TIMESTAMP, "
                      "n_events BIGINT, run_id VARCHAR)")
    with store.registered("lw_pp_subnames", _subscriber_names(store)):
        store.execute(_EVIDENCE_SQL)
    try:
        store.execute(_WRITE_SQL, [run_id])
    finally:
        store.execute("DROP TABLE IF EXISTS lw_pp_evidence")
    counts = dict(store.query(
        "SELECT s, count(*) FROM (SELECT unnest(CAST(json_extract(evidence, '$.sources') "
        "AS VARCHAR[])) AS s FROM phone_persons) GROUP BY 1"))
    return {"links": store.count("phone_persons"), "by_source": counts}
