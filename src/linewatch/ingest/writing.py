"""Checking and writing one staged file: rejects, duplicates, provenance, quarantine.

Each record is cleaned once, in one pass, into a temporary check table (DuckDB keeps it within
its memory limit, spilling to disk for very large files); numbers the SQL fast path cannot clean
are then cleaned through a small Python-made map; quarantine entries (with reasons and the
original row) are written for the few bad and duplicate records; and one ``INSERT ... SELECT``
copies the good records, with provenance, into the kind's table.

Rules:

* Reader rejects (malformed CSV records, bad JSON lines) are quarantined as they were read.
* For machine-made kinds (``cdr``, ``cells``, ``anpr``) any bad value quarantines the row:
  evidence is kept whole or not at all. For records typed by people (nominals, events, ...),
  only a bad *required* value quarantines the row; a bad optional value is dropped from the
  row, and the row is noted in quarantine with action ``value_rejected`` and the original text.
* Duplicates (by the kind's key) within the file or already in the store are quarantined with
  action ``duplicate``; nothing is silently dropped.
"""

# ruff: noqa: S608 - SQL built from the contract's field names, generated table names, quote_ident column names and sql_literal paths; record values never enter it

from __future__ import annotations

import json
from dataclasses import dataclass

from linewatch.ingest.cleaning import PHONE_COMPACT, PHONE_FAST, FieldSql, quote_ident, sql_literal
from linewatch.ingest.staging import Staged
from linewatch.schema.contract import KEEPS_RAW, Kind
from linewatch.storage import Store
from linewatch.storage.tombstones import REVIEWED_KINDS, tombstoned

#: kinds whose rows have extra whole-row rules: (condition for a bad row, field, reason),
#: each checked when the file has every field named in ``RULE_FIELDS``
ROW_RULES: dict[str, list[tuple[str, str, str]]] = {
    "intel": [("upper(r_handling_code) = 'C' AND r_handling_conditions IS NULL",
               "handling_conditions", "handling_conditions: required when handling_code is C")],
    "events": [("lower(r_event_type) = 'crime' AND r_crime_category IS NULL",
                "crime_category", "crime_category: a recorded crime needs its category")],
}
RULE_FIELDS = {"handling_conditions": ("handling_code", "handling_conditions"),
               "crime_category": ("event_type", "crime_category")}


def key_columns(kind: Kind) -> list[str]:
    if kind.name == "cdr":
        return ["event_id", "start_time", "a_number", "b_number", "event_type", "duration_s"]
    return list(kind.key)


@dataclass
class WriteCounts:
    rows_read: int = 0
    rows_imported: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0
    values_rejected: int = 0
    rows_tombstoned: int = 0


@dataclass
class FileSql:
    """The SQL pieces for one staged file."""

    kind: Kind
    staged: Staged
    plans: list[FieldSql]
    extras: list[str]
    fallback_table: str | None
    fallback: frozenset[str]
    strict: bool

    def inner(self, with_raw_json: bool = False) -> str:
        cols = ["_row"]
        for plan in self.plans:
            cols += [f"{sql} AS {name}" for name, sql in plan.inner.items()]
        cols += [quote_ident(self.staged.columns[key].name) for key in self.extras]
        if with_raw_json:
            cols.append(f"{raw_json(self.staged)} AS _raw_json")
        return f"SELECT {', '.join(cols)} FROM {self.staged.relation}"

    def source(self, with_raw_json: bool = False) -> str:
        """FROM clause: the inner select plus the fallback phone map where needed."""
        sql = f"({self.inner(with_raw_json)}) i"
        if self.fallback_table:
            for plan in self.plans:
                name = plan.field.name
                if plan.field.type == "phone" and name in self.fallback:
                    sql += (f" LEFT JOIN {self.fallback_table} m_{name} "
                            f"ON m_{name}.raw = i.p_{name}")
            if any(p.field.type == "phone_list" and p.field.name in self.fallback
                   for p in self.plans):
                sql += (f" CROSS JOIN (SELECT map_from_entries(list(struct_pack(k := raw, "
                        f"v := clean))) AS fbmap FROM {self.fallback_table} "
                        f"WHERE clean IS NOT NULL) mm")
        return sql

    @property
    def rules(self) -> list[tuple[str, str, str]]:
        present = {p.field.name for p in self.plans if p.raw}
        return [r for r in ROW_RULES.get(self.kind.name, [])
                if all(f in present for f in RULE_FIELDS[r[1]])]

    def bad_row(self) -> str:
        hard = self.plans if self.strict else [p for p in self.plans if p.field.required]
        terms = [f"({p.error}) IS NOT NULL" for p in hard] + [f"({c})" for c, _, _ in self.rules]
        return " OR ".join(terms) or "false"

    def any_error(self) -> str:
        return " OR ".join(f"({p.error}) IS NOT NULL" for p in self.plans) or "false"

    def problems(self) -> str:
        parts = [p.error for p in self.plans] + [
            f"CASE WHEN {c} THEN {sql_literal(reason)} END" for c, _, reason in self.rules]
        return f"concat_ws('; ', {', '.join(parts)})"

    def bad_fields(self) -> str:
        parts = [f"CASE WHEN ({p.error}) IS NOT NULL THEN '{p.field.name}' END"
                 for p in self.plans] + [
            f"CASE WHEN {c} THEN {sql_literal(f)} END" for c, f, _ in self.rules]
        return f"concat_ws(', ', {', '.join(parts)})"

    def clean_of(self, name: str) -> str:
        for plan in self.plans:
            if plan.field.name == name:
                return plan.clean
        raise KeyError(name)



def check_table(store: Store, sql: FileSql, check: str) -> None:
    """Pass 1: every record cleaned once, with its flags, into a temporary table.

    ``sql`` is planned with ``pending=True``: numbers the SQL fast path cannot clean are kept
    aside (``<field>__pending``) for :func:`apply_fallback`, not yet errors. DuckDB keeps the
    table within its memory limit, spilling to disk for very large files.
    """
    cols = ["i._row AS _row"]
    for plan in sql.plans:
        name = plan.field.name
        plain = sql.strict or plan.field.type == "phone_list"
        cols.append(f"{plan.clean} AS {name}" if plain else
                    f"CASE WHEN ({plan.error}) IS NULL THEN {plan.clean} END AS {name}")
        if plan.field.type in KEEPS_RAW:
            cols.append(f"{plan.raw or 'CAST(NULL AS VARCHAR)'} AS {name}__raw")
        if plan.pending:
            cols.append(f"{plan.pending} AS {name}__pending")
    cols.append(f"{attrs_json(sql)} AS attrs")
    cols.append(f"({sql.bad_row()}) AS _bad")
    cols.append("_bad" if sql.strict else f"({sql.any_error()}) AS _err")
    # records carry their own number (_row), so DuckDB need not keep their order: this lets
    # it clean the file on every core
    store.execute("SET preserve_insertion_order = false")
    try:
        store.execute(f"CREATE TEMP TABLE {check} AS SELECT {', '.join(cols)} "
                      f"FROM {sql.source()}")
    finally:
        store.execute("SET preserve_insertion_order = true")
    if sql.strict:
        store.execute(f"ALTER TABLE {check} ADD COLUMN _err BOOLEAN")
        store.execute(f"UPDATE {check} SET _err = _bad WHERE _bad")


def apply_fallback(store: Store, sql: FileSql, check: str, fallback_table: str,
                   fields: frozenset[str]) -> None:
    """Clean the numbers kept aside with the Python map, and flag those that are still bad."""
    for plan in sql.plans:
        name = plan.field.name
        if name not in fields:
            continue
        if plan.field.type == "phone":
            store.execute(f"UPDATE {check} SET {name} = m.clean FROM {fallback_table} m "
                          f"WHERE {check}.{name}__pending = m.raw")
            hard = sql.strict or plan.field.required
            flag = "_bad = true, _err = true" if hard else "_err = true"
            store.execute(f"UPDATE {check} SET {flag} WHERE {name}__pending IS NOT NULL "
                          f"AND {name} IS NULL")
        else:
            element = ("coalesce(" + PHONE_FAST.format(c=PHONE_COMPACT.format(r="trim(x)"))
                       + ", fbmap[trim(x)])")
            store.execute(
                f"UPDATE {check} SET {name} = list_filter(list_transform(string_split("
                f"{name}__pending, ';'), lambda x: {element}), lambda y: y IS NOT NULL), "
                f"_err = _err OR len(list_filter(string_split({name}__pending, ';'), lambda x: "
                f"trim(x) <> '' AND {element} IS NULL)) > 0 FROM (SELECT map_from_entries("
                f"list(struct_pack(k := raw, v := clean))) AS fbmap FROM {fallback_table} "
                f"WHERE clean IS NOT NULL) mm WHERE {name}__pending IS NOT NULL")


def write_file(store: Store, sql: FileSql, batch_id: int, file_id: int, path: str,
               check: str) -> WriteCounts:
    """Passes 2 and 3 for one file whose check table exists; returns its counts.

    ``sql`` here is planned with the fallback map, so error texts name every problem.
    """
    kind = sql.kind
    counts = WriteCounts()
    for reject in sql.staged.rejects:
        store.execute(
            "INSERT INTO quarantine (batch_id, file_id, kind, path, row_number, line_number, "
            "field, reason, action, raw) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'row_quarantined', ?)",
            [batch_id, file_id, kind.name, path, int(reject["line"]) - 1, int(reject["line"]),
             reject.get("column_name"),
             f"{reject.get('error_type')}: {reject.get('error_message')}",
             json.dumps({"line": reject.get("csv_line")}
                        | ({"recovered": True} if reject.get("recovered") else {}),
                        ensure_ascii=False)])
    counts.rows_quarantined = len(sql.staged.rejects)
    if not sql.plans:
        counts.rows_read = counts.rows_quarantined
        return counts
    total, bad, value_errors = store.query_one(
        f"SELECT count(*), count(*) FILTER (WHERE _bad), count(*) FILTER (WHERE _err AND NOT "
        f"_bad) FROM {check}") or (0, 0, 0)
    excluded = f"{check}_excl"
    store.execute(f"CREATE TEMP TABLE {excluded} (_row BIGINT, why VARCHAR)")
    if bad:
        _quarantine(store, sql, batch_id, file_id, path,
                    f"i._row IN (SELECT _row FROM {check} WHERE _bad)", "row_quarantined")
        store.execute(f"INSERT INTO {excluded} (_row, why) SELECT _row, NULL FROM {check} WHERE _bad")
    if value_errors:
        _quarantine(store, sql, batch_id, file_id, path,
                    f"i._row IN (SELECT _row FROM {check} WHERE _err AND NOT _bad)",
                    "value_rejected")
    duplicates = _find_duplicates(store, kind, check, excluded)
    if duplicates:
        keys = sql_literal(", ".join(key_columns(kind)))
        _quarantine(store, sql, batch_id, file_id, path,
                    f"i._row IN (SELECT _row FROM {excluded} WHERE why IS NOT NULL)",
                    "duplicate", reason=f"(SELECT why FROM {excluded} d WHERE d._row = i._row)",
                    field=keys)
    tombstoned = _skip_tombstoned(store, kind, check, excluded)
    columns, values = [], []
    for plan in sql.plans:
        name = plan.field.name
        columns.append(name)
        values.append(name)
        if plan.field.type in KEEPS_RAW:
            columns.append(f"{name}_raw")
            values.append(f"{name}__raw")
    columns += ["attrs", "_batch", "_file", "_row"]
    values += ["attrs", str(batch_id), str(file_id), "_row"]
    exclude = f"WHERE _row NOT IN (SELECT _row FROM {excluded})" if (
        bad or duplicates or tombstoned) else ""
    store.execute(f"INSERT INTO {kind.name} ({', '.join(columns)}) SELECT {', '.join(values)} "
                  f"FROM {check} {exclude}")
    store.execute(f"DROP TABLE {check}")
    store.execute(f"DROP TABLE {excluded}")
    counts.rows_read = int(total) + counts.rows_quarantined
    counts.rows_quarantined += int(bad)
    counts.rows_duplicate = duplicates
    counts.values_rejected = int(value_errors)
    counts.rows_tombstoned = tombstoned
    counts.rows_imported = int(total) - int(bad) - duplicates - tombstoned
    return counts


def _skip_tombstoned(store: Store, kind: Kind, check: str, excluded: str) -> int:
    """Rows of records a retention review deleted: left out (not quarantined, which would
    keep their text) and counted, so a re-import never silently undoes a deletion."""
    key = REVIEWED_KINDS.get(kind.name)
    if key is None or not all(c in kind.field_names for c in key):
        return 0
    cols = ", ".join(key)
    rows = store.query(f"SELECT _row, {cols} FROM {check} WHERE NOT _bad AND _row NOT IN "
                       f"(SELECT _row FROM {excluded})")
    skipped = tombstoned(store, kind.name, ((r[0], r[1:]) for r in rows))
    if skipped:
        store.executemany(f"INSERT INTO {excluded} (_row, why) VALUES (?, NULL)",
                          [[row] for row in skipped])
    return len(skipped)


def _find_duplicates(store: Store, kind: Kind, check: str, excluded: str) -> int:
    """Records repeating an earlier record of the file, or a record already stored."""
    keys = key_columns(kind)
    key_hash = "hash(" + ", ".join(keys) + ")"
    partition = ", ".join(keys)
    found = 0
    hashed = f"(SELECT _row, {key_hash} AS _h FROM {check} WHERE NOT _bad)"
    candidates = (f"SELECT _row FROM {hashed} WHERE _h IN (SELECT _h FROM {hashed} "
                  f"GROUP BY _h HAVING count(*) > 1)")
    if store.scalar(f"SELECT count(*) FROM ({candidates})"):
        store.execute(
            f"INSERT INTO {excluded} (_row, why) SELECT _row, 'duplicate of row ' || _first || ' in this "
            f"file' FROM (SELECT _row, first_value(_row) OVER (PARTITION BY {partition} "
            f"ORDER BY _row) AS _first FROM {check} WHERE _row IN ({candidates})) "
            f"WHERE _row <> _first")
        found += int(store.scalar(f"SELECT count(*) FROM {excluded} WHERE why IS NOT NULL"))
    if store.count(kind.name):
        match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM c.{k}" for k in keys)
        before = int(store.scalar(f"SELECT count(*) FROM {excluded}"))
        store.execute(
            f"INSERT INTO {excluded} (_row, why) SELECT c._row, 'already in the store' FROM {check} c "
            f"WHERE NOT c._bad AND c._row NOT IN (SELECT _row FROM {excluded}) AND "
            f"{key_hash.replace('hash(', 'hash(c.').replace(', ', ', c.')} IN (SELECT "
            f"{key_hash} FROM {kind.name}) AND EXISTS (SELECT 1 FROM {kind.name} t "
            f"WHERE {match})")
        found += int(store.scalar(f"SELECT count(*) FROM {excluded}")) - before
    return found


def _quarantine(store: Store, sql: FileSql, batch_id: int, file_id: int, path: str,
                condition: str, action: str, reason: str | None = None,
                field: str | None = None) -> None:
    store.execute(
        "INSERT INTO quarantine (batch_id, file_id, kind, path, row_number, line_number, field, "
        "reason, action, raw) "
        f"SELECT ?, ?, ?, ?, i._row, NULL, {field or sql.bad_fields()}, "
        f"{reason or sql.problems()}, ?, i._raw_json FROM {sql.source(with_raw_json=True)} "
        f"WHERE {condition}", [batch_id, file_id, sql.kind.name, path, action])


def raw_json(staged: Staged) -> str:
    """JSON of the row as it was in the file, keyed by the file's own column names."""
    if not staged.columns:
        return "CAST(NULL AS JSON)"
    pairs = ", ".join(f"{sql_literal(col.label or key)}, CAST({quote_ident(col.name)} AS VARCHAR)"
                      for key, col in staged.columns.items())
    return f"json_object({pairs})"


def attrs_json(sql: FileSql) -> str:
    if not sql.extras:
        return "CAST(NULL AS JSON)"
    pairs = ", ".join(f"{sql_literal(key)}, "
                      f"CAST(i.{quote_ident(sql.staged.columns[key].name)} AS VARCHAR)"
                      for key in sql.extras)
    return f"json_object({pairs})"
