"""Prepare nominal records for linkage: one row per (source_system, record_id), with keys.

A record imported twice (the same ``source_system`` and ``record_id`` in several rows) is
compared once, using its most recent import; every import still counts as provenance of the
person it ends up in. Name and address keys are computed in Python once per distinct spelling
and joined back in SQL, so the cost grows with the number of distinct values, not records.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa

from linewatch.resolve.names import (
    VariantIndex,
    default_variants,
    load_variants,
    name_groups,
    normalise,
)
from linewatch.resolve.names import metaphone as _metaphone
from linewatch.storage import Store

#: columns of the prepared table (the linkage input), in order
RECORD_COLUMNS = [
    "uid", "source_system", "record_id", "forename1", "forename2", "forename_initial",
    "forename_phon", "forename_groups", "surname", "surname_initial", "surname_phon",
    "dob", "dob_y", "dob_m", "dob_d", "dob_days", "sex", "postcode", "pc_sector",
    "pc_district", "addr_key", "addr_street", "addr_num", "phones", "nicknames", "_batch", "_row",
]

_ABBREVIATIONS = {
    "RD": "ROAD", "ST": "STREET", "AVE": "AVENUE", "AV": "AVENUE", "CL": "CLOSE",
    "CRES": "CRESCENT", "CR": "CRESCENT", "DR": "DRIVE", "LN": "LANE", "GDNS": "GARDENS",
    "CT": "COURT", "PL": "PLACE", "SQ": "SQUARE", "TER": "TERRACE", "TERR": "TERRACE",
    "HSE": "HOUSE", "FLT": "FLAT", "APT": "FLAT", "APARTMENT": "FLAT", "GRN": "GREEN",
    "GR": "GROVE", "PK": "PARK", "WY": "WAY", "HL": "HILL", "EST": "ESTATE", "NTH": "NORTH",
    "STH": "SOUTH",
}
_POSTCODE_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")
_ADDR_JUNK = re.compile(r"[^A-Z0-9 ]+")
_NUMBER = re.compile(r"\d")
_HOUSE = re.compile(r"\d+[A-Z]?")
_SLASH_FLAT = re.compile(r"\b(\d+[A-Z]?)\s*/\s*(\d+[A-Z]?)\b")

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


def forename_keys(raw: str | None,
                  variants: dict[str, list[str]] | VariantIndex) -> dict[str, Any]:
    """forename1/2, initial, Metaphone and variant groups of one recorded forenames value."""
    norm = normalise(raw)
    tokens = norm.split() if norm else []
    first = tokens[0] if tokens else None
    return {
        "forename1": first,
        "forename2": tokens[1] if len(tokens) > 1 else None,
        "forename_initial": first[0] if first else None,
        "forename_phon": _metaphone(first) if first else None,
        "forename_groups": name_groups(first, variants),
    }


def surname_keys(raw: str | None) -> dict[str, Any]:
    """Normalised surname (spaces removed), its initial and Metaphone."""
    norm = normalise(raw)
    joined = norm.replace(" ", "") if norm else None
    return {
        "surname": joined,
        "surname_initial": joined[0] if joined else None,
        "surname_phon": _metaphone(joined) if joined else None,
    }


def _is_street(tokens: list[str]) -> bool:
    """A house number followed by a word: ``23 MEADOW WALK`` (not ``FLA T5``)."""
    return any(_HOUSE.fullmatch(t) and i + 1 < len(tokens) and tokens[i + 1].isalpha()
               for i, t in enumerate(tokens))


def address_keys(raw: str | None) -> dict[str, Any]:
    """Keys of a UK address line: the dwelling, the building and its number.

    ``Flat 6, 10 Hawthorn Dr, Stratford`` and ``6/10 HAWTHORN DRIVE`` both give the dwelling
    ``F6 10 HAWTHORN DRIVE``, the building ``10 HAWTHORN DRIVE`` and number ``10``; the town
    and postcode are dropped, common abbreviations expanded.
    """
    empty = {"addr_key": None, "addr_street": None, "addr_num": None}
    if raw is None:
        return empty
    text = _POSTCODE_IN_TEXT.sub(" ", str(raw).upper())
    text = _SLASH_FLAT.sub(r"FLAT \1, \2", text)
    flat = None
    street = None
    for segment in text.split(","):
        tokens = [_ABBREVIATIONS.get(t, t) for t in _ADDR_JUNK.sub(" ", segment).split()]
        if not tokens:
            continue
        if tokens[0] == "FLAT" and len(tokens) >= 2:
            flat = tokens[1]
            tokens = tokens[2:]
            if not tokens:
                continue
        if street is None and _is_street(tokens):
            street = tokens[next(i for i, t in enumerate(tokens) if _HOUSE.fullmatch(t)):]
    if street is None and flat is not None:
        return empty
    if street is None:
        first = [_ABBREVIATIONS.get(t, t) for t in _ADDR_JUNK.sub(" ", text.split(",")[0]).split()]
        street = first or None
    if not street:
        return empty
    building = " ".join(street)
    numbers = [t for t in street if _NUMBER.search(t)]
    return {"addr_key": f"F{flat} {building}" if flat else building,
            "addr_street": building, "addr_num": numbers[0] if numbers else None}


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
