"""Outputs written the same way every time: one JSON line per row, keys sorted, lines sorted,
so two runs over the same inputs give byte-identical files; and the masks that take run ids
and wall-clock times out of a comparison."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from linewatch.storage import Store, check_identifier

#: a run id as ``storage.runs.start_run`` makes them (stage, UTC start, random suffix)
RUN_ID = re.compile(r"\b[a-z]+-\d{8}T\d{6}-[0-9a-f]{6}\b")
RUN_MASK = "<run_id>"
#: output columns that hold the time a row was written rather than a fact of the data (none of
#: the current outputs has one; a stage that adds one lists it here so comparisons mask it)
WALL_CLOCK_COLUMNS = frozenset({"created_at", "updated_at", "computed_at", "generated_at"})
TIME_MASK = "<time>"


@lru_cache(maxsize=1)
def output_tables() -> dict[str, tuple[str, ...]]:
    """Every stage's declared output tables and their columns."""
    from linewatch.detect.tables import OUTPUT_COLUMNS as detect
    from linewatch.people.output import OUTPUT_COLUMNS as people
    from linewatch.resolve.outputs import OUTPUT_COLUMNS as resolve
    from linewatch.text.intake import OUTPUT_COLUMNS as text

    return {**resolve, **text, **detect, **people}


def run_rows(store: Store, table: str, run_id: str) -> list[dict[str, Any]]:
    """The rows of output ``table`` that carry ``run_id`` (none if the table is absent)."""
    if not store.table_exists(table) or "run_id" not in store.columns(table):
        return []
    data = store.query_arrow(f"SELECT * FROM {check_identifier(table)} WHERE run_id = ?",  # noqa: S608 - checked identifier
                             [run_id])
    return data.to_pylist()


def row_line(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)


def canonical_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Rows as sorted JSON lines (the order a stage wrote them in carries no meaning)."""
    return sorted(row_line(r) for r in rows)


def masked(line: str) -> str:
    """One canonical line with its run ids and wall-clock times replaced by placeholders."""
    row = json.loads(line)
    for key in row:
        if key in WALL_CLOCK_COLUMNS and row[key] is not None:
            row[key] = TIME_MASK
    return RUN_ID.sub(RUN_MASK, row_line(row))


def masked_lines(lines: list[str]) -> list[str]:
    return sorted(masked(line) for line in lines)


def write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for line in lines:
            out.write(line + "\n")


def read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
