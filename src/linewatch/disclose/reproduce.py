"""``linewatch reproduce``: re-run an analysis from its recorded inputs and compare.

The run's chain (:func:`linewatch.disclose.runs.run_chain`) is re-run stage by stage in a
scratch store that holds only the recorded inputs (:mod:`linewatch.disclose.records`), each
stage with its recorded settings; the case store is only read. Each reproduced output table
is compared with the recorded one row by row, with run ids and wall-clock times masked
(:mod:`linewatch.disclose.canonical`). Recorded outputs come from the case store, or from a
disclosure package when a later run has replaced them.

Records deleted under retention since the run are gone from the case store, so a re-run
cannot see them: when the run's batches have lost rows and tombstones dated after the run
record deletions, the differences are reported as expected, with the reason.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.progress import Progress

from linewatch.disclose.canonical import (
    canonical_lines,
    masked_lines,
    output_tables,
    read_lines,
    run_rows,
)
from linewatch.disclose.records import copy_batches, copy_records_as_of
from linewatch.disclose.runs import run_chain
from linewatch.storage import Store
from linewatch.storage.runs import code_version, dependency_versions

#: rows of each side shown per differing table
SAMPLE = 5
#: tables where retention deletions leave their audited trace, newest name first
TOMBSTONE_TABLES = ("retention_tombstones", "tombstones")


@dataclass
class TableDifference:
    run_id: str
    table: str
    recorded: int
    reproduced: int
    only_recorded: int
    only_reproduced: int
    sample_recorded: list[str] = field(default_factory=list)
    sample_reproduced: list[str] = field(default_factory=list)
    expected: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Reproduction:
    run_id: str
    reproduced_as: dict[str, str] = field(default_factory=dict)
    compared: dict[str, list[str]] = field(default_factory=dict)
    differences: list[TableDifference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    deleted_since: dict[str, int] = field(default_factory=dict)

    @property
    def unexpected(self) -> list[TableDifference]:
        return [d for d in self.differences if d.expected is None]

    @property
    def identical(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "identical": self.identical,
                "unexpected_differences": len(self.unexpected),
                "reproduced_as": self.reproduced_as, "compared": self.compared,
                "differences": [d.as_dict() for d in self.differences],
                "deleted_since": self.deleted_since, "notes": self.notes}


def reproduce(store: Store, run_id: str, *, package: Path | None = None,
              scratch: Path | None = None, progress: Progress | None = None) -> Reproduction:
    """Re-run ``run_id`` (and the runs it read) from the recorded inputs in a scratch store
    (a temporary folder unless ``scratch`` names one to keep) and compare the outputs."""
    from linewatch.pipeline import stage_runner

    chain = run_chain(store, run_id)
    result = Reproduction(run_id)
    result.notes.extend(_version_notes(chain))
    folder = scratch or Path(tempfile.mkdtemp(prefix="linewatch-reproduce-"))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "reproduce.duckdb"
    target.unlink(missing_ok=True)
    try:
        with Store.open(target) as copy:
            for run in chain:
                copy_batches(store, copy, run["input_batches"])
                copy_records_as_of(store, copy, run["started_at"])
                summary = stage_runner(run["stage"])(copy, params=run["params"],
                                                     progress=progress)
                result.reproduced_as[run["run_id"]] = str(summary.get("run_id"))
            for run in chain:
                _compare(store, copy, run["run_id"], result.reproduced_as[run["run_id"]],
                         package, result)
    finally:
        if scratch is None:
            shutil.rmtree(folder, ignore_errors=True)
    _explain_by_retention(store, chain, result)
    return result


def _recorded(store: Store, package: Path | None, run_id: str, table: str) -> list[str] | None:
    if package is not None:
        path = package / "outputs" / run_id / f"{table}.jsonl"
        return read_lines(path) if path.is_file() else None
    rows = run_rows(store, table, run_id)
    return canonical_lines(rows) if rows else None


def _compare(store: Store, copy: Store, run_id: str, new_id: str, package: Path | None,
             result: Reproduction) -> None:
    recorded = {t: _recorded(store, package, run_id, t) for t in output_tables()}
    if not any(recorded.values()):
        result.notes.append(
            f"{run_id}: its outputs are no longer in the store (a later run replaced them) "
            "and no disclosure package holds them; not compared (pass --package)")
        return
    compared = []
    for table in output_tables():
        before = masked_lines(recorded[table] or [])
        after = masked_lines(canonical_lines(run_rows(copy, table, new_id)))
        if not before and not after:
            continue
        compared.append(table)
        if before == after:
            continue
        gone, new = _multiset_difference(before, after)
        result.differences.append(TableDifference(
            run_id=run_id, table=table, recorded=len(before), reproduced=len(after),
            only_recorded=len(gone), only_reproduced=len(new),
            sample_recorded=gone[:SAMPLE], sample_reproduced=new[:SAMPLE]))
    result.compared[run_id] = compared


def _multiset_difference(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    from collections import Counter

    a, b = Counter(before), Counter(after)
    return sorted((a - b).elements()), sorted((b - a).elements())


def _version_notes(chain: list[dict[str, Any]]) -> list[str]:
    notes = []
    now_code, now_deps = code_version(), dependency_versions()
    for run in chain:
        if run["code_version"] != now_code:
            notes.append(f"{run['run_id']}: recorded with linewatch {run['code_version']}, "
                         f"reproduced with {now_code}")
        recorded = run.get("dependencies")
        if recorded is None:
            notes.append(f"{run['run_id']}: the run predates recorded library versions")
            continue
        changed = sorted(k for k in set(recorded) | set(now_deps)
                         if recorded.get(k) != now_deps.get(k))
        for name in changed:
            notes.append(f"{run['run_id']}: {name} {recorded.get(name)} at the run, "
                         f"{now_deps.get(name)} now")
    return notes


def deleted_rows(store: Store, batches: list[int]) -> dict[str, int]:
    """Per kind, rows the import of ``batches`` stored that the store no longer holds."""
    imported = store.query(
        "SELECT kind, sum(rows_imported) FROM import_files "
        "WHERE list_contains(?::BIGINT[], batch_id) GROUP BY kind ORDER BY kind", [batches])
    missing = {}
    for kind, count in imported:
        if not kind or not store.table_exists(str(kind)):
            continue
        held = int(store.scalar(
            f"SELECT count(*) FROM {kind} WHERE list_contains(?::BIGINT[], _batch)",  # noqa: S608 - a table the store itself named
            [batches]))
        if int(count or 0) > held:
            missing[str(kind)] = int(count or 0) - held
    return missing


def tombstones_since(store: Store, when: Any) -> int:
    """Deletions under retention recorded after ``when`` (0 when the store keeps none)."""
    for table in TOMBSTONE_TABLES:
        if store.table_exists(table):
            dated = "deleted_at" in store.columns(table)
            return int(store.scalar(
                f"SELECT count(*) FROM {table} WHERE {'deleted_at > ?' if dated else '?::TIMESTAMP IS NOT NULL'}",  # noqa: S608 - fixed names
                [when]))
    return 0


def _explain_by_retention(store: Store, chain: list[dict[str, Any]],
                          result: Reproduction) -> None:
    batches = sorted({b for run in chain for b in run["input_batches"]})
    result.deleted_since = deleted_rows(store, batches)
    if not result.deleted_since:
        return
    lost = ", ".join(f"{n} {k}" for k, n in result.deleted_since.items())
    deletions = tombstones_since(store, chain[0]["started_at"])
    if deletions:
        reason = (f"records deleted under retention since the run ({lost} rows; "
                  f"{deletions} tombstones)")
        for difference in result.differences:
            difference.expected = reason
        result.notes.append(f"expected: {reason}; a re-run cannot see deleted records")
    else:
        result.notes.append(f"rows imported for the run are missing ({lost}) and no "
                            "retention tombstone records their deletion")
