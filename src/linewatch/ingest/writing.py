"""Writing a cleaned file into its kind's table: rejects, duplicates, provenance, quarantine.

* Reader rejects (malformed CSV records, bad JSON lines) are quarantined as they were read.
* For machine-made kinds (``cdr``, ``cells``, ``anpr``) any bad value quarantines the row:
  evidence is kept whole or not at all. For records typed by people (nominals, events, ...),
  only a bad *required* value quarantines the row; a bad optional value is dropped from the
  row, and the row is noted in quarantine with action ``value_rejected`` and the original text.
* Duplicates (by the kind's key) within the file or already in the store are quarantined with
  action ``duplicate``; nothing is silently dropped.
"""

from __future__ import annotations

import json

from linewatch.ingest.cleaning import FieldSql, quote_ident, sql_literal
from linewatch.ingest.files import SourceFile
from linewatch.ingest.staging import Staged
from linewatch.schema.contract import KEEPS_RAW, Kind
from linewatch.storage import Store

#: kinds whose rows have extra whole-row rules: (condition for a bad row, field, reason)
ROW_RULES: dict[str, list[tuple[str, str, str]]] = {
    "intel": [("handling_code = 'C' AND handling_conditions IS NULL", "handling_conditions",
               "handling_conditions: required when handling_code is C")],
}


def _key_columns(kind: Kind) -> list[str]:
    if kind.name == "cdr":
        return ["event_id", "start_time", "a_number", "b_number", "event_type", "duration_s"]
    return list(kind.key)


def write_file(store: Store, source: SourceFile, staged: Staged, plans: list[FieldSql],
               clean: str | None, batch_id: int, file_id: int, report: object,
               strict: bool) -> None:
    kind = source.kind
    path = str(source.path)
    for reject in staged.rejects:
        store.execute(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'row_quarantined', ?)",
            [batch_id, file_id, kind.name, path, int(reject["line"]) - 1, int(reject["line"]),
             reject.get("column_name"),
             f"{reject.get('error_type')}: {reject.get('error_message')}",
             json.dumps({"line": reject.get("csv_line")}, ensure_ascii=False)])
    rejects = len(staged.rejects)
    setattr(report, "rows_quarantined", rejects)
    if clean is None:
        setattr(report, "rows_read", rejects)
        return
    errors = [f"{p.field.name}__err" for p in plans]
    hard = plans if strict else [p for p in plans if p.field.required]
    rules = ROW_RULES.get(kind.name, [])
    reject_terms = [f"{p.field.name}__err IS NOT NULL" for p in hard] + [
        f"({cond})" for cond, _, _ in rules]
    bad_row = " OR ".join(reject_terms) or "false"
    problems = "concat_ws('; ', " + ", ".join(errors + [
        f"CASE WHEN {cond} THEN {sql_literal(reason)} END" for cond, _, reason in rules]) + ")"
    fields = "concat_ws(', ', " + ", ".join(
        [f"CASE WHEN {p.field.name}__err IS NOT NULL THEN '{p.field.name}' END" for p in plans]
        + [f"CASE WHEN {cond} THEN {sql_literal(f)} END" for cond, f, _ in rules]) + ")"
    any_error = " OR ".join(f"{e} IS NOT NULL" for e in errors) or "false"
    raw_json = _raw_json(staged)

    def quarantine(condition: str, action: str, reason: str = problems,
                   field: str = fields) -> int:
        before = store.count("quarantine")
        store.execute(
            f"INSERT INTO quarantine SELECT ?, ?, ?, ?, c._row, NULL, {field}, {reason}, ?, "
            f"{raw_json} FROM {clean} c JOIN {staged.relation} s ON s._row = c._row "
            f"WHERE {condition}", [batch_id, file_id, kind.name, path, action])
        return store.count("quarantine") - before

    total = int(store.scalar(f"SELECT count(*) FROM {clean}"))
    rejected = quarantine(f"({bad_row})", "row_quarantined")
    values_rejected = quarantine(f"NOT ({bad_row}) AND ({any_error})", "value_rejected")

    keys = _key_columns(kind)
    partition = ", ".join(keys)
    dups = f"{clean}_dups"
    store.execute(
        f"CREATE TEMP TABLE {dups} AS SELECT _row, _first, 'duplicate of row ' || _first || "
        f"' in this file' AS why FROM (SELECT _row, first_value(_row) OVER (PARTITION BY "
        f"{partition} ORDER BY _row) AS _first FROM {clean} WHERE NOT ({bad_row})) "
        f"WHERE _row <> _first")
    if store.count(kind.name):
        match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM c.{k}" for k in keys)
        store.execute(
            f"INSERT INTO {dups} SELECT c._row, NULL, 'already in the store' FROM {clean} c "
            f"WHERE NOT ({bad_row}) AND EXISTS (SELECT 1 FROM {kind.name} t WHERE {match}) "
            f"AND c._row NOT IN (SELECT _row FROM {dups})")
    duplicates = quarantine(f"c._row IN (SELECT _row FROM {dups})", "duplicate",
                            reason=f"(SELECT why FROM {dups} d WHERE d._row = c._row)",
                            field=sql_literal(", ".join(keys)))

    columns, values = [], []
    for plan in plans:
        name = plan.field.name
        columns.append(name)
        keep_partial = plan.field.type == "phone_list"
        values.append(name if keep_partial else f"CASE WHEN {name}__err IS NULL THEN {name} END")
        if plan.field.type in KEEPS_RAW:
            columns.append(f"{name}_raw")
            values.append(f"{name}__raw")
    columns += ["attrs", "_batch", "_file", "_row"]
    values += ["attrs", str(batch_id), str(file_id), "_row"]
    store.execute(
        f"INSERT INTO {kind.name} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {clean} WHERE NOT ({bad_row}) AND _row NOT IN (SELECT _row FROM {dups})")
    store.execute(f"DROP TABLE {dups}")
    setattr(report, "rows_read", total + rejects)
    setattr(report, "rows_quarantined", rejects + rejected)
    setattr(report, "rows_duplicate", duplicates)
    setattr(report, "values_rejected", values_rejected)
    setattr(report, "rows_imported", total - rejected - duplicates)


def _raw_json(staged: Staged) -> str:
    """JSON of the row as it was in the file, keyed by the file's own column names."""
    if not staged.columns:
        return "NULL"
    pairs = ", ".join(f"{sql_literal(col.label or key)}, "
                      f"CAST(s.{quote_ident(col.name)} AS VARCHAR)"
                      for key, col in staged.columns.items())
    return f"json_object({pairs})"
