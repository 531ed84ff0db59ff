"""From scored pairs to resolved persons: clusters, stable ids, best values with provenance.

Pairs at or above the threshold are links; analyst overrides edit the links; the connected
parts of the graph are persons. Every nominal record lands in exactly one person (a record
with no link is a person on its own). A person's id is ``P`` and the first 12 hex digits of
the MD5 of its smallest ``(source_system, record_id)``, so it is stable across re-runs unless
that record joins or leaves.

Best values: names, date of birth and sex are the most frequent value among the person's
records (case-insensitive; ties go to the most recent record); the address and postcode come
together from the most recent record that has either. A record's recency is the latest event
about it (``events.record_id``), then its import batch and row. ``person_values`` keeps every
value of every record with its provenance, ``is_best`` marking those chosen.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from linewatch.resolve import identifiers
from linewatch.resolve import overrides as ov
from linewatch.storage import Store, identities

#: the key expressions prepare.py uses, so raw nominal rows join their prepared record
NOMINAL_KEYS = (
    "coalesce(n.source_system, 'unknown')",
    "coalesce(n.record_id, '#' || coalesce(n._batch, 0) || '-' || coalesce(n._row, 0))",
)

_VALUES_SQL = """
CREATE OR REPLACE TABLE person_values AS
WITH raw AS (
    SELECT c.person_id, r.source_system, r.record_id, n.forenames, n.surname, n.dob, n.sex,
           n.address, n.postcode, n.phone, n.nickname, n.flags, n._batch, n._row
    FROM nominals n
    JOIN resolve_records r ON r.source_system = {sys} AND r.record_id = {rid}
    JOIN lw_resolve_clusters c ON c.uid = r.uid
), vals AS (
    SELECT person_id, 'forenames' AS field, trim(forenames) AS value, * EXCLUDE (person_id)
        FROM raw WHERE nullif(trim(forenames), '') IS NOT NULL
    UNION ALL SELECT person_id, 'surname', trim(surname), * EXCLUDE (person_id)
        FROM raw WHERE nullif(trim(surname), '') IS NOT NULL
    UNION ALL SELECT person_id, 'dob', CAST(dob AS VARCHAR), * EXCLUDE (person_id)
        FROM raw WHERE dob IS NOT NULL
    UNION ALL SELECT person_id, 'sex', sex, * EXCLUDE (person_id)
        FROM raw WHERE sex IN ('M', 'F')
    UNION ALL SELECT person_id, 'address', trim(address), * EXCLUDE (person_id)
        FROM raw WHERE nullif(trim(address), '') IS NOT NULL
    UNION ALL SELECT person_id, 'postcode', postcode, * EXCLUDE (person_id)
        FROM raw WHERE postcode IS NOT NULL
    UNION ALL SELECT person_id, 'phone', unnest(phone), * EXCLUDE (person_id) FROM raw
    UNION ALL SELECT person_id, 'nickname', upper(trim(unnest(nickname))), * EXCLUDE (person_id)
        FROM raw
    UNION ALL SELECT person_id, 'flag', trim(unnest(flags)), * EXCLUDE (person_id) FROM raw
)
SELECT person_id, field, value, source_system, record_id, _batch, _row,
       CAST(NULL AS BOOLEAN) AS is_best, CAST(? AS VARCHAR) AS run_id
FROM vals WHERE nullif(value, '') IS NOT NULL
"""

_PERSONS_SQL = """
CREATE OR REPLACE TABLE persons AS
WITH recency AS (
    SELECT r.uid, max(e.occurred_at) AS last_event
    FROM resolve_records r
    JOIN events e ON e.source_system = r.source_system AND e.record_id = r.record_id
    GROUP BY r.uid
), v AS (
    SELECT pv.*, coalesce(rc.last_event, TIMESTAMP '1900-01-01') AS seen
    FROM person_values pv
    JOIN resolve_records r ON r.source_system = pv.source_system AND r.record_id = pv.record_id
    LEFT JOIN recency rc ON rc.uid = r.uid
), freq AS (
    SELECT person_id, field, upper(value) AS k, count(*) AS n,
           max((seen, coalesce(_batch, 0), coalesce(_row, 0))) AS latest,
           max_by(value, (seen, coalesce(_batch, 0), coalesce(_row, 0))) AS value
    FROM v WHERE field IN ('forenames', 'surname', 'dob', 'sex')
    GROUP BY person_id, field, upper(value)
), best AS (
    SELECT person_id, field, value FROM (
        SELECT *, row_number() OVER (PARTITION BY person_id, field
                                     ORDER BY n DESC, latest DESC, value) AS rn FROM freq)
    WHERE rn = 1
), place AS (
    SELECT person_id,
           max_by(address, (seen, coalesce(_batch, 0), coalesce(_row, 0))) AS address,
           max_by(postcode, (seen, coalesce(_batch, 0), coalesce(_row, 0))) AS postcode
    FROM (
        SELECT person_id, source_system, record_id, any_value(seen) AS seen,
               any_value(_batch) AS _batch, any_value(_row) AS _row,
               max(CASE WHEN field = 'address' THEN value END) AS address,
               max(CASE WHEN field = 'postcode' THEN value END) AS postcode
        FROM v WHERE field IN ('address', 'postcode')
        GROUP BY person_id, source_system, record_id, _batch, _row)
    GROUP BY person_id
), lists AS (
    SELECT person_id,
           list_sort(list_distinct(list(value) FILTER (WHERE field = 'nickname'))) AS nicknames,
           list_sort(list_distinct(list(value) FILTER (WHERE field = 'phone'))) AS phones,
           list_sort(list_distinct(list(value) FILTER (WHERE field = 'flag'))) AS flags
    FROM v GROUP BY person_id
), sizes AS (
    SELECT person_id, count(*)::INTEGER AS n_records FROM lw_resolve_clusters GROUP BY 1
)
SELECT s.person_id,
       nullif(trim(concat_ws(' ', f.value, upper(su.value))), '') AS display_name,
       f.value AS forenames, su.value AS surname, CAST(d.value AS DATE) AS dob,
       coalesce(l.nicknames, []) AS nicknames, coalesce(l.phones, []) AS phones,
       pl.address, pl.postcode, coalesce(l.flags, []) AS flags, s.n_records,
       sx.value AS sex, CAST(? AS VARCHAR) AS run_id
FROM sizes s
LEFT JOIN best f ON f.person_id = s.person_id AND f.field = 'forenames'
LEFT JOIN best su ON su.person_id = s.person_id AND su.field = 'surname'
LEFT JOIN best d ON d.person_id = s.person_id AND d.field = 'dob'
LEFT JOIN best sx ON sx.person_id = s.person_id AND sx.field = 'sex'
LEFT JOIN place pl ON pl.person_id = s.person_id
LEFT JOIN lists l ON l.person_id = s.person_id
ORDER BY s.person_id
"""

_MARK_BEST_SQL = """
UPDATE person_values SET is_best = CASE
    WHEN person_values.field IN ('phone', 'nickname', 'flag') THEN TRUE
    WHEN person_values.field = 'forenames' THEN upper(person_values.value) = upper(p.forenames)
    WHEN person_values.field = 'surname' THEN upper(person_values.value) = upper(p.surname)
    WHEN person_values.field = 'dob' THEN person_values.value = CAST(p.dob AS VARCHAR)
    WHEN person_values.field = 'sex' THEN person_values.value = p.sex
    WHEN person_values.field = 'address' THEN person_values.value = p.address
    WHEN person_values.field = 'postcode' THEN person_values.value = p.postcode
    ELSE FALSE END
FROM persons p WHERE p.person_id = person_values.person_id
"""


def cluster_edges(store: Store, threshold: float) -> tuple[np.ndarray, list[str]]:
    """Component label (smallest uid) of every prepared record, after overrides.

    Records with unique identifiers are joined by them and kept apart by different ones
    (``identifiers.py``); without any, the components are the plain connected ones.
    """
    n = int(store.scalar("SELECT coalesce(max(uid), 0) FROM resolve_records"))
    pairs = store.query_arrow(
        "SELECT uid_l, uid_r FROM resolve_pairs WHERE match_probability >= ? "
        "ORDER BY match_probability DESC, uid_l, uid_r", [threshold])
    left = pairs["uid_l"].to_numpy().astype(np.int64)
    right = pairs["uid_r"].to_numpy().astype(np.int64)
    ids = identifiers.record_identifiers(store)
    if ids:
        id_left, id_right = identifiers.identifier_edges(ids)
        left, right = np.concatenate([id_left, left]), np.concatenate([id_right, right])
    keys = store.query("SELECT source_system, record_id, uid FROM resolve_records")
    uid_of = {(s, r): int(u) for s, r, u in keys}
    ov.ensure_table(store)
    left, right, notes = ov.apply_to_edges(left, right, ov.list_overrides(store), uid_of)
    if not ids:
        return ov.components(n, left, right), notes
    record_of = {u: f"{s}:{r}" for (s, r), u in uid_of.items()}
    labels, refused = identifiers.constrained_components(n, left, right, ids, record_of)
    return labels, notes + refused


#: each cluster's id is its founding record's: the record first imported (lowest batch), then
#: the lowest source key, so records added later never change the id of a person they join
_FOUNDERS_SQL = """
    CREATE OR REPLACE TEMP TABLE lw_resolve_clusters AS
    WITH first_batch AS (
        SELECT coalesce(source_system, 'unknown') AS source_system, record_id,
               min(_batch) AS first_batch
        FROM nominals WHERE record_id IS NOT NULL GROUP BY ALL),
    members AS (
        SELECT c.uid, c.root, r.source_system, r.record_id,
               coalesce(f.first_batch, r._batch) AS first_batch
        FROM lw_resolve_roots c JOIN resolve_records r ON r.uid = c.uid
        LEFT JOIN first_batch f ON f.source_system = r.source_system
                               AND f.record_id = r.record_id),
    founders AS (
        SELECT root, first(source_system || chr(31) || record_id
                           ORDER BY first_batch NULLS LAST, source_system, record_id) AS key
        FROM members GROUP BY root)
    SELECT m.uid, 'P' || upper(substr(md5(f.key), 1, 12)) AS person_id
    FROM members m JOIN founders f USING (root)
"""


def build_persons(store: Store, run_id: str, threshold: float) -> dict[str, Any]:
    """(Re)write ``persons``, ``person_records`` and ``person_values`` for the stored run."""
    labels, notes = cluster_edges(store, threshold)
    clusters = pa.table({"uid": pa.array(np.arange(1, len(labels) + 1), pa.int64()),
                         "root": pa.array(labels, pa.int64())})
    with store.registered("lw_resolve_roots", clusters), store.transaction():
        identities.remember_current(store, "person")
        store.execute(_FOUNDERS_SQL)
        store.execute("""
            CREATE OR REPLACE TABLE person_records AS
            SELECT c.person_id, r.source_system, r.record_id, CAST(? AS VARCHAR) AS run_id
            FROM lw_resolve_clusters c JOIN resolve_records r ON r.uid = c.uid
            ORDER BY c.person_id, r.source_system, r.record_id""", [run_id])
        store.execute(_VALUES_SQL.format(sys=NOMINAL_KEYS[0], rid=NOMINAL_KEYS[1]), [run_id])
        store.execute(_PERSONS_SQL, [run_id])
        store.execute(_MARK_BEST_SQL)
        store.execute("DROP TABLE IF EXISTS lw_resolve_clusters")
        members: dict[str, set[str]] = {}
        for pid, key in store.query("SELECT person_id, source_system || ':' || record_id "
                                    "FROM person_records"):
            members.setdefault(str(pid), set()).add(str(key))
        redirected = identities.record_members(store, "person", members, run_id)
    n_persons = int(store.scalar("SELECT count(*) FROM persons"))
    multi = int(store.scalar("SELECT count(*) FROM persons WHERE n_records > 1"))
    return {"persons": n_persons, "persons_with_several_records": multi,
            "override_notes": notes, "ids_redirected": len(redirected)}
