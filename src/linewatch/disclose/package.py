"""``linewatch disclose``: the package that lets anyone check and regenerate a run.

Layout of the package folder::

    manifest.json        SHA-256 of every other file, and what the package is
    runs.json            the run and the runs it read: stage, settings, input batches, code
                         version, library versions, times, summary
    environment.json     the code and library versions of the linewatch that wrote the package
    inputs.json          each input batch and its files: path, kind, SHA-256, size, rows
    inputs/<batch>-<file>-<name>   a copy of each input file still at its recorded path with
                         its recorded hash (a file that moved or changed is listed, not copied)
    outputs/<run id>/<table>.jsonl   every output row carrying the run's id
    explanations.jsonl   every explanation of those outputs, as the app shows it
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from linewatch.disclose.canonical import (
    canonical_lines,
    output_tables,
    run_rows,
    sha256_file,
    write_lines,
)
from linewatch.disclose.explanations import explanations, names_of
from linewatch.disclose.runs import run_chain
from linewatch.errors import InputError
from linewatch.storage import Store
from linewatch.storage.runs import code_version, dependency_versions

MANIFEST = "manifest.json"
FORMAT = "linewatch-disclosure/1"


def write_package(store: Store, run_id: str, out: Path) -> dict[str, Any]:
    """Write the disclosure package of ``run_id`` into the new or empty folder ``out``;
    returns the manifest."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError("the disclosure folder must be new or empty", file=str(out))
    chain = run_chain(store, run_id)
    out.mkdir(parents=True, exist_ok=True)
    _write_json(out / "runs.json", chain)
    _write_json(out / "environment.json", {"code_version": code_version(),
                                            "dependencies": dependency_versions()})
    batches = sorted({b for run in chain for b in run["input_batches"]})
    _write_json(out / "inputs.json", _inputs(store, batches, out / "inputs"))
    names = names_of(store)
    explained: list[dict[str, Any]] = []
    outputs: dict[str, dict[str, int]] = {}
    for run in chain:
        for table in output_tables():
            rows = run_rows(store, table, run["run_id"])
            if not rows:
                continue
            write_lines(out / "outputs" / run["run_id"] / f"{table}.jsonl", canonical_lines(rows))
            outputs.setdefault(run["run_id"], {})[table] = len(rows)
            explained.extend(explanations(table, rows, names))
    write_lines(out / "explanations.jsonl",
                [json.dumps(e, sort_keys=True, ensure_ascii=False) for e in explained])
    files = {p.relative_to(out).as_posix(): sha256_file(p)
             for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST}
    manifest = {"format": FORMAT, "run_id": run_id, "runs": [r["run_id"] for r in chain],
                "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "outputs": outputs, "explanations": len(explained), "sha256": files}
    _write_json(out / MANIFEST, manifest)
    return manifest


def verify_package(folder: Path) -> list[str]:
    """Files of a package whose contents no longer match the manifest (or are missing)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    problems = []
    for name, digest in manifest["sha256"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: changed since the package was written")
    return problems


def _inputs(store: Store, batches: list[int], folder: Path) -> list[dict[str, Any]]:
    found = store.query_dicts(
        "SELECT b.batch_id, b.started_at AS imported_at, b.user_name, b.mapping, "
        "b.code_version, f.file_id, f.path, f.kind, f.sha256, f.size_bytes, f.format, "
        "f.encoding, f.rows_read, f.rows_imported, f.rows_quarantined FROM import_batches b "
        "LEFT JOIN import_files f ON f.batch_id = b.batch_id "
        "WHERE list_contains(?::BIGINT[], b.batch_id) ORDER BY b.batch_id, f.file_id",
        [batches])
    for row in found:
        row["copied_as"] = _copy_input(row, folder)
    return found


def _copy_input(row: dict[str, Any], folder: Path) -> str | None:
    """Copy an input file still at its path with its recorded hash; None otherwise."""
    path = Path(str(row.get("path") or ""))
    if not row.get("sha256") or not path.is_file() or sha256_file(path) != row["sha256"]:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{row['batch_id']}-{row['file_id']}-{path.name}"
    shutil.copyfile(path, folder / name)
    return f"inputs/{name}"


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True, default=str,
                               ensure_ascii=False) + "\n", encoding="utf-8")
