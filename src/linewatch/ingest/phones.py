"""Phone numbers the SQL fast path cannot decide are cleaned once per distinct value in Python.

Almost every number in communications data is a UK mobile in one of a few written forms, which
SQL normalises directly. The rest (landlines, international numbers, odd punctuation) are few
distinct values, cleaned with :mod:`linewatch.schema.types.phone` (``phonenumbers``) and joined
back. ``;``-separated lists (nominal records) are exploded, cleaned the same way and re-joined.
"""

from __future__ import annotations

import pyarrow as pa

from linewatch.ingest.cleaning import PHONE_COMPACT, PHONE_FAST, FieldSql
from linewatch.errors import CleanError
from linewatch.schema.types import phone
from linewatch.storage import Store


def clean_phone_fields(store: Store, table: str, plans: list[FieldSql]) -> None:
    for plan in plans:
        if plan.raw is None:
            continue
        if plan.field.type == "phone":
            _clean_single(store, table, plan.field.name)
        elif plan.field.type == "phone_list":
            _clean_list(store, table, plan.field.name)


def _python_map(values: list[str]) -> pa.Table:
    raws, cleans, errors = [], [], []
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


def _clean_single(store: Store, table: str, name: str) -> None:
    pending = [r[0] for r in store.query(
        f"SELECT DISTINCT {name}__raw FROM {table} WHERE {name} IS NULL AND "
        f"{name}__raw IS NOT NULL AND {name}__err IS NULL")]
    if not pending:
        return
    with store.registered(f"{table}_pm", _python_map(pending)):
        store.execute(
            f"UPDATE {table} SET {name} = m.clean, {name}__err = CASE WHEN m.clean IS NULL "
            f"THEN '{name}: ' || m.err END FROM {table}_pm m WHERE {table}.{name}__raw = m.raw "
            f"AND {table}.{name} IS NULL AND {table}.{name}__err IS NULL")


def _clean_list(store: Store, table: str, name: str) -> None:
    long = f"{table}_{name}_long"
    compact = PHONE_COMPACT.format(r="x")
    store.execute(
        f"CREATE TEMP TABLE {long} AS SELECT _row, i, x, {PHONE_FAST.format(c=compact)} AS clean, "
        f"CAST(NULL AS VARCHAR) AS err FROM (SELECT _row, trim(unnest(parts)) AS x, "
        f"generate_subscripts(parts, 1) AS i FROM (SELECT _row, string_split({name}__raw, ';') "
        f"AS parts FROM {table} WHERE {name}__raw IS NOT NULL AND {name}__err IS NULL)) "
        f"WHERE x <> ''")
    pending = [r[0] for r in store.query(f"SELECT DISTINCT x FROM {long} WHERE clean IS NULL")]
    if pending:
        with store.registered(f"{long}_pm", _python_map(pending)):
            store.execute(f"UPDATE {long} SET clean = m.clean, err = m.err FROM {long}_pm m "
                          f"WHERE {long}.x = m.raw AND {long}.clean IS NULL")
    store.execute(
        f"UPDATE {table} SET {name} = agg.numbers, {name}__err = agg.problems FROM ("
        f"SELECT _row, list(clean ORDER BY i) FILTER (WHERE clean IS NOT NULL) AS numbers, "
        f"CASE WHEN count(err) > 0 THEN '{name}: ' || string_agg(err, '; ') END AS problems "
        f"FROM {long} GROUP BY _row) agg WHERE {table}._row = agg._row")
    store.execute(f"DROP TABLE {long}")
