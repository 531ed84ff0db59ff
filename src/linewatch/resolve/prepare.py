"""Prepare nominal records for linkage: one row per (source_system, record_id), with keys.

A record imported twice (the same ``source_system`` and ``record_id`` in several rows) is
compared once, using its most recent import; every import still counts as provenance of the
person it ends up in. Name and address keys are computed in Python once per distinct spelling
and joined back in SQL, so the cost grows with the number of distinct values, not records.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from linewatch.schema.types.match_keys import address_keys, forename_keys, surname_keys
from linewatch.schema.types.names import VariantIndex, default_variants, load_variants
from linewatch.storage import Store

#: columns of the prepared table (the linkage input), in order
RECORD_COLUMNS = [
    "uid", "source_system", "record_id", "forename1", "forename2", "forename_initial",
    "forename_phon", "forename_groups", "surname", "surname_initial", "surname_phon",
    "dob", "dob_y", "dob_m", "dob_d", "dob_days", "sex", "postcode", "pc_sector",
    "pc_district", "addr_key", "addr_street", "addr_num", "phones", "nicknames", "_batch", "_row",
]

NOMINALS_SQL = """
WITH base AS (
    SELECT coalesce(source_system, 'unknown') AS source_system,
           coalesce(record_id, '#' || coalesce(_batch, 0) || '-' || coalesce(_row, 0))
               AS record_id,
           forenames, surname, dob, sex, address, postcode, phone, nickname, _batch, _row,
           row_number() OVER (PARTITION BY coalesce(source_system, 'unknown'),
               coalesce(record_id, '#' || coalesce(_batch, 0) || '-' || coalesce(_row, 0))
               ORDER BY _batch DESC NULLS LAST, _row DESC NULLS LAST) AS rn
    FROM nominals
)
SELECT * EXCLUDE (rn) FROM base WHERE rn = 1
"""


def _mapping(store: Store, column: str, fn: Any, schema: pa.Schema) -> pa.Table:
    values = [r[0] for r in store.query(
        f"SELECT DISTINCT {column} FROM nominals WHERE {column} IS NOT NULL")]  # noqa: S608
    rows = [{"raw": v, **fn(v)} for v in values]
    return pa.Table.from_pylist(rows, schema=schema)


def prepare_records(store: Store, params: dict[str, Any] | None = None) -> pa.Table:
    """The linkage input: one row per nominal record with the keys the model compares."""
    p = params or {}
    variants = VariantIndex(load_variants(p["name_variants"]) if p.get("name_variants")
                            else default_variants())
    s, lst = pa.string(), pa.list_(pa.string())
    fore = _mapping(store, "forenames", lambda v: forename_keys(v, variants), pa.schema([
        ("raw", s), ("forename1", s), ("forename2", s), ("forename_initial", s),
        ("forename_phon", s), ("forename_groups", lst)]))
    sur = _mapping(store, "surname", surname_keys, pa.schema([
        ("raw", s), ("surname", s), ("surname_initial", s), ("surname_phon", s)]))
    addr = _mapping(store, "address", address_keys, pa.schema([
        ("raw", s), ("addr_key", s), ("addr_street", s), ("addr_num", s)]))
    sql = f"""
        WITH n AS ({NOMINALS_SQL})
        SELECT row_number() OVER (ORDER BY n.source_system, n.record_id) AS uid,
               n.source_system, n.record_id,
               f.forename1, f.forename2, f.forename_initial, f.forename_phon, f.forename_groups,
               s.surname, s.surname_initial, s.surname_phon,
               n.dob, year(n.dob)::INTEGER AS dob_y, month(n.dob)::INTEGER AS dob_m,
               day(n.dob)::INTEGER AS dob_d,
               date_diff('day', DATE '1970-01-01', n.dob)::INTEGER AS dob_days,
               CASE WHEN n.sex IN ('M', 'F') THEN n.sex END AS sex,
               n.postcode,
               CASE WHEN n.postcode LIKE '% %'
                    THEN split_part(n.postcode, ' ', 1) || ' ' ||
                         substr(split_part(n.postcode, ' ', 2), 1, 1) END AS pc_sector,
               CASE WHEN n.postcode IS NOT NULL
                    THEN split_part(n.postcode, ' ', 1) END AS pc_district,
               a.addr_key, a.addr_street, a.addr_num,
               nullif(list_sort(list_distinct([trim(x) FOR x IN coalesce(n.phone, [])
                   IF x IS NOT NULL AND trim(x) <> ''])), []) AS phones,
               nullif(list_sort(list_distinct([upper(trim(x)) FOR x IN coalesce(n.nickname, [])
                   IF x IS NOT NULL AND trim(x) <> ''])), []) AS nicknames,
               n._batch, n._row
        FROM n
        LEFT JOIN lw_resolve_fore f ON f.raw = n.forenames
        LEFT JOIN lw_resolve_sur s ON s.raw = n.surname
        LEFT JOIN lw_resolve_addr a ON a.raw = n.address
        ORDER BY uid
    """  # noqa: S608 - constants only
    with store.registered("lw_resolve_fore", fore), store.registered("lw_resolve_sur", sur), \
            store.registered("lw_resolve_addr", addr):
        table = store.query_arrow(sql)
    return table.select(RECORD_COLUMNS)
