"""Reading one source file into a staging view, whatever its format and encoding.

Every format ends up as a view over Parquet with a ``_row`` column (the record number in the
file: 1 = the first record after the header), so the later passes stream over it with bounded
memory. Parquet is read where it lies; CSV is parsed by DuckDB (rejects collected) and written to
a temporary Parquet file; JSON Lines are parsed in Python in bounded chunks into one.
"""

# ruff: noqa: S608 - SQL built from the contract's field names, generated table names, quote_ident column names and sql_literal paths; record values never enter it

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from linewatch.errors import InputError
from linewatch.ingest.cleaning import SourceColumn, sql_literal
from linewatch.ingest.csv_records import read_csv_records
from linewatch.ingest.files import SourceFile, detect_encoding, read_csv_header
from linewatch.storage import Store

MAX_LINE_BYTES = 64 * 1024 * 1024
_JSON_CHUNK = 50_000


@dataclass
class Staged:
    """A staged file: relation name, its columns by lower-case name, and reader rejects."""

    relation: str
    columns: dict[str, SourceColumn]
    encoding: str | None = None
    rejects: list[dict[str, Any]] = field(default_factory=list)
    empty: bool = False
    is_view: bool = True


def stage(store: Store, source: SourceFile, name: str, workdir: Path) -> Staged:
    if source.path.stat().st_size == 0:
        return Staged(name, {}, empty=True)
    if source.format == "csv":
        return _stage_csv(store, source, name, workdir)
    if source.format == "parquet":
        return _stage_parquet(store, source, name)
    if source.format == "jsonl":
        return _stage_jsonl(store, source, name, workdir)
    return _stage_article(store, source, name)


def _columns_by_key(names: list[str], types: list[str], file: str) -> dict[str, SourceColumn]:
    columns: dict[str, SourceColumn] = {}
    for written, ctype in zip(names, types, strict=True):
        key = written.strip().lstrip("\ufeff").lower()
        if not key:
            continue
        if key in columns:
            raise InputError(f"column '{written}' appears twice in the header", file=file)
        columns[key] = SourceColumn(written, ctype, written)
    return columns


def _stage_csv(store: Store, source: SourceFile, name: str, workdir: Path) -> Staged:
    encoding = detect_encoding(source.path)
    header = read_csv_header(source.path, encoding)
    if header is None:
        return Staged(name, {}, encoding=encoding, empty=True)
    generic = [f"c{i}" for i in range(len(header))]
    spec = "{" + ", ".join(f"'{g}': 'VARCHAR'" for g in generic) + "}"
    parquet = workdir / f"{name}.parquet"
    options = (f"header = true, auto_detect = false, columns = {spec}, delim = ',', "
               f"quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
               f"max_line_size = {MAX_LINE_BYTES}")
    reject_rows = read_csv_records(store, source.path, encoding, options, parquet, name, workdir)
    reject_rows = _one_per_line(reject_rows, dict(zip(generic, header, strict=True)))
    # Reader rejects are records too: the k-th accepted record is record
    # k + #{i : r_i - i <= k} where r_0 < r_1 < ... are the rejected records' numbers.
    shifted = sorted({int(r["line"]) - 1 for r in reject_rows})
    source_sql = f"read_parquet({sql_literal(str(parquet))})"
    if shifted:
        adj = f"{name}_adj"
        store.execute(f"CREATE TEMP TABLE {adj} (a BIGINT, cnt BIGINT)")
        store.executemany(f"INSERT INTO {adj} (a, cnt) VALUES (?, ?)",
                          [(r - i, i + 1) for i, r in enumerate(shifted)])
        store.execute(
            f"CREATE TEMP VIEW {name} AS SELECT s.* REPLACE (s._row + coalesce(j.cnt, 0) "
            f"AS _row) FROM {source_sql} s ASOF LEFT JOIN (SELECT a, max(cnt) AS cnt FROM "
            f"{adj} GROUP BY a) j ON s._row >= j.a")
    else:
        store.execute(f"CREATE TEMP VIEW {name} AS SELECT * FROM {source_sql}")
    columns = _columns_by_key(header, ["VARCHAR"] * len(header), source.name)
    generic_of = dict(zip(header, generic, strict=True))
    return Staged(name, {k: SourceColumn(generic_of[v.name], "VARCHAR", v.name)
                         for k, v in columns.items()},
                  encoding=encoding, rejects=reject_rows)


def _one_per_line(rejects: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """The reader may report several errors for one record: keep one entry per record."""
    merged: dict[int, dict[str, Any]] = {}
    for reject in rejects:
        column = labels.get(str(reject.get("column_name")), reject.get("column_name"))
        line = int(reject["line"])
        if line in merged:
            entry = merged[line]
            if column and column not in (entry["column_name"] or ""):
                entry["column_name"] = f"{entry['column_name']}, {column}"
            continue
        merged[line] = {**reject, "column_name": column}
    return [merged[line] for line in sorted(merged)]


def _stage_parquet(store: Store, source: SourceFile, name: str) -> Staged:
    path = sql_literal(str(source.path))
    try:
        described = store.query(f"DESCRIBE SELECT * FROM read_parquet({path})")
    except Exception as exc:
        raise InputError(f"not a readable Parquet file ({exc})", file=source.name) from exc
    store.execute(
        f"CREATE TEMP VIEW {name} AS SELECT file_row_number + 1 AS _row, * EXCLUDE "
        f"(file_row_number) FROM read_parquet({path}, file_row_number = true)")
    columns = _columns_by_key([d[0] for d in described], [str(d[1]) for d in described],
                              source.name)
    return Staged(name, columns)


def _stage_jsonl(store: Store, source: SourceFile, name: str, workdir: Path) -> Staged:
    """Parse JSON Lines in chunks; every value becomes text, as in a CSV."""
    columns: dict[str, str] = {}
    rejects: list[dict[str, Any]] = []
    chunks: list[Path] = []
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal chunk
        if chunk:
            names = ["_row", *columns.values()]
            table = pa.table({n: pa.array([row.get(n) for row in chunk],
                                          type=pa.int64() if n == "_row" else pa.string())
                              for n in names})
            part = workdir / f"{name}-{len(chunks)}.parquet"
            pq.write_table(table, part)
            chunks.append(part)
            chunk = []

    with source.path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
                if not isinstance(value, dict):
                    raise ValueError("a line must hold one JSON object")
            except ValueError as exc:
                rejects.append({"line": number, "column_name": None, "error_type": "BAD JSON",
                                "error_message": str(exc)[:200], "csv_line": line[:100_000]})
                continue
            row: dict[str, Any] = {"_row": number}
            for key, val in value.items():
                safe = columns.setdefault(str(key).strip().lower(), f"c{len(columns)}")
                row[safe] = _as_text(val)
            chunk.append(row)
            if len(chunk) >= _JSON_CHUNK:
                flush()
    flush()
    if not chunks:
        return Staged(name, {}, rejects=rejects, empty=not rejects)
    files = ", ".join(sql_literal(str(p)) for p in chunks)
    store.execute(f"CREATE TEMP VIEW {name} AS SELECT * FROM read_parquet([{files}], "
                  f"union_by_name = true)")
    return Staged(name, {k: SourceColumn(v, "VARCHAR", k) for k, v in columns.items()},
                  rejects=rejects)


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ";".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _stage_article(store: Store, source: SourceFile, name: str) -> Staged:
    text = source.path.read_bytes().decode("utf-8-sig", errors="replace")
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    table = pa.table({"_row": [1], "article_id": [source.path.stem], "title": [title[:500]],
                      "text": [text]})
    with store.registered(f"{name}_chunk", table):
        store.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_chunk")
    return Staged(name, {"article_id": SourceColumn("article_id", "VARCHAR", "article_id"),
                         "title": SourceColumn("title", "VARCHAR", "title"),
                         "text": SourceColumn("text", "VARCHAR", "text")}, is_view=False)
