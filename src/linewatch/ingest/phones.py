"""Phone numbers the SQL fast path cannot decide are cleaned once per distinct value in Python.

Almost every number in communications data is a UK mobile in one of a few written forms, which
SQL normalises directly. The rest (landlines, international numbers, withheld markers, odd
punctuation) are few distinct values: they are cleaned with
:mod:`linewatch.schema.types.phone` (``phonenumbers``) into a small map table, which the
cleaning SQL joins (single numbers) or looks up (``;``-separated lists).
"""

# ruff: noqa: S608 - SQL built from the contract's field names, generated table names, quote_ident column names and sql_literal paths; record values never enter it

from __future__ import annotations

import pyarrow as pa

from linewatch.errors import CleanError
from linewatch.ingest.cleaning import PHONE_COMPACT, PHONE_FAST, FieldSql
from linewatch.schema.types import phone
from linewatch.storage import Store


def python_clean_map(values: list[str]) -> pa.Table:
    raws: list[str] = []
    cleans: list[str | None] = []
    errors: list[str | None] = []
    for value in values:
        raws.append(value)
        try:
            cleans.append(phone.clean(value))
            errors.append(None)
        except CleanError as exc:
            cleans.append(None)
            errors.append(str(exc))
    return pa.table({"raw": pa.array(raws, pa.string()), "clean": pa.array(cleans, pa.string()),
                     "err": pa.array(errors, pa.string())})


def build_fallback_map(store: Store, check: str, plans: list[FieldSql],
                       table: str) -> frozenset[str]:
    """Create ``table`` (raw, clean, err) for the values the fast path left pending.

    Returns the names of the phone fields that have at least one such value.
    """
    parts = []
    for plan in plans:
        name = plan.field.name
        if plan.pending is None:
            continue
        if plan.field.type == "phone":
            parts.append(f"SELECT '{name}' AS field, {name}__pending AS v FROM {check} "
                         f"WHERE {name}__pending IS NOT NULL")
        else:
            fast = PHONE_FAST.format(c=PHONE_COMPACT.format(r="trim(x)"))
            parts.append(f"SELECT '{name}' AS field, trim(x) AS v FROM (SELECT unnest("
                         f"string_split({name}__pending, ';')) AS x FROM {check} WHERE "
                         f"{name}__pending IS NOT NULL) WHERE trim(x) <> '' AND {fast} IS NULL")
    if not parts:
        return frozenset()
    rows = store.query("SELECT DISTINCT field, v FROM (" + " UNION ALL ".join(parts) + ")")
    if not rows:
        return frozenset()
    mapping = python_clean_map(sorted({r[1] for r in rows}))
    with store.registered(f"{table}_arrow", mapping):
        store.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {table}_arrow")
    return frozenset(r[0] for r in rows)
