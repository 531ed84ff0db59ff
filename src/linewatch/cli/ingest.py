"""``linewatch ingest``, ``status`` and ``quarantine``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from linewatch.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    open_store,
    out,
    print_json,
    progress_bar,
)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Bundle folders or files to import.")],
    db: DbOption = DEFAULT_DB_PATH,
    kind: Annotated[str | None, typer.Option("--kind", help="Kind of every file given "
                                             "(otherwise told from file names).")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="YAML column mapping for "
                                                 "another layout.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Import files or bundles, all or nothing; bad rows go to quarantine with the reason."""
    from linewatch.ingest import describe, ingest_paths
    from linewatch.pipeline import deliver_alerts, raise_alerts

    with open_store(db) as store, progress_bar() as progress:
        report = ingest_paths(store, paths, kind=kind, mapping=mapping, progress=progress)
        if report.batch_id:
            with store.transaction():
                raised = raise_alerts(store, batch_id=report.batch_id)
            deliver_alerts(store)
            if raised["raised"] and not as_json:
                out.print(f"{raised['raised']} alert(s) raised for watched subjects")
    if as_json:
        print_json(describe(report))
        return
    table = Table("file", "kind", "read", "imported", "quarantined", "duplicates", "note")
    for f in report.files:
        notes = [f"{f.values_rejected} rows had bad values dropped" if f.values_rejected else "",
                 f"{f.values_flagged} values kept as written, flagged" if f.values_flagged
                 else "", f"{f.rows_filtered} rows left out by the mapping's filters"
                 if f.rows_filtered else "", f"{f.rows_tombstoned} rows of records deleted "
                 "under retention review left out" if f.rows_tombstoned else ""]
        table.add_row(f.path, f.kind, str(f.rows_read), str(f.rows_imported),
                      str(f.rows_quarantined), str(f.rows_duplicate),
                      f.skipped or "; ".join(n for n in notes if n))
    out.print(table)
    batch = f"batch {report.batch_id}" if report.batch_id else "nothing new"
    out.print(f"{batch}: {report.rows_imported} rows imported, {report.rows_quarantined} "
              f"quarantined, {report.rows_duplicate} duplicates "
              "(see 'linewatch quarantine').")
    if report.rows_tombstoned:
        out.print(f"{report.rows_tombstoned} rows were records deleted under retention review: "
                  "left out (see 'linewatch retention tombstones').")
    flagged = sum(f.values_flagged for f in report.files)
    if flagged:
        out.print(f"{flagged} values kept as written and flagged (see 'linewatch flags').")


def status(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Counts per kind, quarantine counts and import batches."""
    from linewatch.ingest.status import store_status

    with open_store(db) as store:
        info = store_status(store)
    if as_json:
        print_json(info)
        return
    table = Table("kind", "rows", "quarantined")
    for name, counts in info["kinds"].items():
        table.add_row(name, str(counts["rows"]), str(counts["quarantined"]))
    out.print(table)
    out.print(f"{info['batches']} import batches; schema version {info['schema_version']}; "
              f"input contract version {info['contract_version']}")


def quarantine(
    db: DbOption = DEFAULT_DB_PATH,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write every matching row to "
                                                 "this CSV file ('-' for stdout).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Rows set aside at import: file, row, field, reason and the original values."""
    sql = ("SELECT batch_id, kind, path, row_number, line_number, field, reason, action, raw "
           "FROM quarantine WHERE (? IS NULL OR kind = ?) ORDER BY batch_id, path, row_number")
    with open_store(db) as store:
        rows = store.query_dicts(sql + ("" if csv_out else " LIMIT ?"),
                                 [kind, kind] + ([] if csv_out else [limit]))
    if csv_out is not None:
        from linewatch.schema.export import safe_csv_cell

        handle = sys.stdout if str(csv_out) == "-" else csv_out.open("w", newline="",
                                                                    encoding="utf-8")
        writer = csv.writer(handle)
        writer.writerow(list(rows[0]) if rows else ["batch_id", "kind", "path", "row_number"])
        for row in rows:
            writer.writerow([safe_csv_cell(v) for v in row.values()])
        if handle is not sys.stdout:
            handle.close()
        return
    if as_json:
        print_json(rows)
        return
    table = Table("batch", "kind", "file", "row", "field", "reason", "action")
    for r in rows:
        table.add_row(str(r["batch_id"]), r["kind"], r["path"], str(r["row_number"]),
                      r["field"] or "", r["reason"] or "", r["action"])
    out.print(table)


def flags(
    db: DbOption = DEFAULT_DB_PATH,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Values kept as written but flagged at import (odd phone layouts, identifiers)."""
    with open_store(db) as store:
        rows = store.query_dicts(
            "SELECT batch_id, kind, path, row_number, field, value, reason FROM ingest_flags "
            "WHERE (? IS NULL OR kind = ?) ORDER BY batch_id, path, row_number, field LIMIT ?",
            [kind, kind, limit])
    if as_json:
        print_json(rows)
        return
    table = Table("batch", "kind", "file", "row", "field", "value", "reason")
    for r in rows:
        table.add_row(str(r["batch_id"]), r["kind"], r["path"], str(r["row_number"]),
                      r["field"], r["value"], r["reason"])
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(status)
    app.command()(quarantine)
    app.command()(flags)
