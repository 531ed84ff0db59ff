"""Reading a CSV file so that every record is accounted for: stored, or quarantined whole.

DuckDB's reader reports the records it rejects (``store_rejects``), but two of its habits
would lose data silently:

* **an unterminated quote swallows the records after it**: the reader keeps reading the
  quoted field across line ends until some later quote closes it (or the file ends), then
  rejects the whole run as one record. Here the reader's own error position (the record's
  number and byte offset in its reject table) is used to split: the faulty record is its
  first line only, that line is quarantined, the file is read again without it, and the
  lines it had swallowed come back as records of their own. Repeated until no reject
  spans lines that way (each round moves past one faulty record).
* **a rejected record's text is capped** (at 10,000 characters): the full text is read back
  from the file at the reader's offset, one record as Python's ``csv`` module delimits it, so
  the quarantine keeps it whole; such an entry says ``"recovered": true``.

Record numbers stay those of the original file: a record taken out in an earlier round
still counts, so ``_row`` and the quarantine's row numbers match the file as delivered.
"""

# ruff: noqa: S608 - SQL built from generated table names and sql_literal paths; values never enter it

from __future__ import annotations

import csv
import io
import mmap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from linewatch.ingest.cleaning import sql_literal
from linewatch.storage import Store

#: DuckDB keeps at most this many characters of a rejected record's text
READER_TEXT_CAP = 10_000
#: how far from the reader's byte offset the record's start is looked for
_NEAR = 64
_CHUNK = 1 << 20
SWALLOWED = ("unterminated quote: the record is taken to end with its first line, and the "
             "lines after it are read as records of their own")


def read_csv_records(store: Store, path: Path, encoding: str, read_options: str,
                     parquet: Path, name: str, workdir: Path) -> list[dict[str, Any]]:
    """Write the accepted records of ``path`` to ``parquet`` (with ``_row``, the record number
    among what was read) and return every rejected record, numbered as in the original file
    (``line`` = record number + 1, as DuckDB counts the header), with its full text."""
    current = path
    taken: list[dict[str, Any]] = []  # records cut out, numbered as in the original file
    rejects = _read(store, current, encoding, read_options, parquet, name)
    if rejects and encoding != "utf-8":  # byte offsets are read back in UTF-8
        current = _as_utf8(path, encoding, workdir / f"{name}.utf8.csv")
        encoding = "utf-8"
        rejects = _read(store, current, encoding, read_options, parquet, name)
    round_number = 0
    while (swallowing := next((r for r in rejects if _swallows(r)), None)) is not None:
        round_number += 1
        target = workdir / f"{name}.cut{round_number}.csv"
        with _mapped(current) as data:
            start = _record_start(data, swallowing)
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end + 1
            text = data[start:end].decode("utf-8", "replace").rstrip("\r\n")
            _write_without(data, start, end, target)
        number = _original(int(swallowing["line"]) - 1, taken)
        taken.append({**swallowing, "line": number + 1, "error_message": SWALLOWED,
                      "csv_line": text, "recovered": True})
        if current != path:
            current.unlink()
        current = target
        rejects = _read(store, current, encoding, read_options, parquet, name)
    found = []
    for reject in rejects:
        text = reject.get("csv_line") or ""
        if len(text) >= READER_TEXT_CAP or not text:
            full = _record_text(current, reject)
            if full is not None and len(full) > len(text):
                reject = {**reject, "csv_line": full, "recovered": True}
        found.append({**reject, "line": _original(int(reject["line"]) - 1, taken) + 1})
    return sorted([*found, *taken], key=lambda r: int(r["line"]))


@contextmanager
def _mapped(path: Path) -> Iterator[mmap.mmap]:
    """The file's bytes, mapped (never read into memory whole)."""
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data


def _write_without(data: mmap.mmap, start: int, end: int, target: Path) -> None:
    """``data`` minus the bytes ``[start, end)``, copied in bounded chunks."""
    with target.open("wb") as out:
        for lo, hi in ((0, start), (end, len(data))):
            for at in range(lo, hi, _CHUNK):
                out.write(data[at:min(at + _CHUNK, hi)])


def _read(store: Store, path: Path, encoding: str, read_options: str, parquet: Path,
          name: str) -> list[dict[str, Any]]:
    table = f"{name}_rejects"
    store.execute(
        f"COPY (SELECT row_number() OVER () AS _row, * FROM read_csv("
        f"{sql_literal(str(path))}, encoding = '{encoding}', {read_options}, "
        f"store_rejects = true, rejects_table = '{table}', rejects_scan = '{table}_scan')"
        f") TO {sql_literal(str(parquet))} (FORMAT parquet)")
    found = store.query_dicts(
        f"SELECT line, line_byte_position, column_name, error_type, error_message, csv_line "
        f"FROM {table} ORDER BY line")
    store.execute(f"DROP TABLE IF EXISTS {table}")
    store.execute(f"DROP TABLE IF EXISTS {table}_scan")
    return found


def _swallows(reject: dict[str, Any]) -> bool:
    """An unterminated quote whose record ran on past its own line."""
    text = str(reject.get("csv_line") or "").rstrip("\r\n")
    return str(reject.get("error_type")) == "UNQUOTED VALUE" and "\n" in text


def _original(number: int, taken: list[dict[str, Any]]) -> int:
    """A record number in the file as read now, as a number in the original file."""
    for gone in sorted(int(t["line"]) - 1 for t in taken):
        if gone <= number:
            number += 1
    return number


def _record_start(data: mmap.mmap, reject: dict[str, Any]) -> int:
    """The byte offset where the rejected record starts: at a line start, near the reader's
    offset, where the file holds the reader's copy of the record's first line."""
    offset = int(reject.get("line_byte_position") or 0)
    first = str(reject.get("csv_line") or "").split("\n", 1)[0].encode("utf-8")[:200]
    for delta in sorted(range(-_NEAR, _NEAR + 1), key=abs):
        at = offset + delta
        if 0 <= at < len(data) and (at == 0 or data[at - 1:at] == b"\n") \
                and data[at:at + len(first)] == first:
            return at
    return max(0, min(offset, len(data)))


def _record_text(path: Path, reject: dict[str, Any]) -> str | None:
    """The whole record at the reject's position, as the ``csv`` module delimits it."""
    with _mapped(path) as data:
        start = _record_start(data, reject)
    consumed: list[str] = []
    with path.open("rb") as raw:
        raw.seek(start)
        stream = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")

        def lines() -> Iterator[str]:
            for line in stream:
                consumed.append(line)
                yield line

        try:
            next(csv.reader(lines(), strict=False))
        except (csv.Error, StopIteration):
            pass
    return "".join(consumed).rstrip("\r\n") or None


def _as_utf8(path: Path, encoding: str, target: Path) -> Path:
    """A UTF-8 copy of ``path`` (read in ``encoding``), written in bounded chunks."""
    with path.open(encoding=encoding, newline="") as src, \
            target.open("w", encoding="utf-8", newline="") as out:
        for chunk in iter(lambda: src.read(1 << 20), ""):
            out.write(chunk)
    return target

