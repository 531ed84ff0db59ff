"""Applying a version 2 mapping document: joins, filters, constants, computed values.

A document's file is read row by row; the files it joins are read once and looked up by key.
Each row that passes the filters becomes one record of the kind, its fields computed by the
document, and the result is staged as a Parquet file whose ``_row`` is the record's number in
the source file, so quarantine and provenance still point at the source row. Cleaning (types,
formats, quarantine, duplicates) then happens in SQL exactly as for any file.
"""

# ruff: noqa: S608 - SQL names generated tables and sql_literal paths; values never enter it

from __future__ import annotations

import csv
import fnmatch
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from linewatch.errors import InputError
from linewatch.ingest.cleaning import SourceColumn, sql_literal
from linewatch.ingest.files import detect_encoding, sha256_of
from linewatch.ingest.mapping import OTHERWISE, Condition, Mapping, template_parts
from linewatch.ingest.staging import Staged
from linewatch.schema.contract import Kind
from linewatch.storage import Store

_ENCODINGS = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "latin-1": "latin-1"}
_NUMBER_JUNK = re.compile(r"[^\d.\-]")

Row = dict[str, str | None]


@dataclass
class Table:
    """One source file read whole: column labels as written, rows keyed by lower-case name."""

    path: Path
    labels: dict[str, str]
    rows: list[Row]
    digest: str
    index: dict[str, dict[str, list[Row]]] = field(default_factory=dict)

    def lookup(self, column: str, key: str) -> list[Row]:
        if column not in self.index:
            built: dict[str, list[Row]] = {}
            for row in self.rows:
                value = row.get(column)
                if value:
                    built.setdefault(value, []).append(row)
            self.index[column] = built
        return self.index[column].get(key, [])


@dataclass
class Prepared:
    """A document applied to one file, staged and ready for the SQL cleaning."""

    path: Path
    staged: Staged
    digest: str
    residual: Mapping
    rows_filtered: int


def read_table(path: Path, cache: dict[Path, Table]) -> Table:
    if path in cache:
        return cache[path]
    if path.suffix.lower() in (".parquet", ".pq"):
        data = pq.read_table(path)
        labels = {name.strip().lower(): name for name in data.column_names}
        rows = [{k.strip().lower(): (None if v is None else str(v)) for k, v in r.items()}
                for r in data.to_pylist()]
    else:
        encoding = _ENCODINGS[detect_encoding(path)]
        with path.open("r", encoding=encoding, newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            keys = [h.strip().lower() for h in header]
            labels = {k: h.strip() for k, h in zip(keys, header, strict=True)}
            rows = [{k: (v if v.strip() else None) for k, v in zip(keys, values, strict=False)}
                    for values in reader]
    cache[path] = Table(path, labels, rows, sha256_of(path))
    return cache[path]


def find_files(doc: Mapping, paths: list[Path]) -> list[Path]:
    """The files a document's ``file`` pattern names, searched in the folders given."""
    if doc.file is None:
        raise InputError("the document names no 'file'", file=doc.source)
    found: list[Path] = []
    for base in paths:
        if base.is_dir():
            found += sorted(p for p in base.glob(doc.file) if p.is_file())
        elif fnmatch.fnmatch(base.name, Path(doc.file).name):
            found.append(base)
    if not found:
        raise InputError(f"no file matches '{doc.file}' in {', '.join(map(str, paths))}",
                         file=doc.where_is("file"), field="file")
    return found


def prepare(store: Store, doc: Mapping, path: Path, name: str, workdir: Path,
            cache: dict[Path, Table]) -> Prepared:
    """Apply ``doc`` to the file at ``path`` and stage the records as ``name``."""
    if doc.kind is None:
        raise InputError("a document that names a 'file' needs its 'kind'", file=doc.source)
    main = read_table(path, cache)
    joined = [(join, read_table(_beside(path, join.file, doc), cache)) for join in doc.joins]
    refs = _referenced(doc)
    _check_columns(doc, main, joined, refs)
    fields = _field_sources(doc, doc.kind, main)
    extras = [k for k in main.labels if k not in refs and k not in fields]
    out: dict[str, list[Any]] = {"_row": []}
    for name_ in [*doc.kind.field_names, *extras]:
        out[name_] = []
    filtered = 0
    for number, row in enumerate(main.rows, start=1):
        context = dict(row)
        for join, table in joined:
            _join_into(context, join.on, join.alias, join.many, table)
        if not all(_passes(cond, context) for cond in doc.where):
            filtered += 1
            continue
        out["_row"].append(number)
        for fld in doc.kind.field_names:
            out[fld].append(_value(doc, fld, fields, context))
        for extra in extras:
            out[extra].append(row.get(extra))
    parquet = workdir / f"{name}.parquet"
    generic = {key: f"c{i}" for i, key in enumerate(out) if key != "_row"}
    pq.write_table(pa.table({"_row": pa.array(out["_row"], type=pa.int64()),
                             **{generic[k]: pa.array(v, type=pa.string())
                                for k, v in out.items() if k != "_row"}}), parquet)
    store.execute(f"CREATE TEMP VIEW {name} AS SELECT * FROM read_parquet("
                  f"{sql_literal(str(parquet))})")
    columns = {k: SourceColumn(g, "VARCHAR", main.labels.get(k, k)) for k, g in generic.items()}
    digest = hashlib.sha256("\n".join([main.digest, doc.text, *(t.digest for _, t in joined)])
                            .encode("utf-8")).hexdigest()
    residual = Mapping(kind=doc.kind, formats=doc.formats, source=doc.source)
    return Prepared(path, Staged(name, columns, encoding="utf-8", empty=not out["_row"]),
                    digest, residual, filtered)


def _beside(path: Path, file: str, doc: Mapping) -> Path:
    candidate = path.parent / file
    if not candidate.is_file():
        raise InputError(f"join file '{file}' not found beside {path.name}",
                         file=doc.where_is("join"), field="join")
    return candidate


def _join_into(context: Row, on: tuple[str, str], alias: str, many: str, table: Table) -> None:
    left, right = on
    key = _column(context, left)
    matches = table.lookup(right.lower(), key) if key else []
    for column in table.labels:
        name = f"{alias}.{column}".lower()
        if many == "all":
            found = [m.get(column) for m in matches if m.get(column)]
            context[name] = ";".join(v for v in found if v) if found else None
        else:
            context[name] = matches[0].get(column) if matches else None


def _column(context: Row, name: str) -> str | None:
    value = context.get(name.lower())
    return value.strip() if value and value.strip() else None


def _passes(cond: Condition, context: Row) -> bool:
    value = _column(context, cond.column)
    test, wanted = cond.test, cond.value
    if test in ("present", "absent"):
        wanted_flag = str(wanted).strip().lower() in ("true", "yes", "1")
        return (value is not None) == (wanted_flag if test == "present" else not wanted_flag)
    if test == "equals":
        return value == str(wanted)
    if test == "not_equals":
        return value != str(wanted)
    if test == "in":
        return value in [str(w) for w in wanted]
    if test == "not_in":
        return value not in [str(w) for w in wanted]
    return value is not None and re.search(str(wanted), value) is not None


def _field_sources(doc: Mapping, kind: Kind, main: Table) -> dict[str, Any]:
    """Where each field's value comes from: a constant, an expression, or a column."""
    sources: dict[str, Any] = {}
    for fld in kind.field_names:
        if fld in doc.constants:
            sources[fld] = {"const": doc.constants[fld]}
        elif fld in doc.computed:
            sources[fld] = doc.computed[fld]
        elif fld in doc.columns:
            sources[fld] = doc.columns[fld]
        elif fld in main.labels:
            sources[fld] = fld
    return sources


def _value(doc: Mapping, fld: str, sources: dict[str, Any], context: Row) -> str | None:
    value = evaluate(sources[fld], context) if fld in sources else None
    table = doc.values.get(fld)
    if table and value is not None:
        value = table.get(value, table.get(OTHERWISE, value))
    if value is None and fld in doc.defaults:
        value = doc.defaults[fld]
    return value


def evaluate(expression: Any, context: Row) -> str | None:
    """The value of a column reference, a template or a function over one row."""
    if isinstance(expression, str):
        if "{" in expression:
            pieces = [(_column(context, part) or "") if is_col else part
                      for part, is_col in template_parts(expression)]
            joined = "".join(pieces).strip()
            return joined or None
        return _column(context, expression)
    if not isinstance(expression, dict):
        return None if expression is None else str(expression)
    if "const" in expression:
        return None if expression["const"] is None else str(expression["const"])
    if "column" in expression:
        return _column(context, str(expression["column"]))
    if "template" in expression:
        return evaluate(str(expression["template"]), context)
    if "concat" in expression:
        parts = [evaluate(p, context) for p in expression["concat"]]
        return str(expression.get("sep", "")).join(p for p in parts if p) or None
    if "first" in expression:
        return next((v for v in (evaluate(p, context) for p in expression["first"]) if v), None)
    if "split" in expression:
        whole = evaluate(expression["split"], context)
        if whole is None:
            return None
        pieces = whole.split(str(expression["sep"]))
        index = int(expression.get("index", 0))
        if not -len(pieces) <= index < len(pieces):
            return None
        return pieces[index].strip() or None
    if "number" in expression:
        text = evaluate(expression["number"], context)
        cleaned = _NUMBER_JUNK.sub("", text or "")
        return cleaned if re.search(r"\d", cleaned) else None
    text = evaluate(expression.get("lower", expression.get("upper")), context)
    if text is None:
        return None
    return text.lower() if "lower" in expression else text.upper()


def _referenced(doc: Mapping) -> set[str]:
    """Lower-case source columns the document reads (joined ones as ``alias.column``)."""
    found: set[str] = {c.column.lower() for c in doc.where}
    found |= {j.on[0].lower() for j in doc.joins}

    def walk(expression: Any) -> None:
        if isinstance(expression, str):
            if "{" in expression:
                found.update(p.lower() for p, is_col in template_parts(expression) if is_col)
            else:
                found.add(expression.lower())
        elif isinstance(expression, dict):
            for key, value in expression.items():
                if key in ("sep", "index", "const"):
                    continue
                for item in value if isinstance(value, list) else [value]:
                    walk(item)

    for expression in [*doc.columns.values(), *doc.computed.values()]:
        walk(expression)
    return found


def _check_columns(doc: Mapping, main: Table, joined: list[tuple[Any, Table]],
                   refs: set[str]) -> None:
    known = set(main.labels)
    for join, table in joined:
        known |= {f"{join.alias}.{c}".lower() for c in table.labels}
        if join.on[1].lower() not in table.labels:
            raise InputError(f"join column '{join.on[1]}' is not in {table.path.name}",
                             file=doc.where_is("join"), field="join")
    for ref in sorted(refs - known):
        key = _key_of(doc, ref)
        raise InputError(f"column '{ref}' is not in {main.path.name} or a joined file",
                         file=doc.where_is(key), field=key)


def _key_of(doc: Mapping, ref: str) -> str:
    """The mapping key whose expression names ``ref`` (for the error message)."""
    for name, expression in [*doc.columns.items(), *doc.computed.items()]:
        if ref in str(expression).lower():
            for written in doc.lines:
                if written.lower() == f"columns.{name}":
                    return written
            return f"columns.{name}"
    return "where" if any(c.column.lower() == ref for c in doc.where) else "join"
