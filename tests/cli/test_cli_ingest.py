"""The ingest, status and results commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linewatch.cli.app import app

runner = CliRunner()


def write_cdr(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cdr.csv").write_text(
        "start_time,a_number,b_number,event_type\n2026-01-01T10:00:00,07700900001,"
        "07700900002,sms\n2026-01-01T10:00:00,withheld,07700900002,sms\n", encoding="utf-8")
    return folder


def test_ingest_then_status_json_has_the_contract_shape(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(write_cdr(tmp_path / "b")), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 rows imported, 1 quarantined" in result.output
    status = runner.invoke(app, ["status", "--db", str(db), "--json"])
    data = json.loads(status.stdout)
    # the input contract the store holds (a new store is migrated to version 2), not the
    # results export's own version
    assert data["contract_version"] == 2 and data["batches"] == 1
    assert data["results_contract_version"] == 1
    text = runner.invoke(app, ["status", "--db", str(db)]).stdout
    assert "input contract version 2" in text
    assert data["kinds"]["cdr"]["rows"] == 1 and data["kinds"]["cdr"]["quarantined"] == 1
    assert set(data["kinds"]) >= {"cdr", "cells", "nominals", "tips", "articles"}


def test_quarantine_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "cdr.csv").write_text("start_time,a_number,b_number,event_type\n"
                                    "2026-01-01,=cmd|' /C calc'!A0,07700900002,sms\n",
                                    encoding="utf-8")
    runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    out = tmp_path / "q.csv"
    result = runner.invoke(app, ["quarantine", "--db", str(db), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    import csv

    with out.open(encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert any("=cmd" in cell for cell in cells)  # the value is kept...
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)  # ...but never live


def test_safe_csv_cell_prefixes_formula_starts() -> None:
    from linewatch.schema.export import safe_csv_cell

    assert safe_csv_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_csv_cell("@x") == "'@x"
    assert safe_csv_cell("plain") == "plain"
    assert safe_csv_cell(5) == 5


def test_safe_csv_cell_looks_past_leading_whitespace_and_full_width_signs() -> None:
    from itertools import product

    from linewatch.schema.export import safe_csv_cell

    leads = ["", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2003", "\u200b",
             "\ufeff", " \u00a0\n"]
    signs = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66"]
    for lead, sign in product(leads, signs):
        value = f"{lead}{sign}HYPERLINK(\"x\")"
        assert safe_csv_cell(value) == "'" + value, repr(value)
    for lead in leads:
        harmless = f"{lead}12 Oak Road"
        expected = "'" + harmless if harmless[:1] in ("\t", "\r", "\n") else harmless
        assert safe_csv_cell(harmless) == expected, repr(harmless)
    assert safe_csv_cell("a=b") == "a=b"
    assert safe_csv_cell("") == ""


def test_results_on_an_unanalysed_store_are_empty_lists(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(write_cdr(tmp_path / "b")), "--db", str(db)])
    result = runner.invoke(app, ["results", "--db", str(db), "--json"])
    data = json.loads(result.stdout)
    assert data["contract_version"] == 1
    for key in ("lines", "persons", "phones", "addresses", "targets", "safeguarding"):
        assert data[key] == []


def test_missing_required_column_exits_with_one_clear_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "cdr.csv").write_text("start_time,a_number\n2026-01-01,07700900001\n",
                                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "linewatch.cli.app", "ingest", str(folder),
                           "--db", str(tmp_path / "s.duckdb")], capture_output=True, text=True)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "b_number" in lines[0] and "cdr.csv" in lines[0]


def test_flags_lists_values_kept_as_written(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "nominals.csv").write_text(
        "source_system,record_id,nhs_number\nrms,P1,123-45-6789\nrms,P2,943 476 5919\n",
        encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "b"), "--db", str(db)])
    assert result.exit_code == 0 and "1 values kept as written and flagged" in result.output
    listed = json.loads(runner.invoke(app, ["flags", "--db", str(db), "--json"]).stdout)
    assert [(r["row_number"], r["value"]) for r in listed] == [(1, "123-45-6789")]
    status = json.loads(runner.invoke(app, ["status", "--db", str(db), "--json"]).stdout)
    assert status["kinds"]["nominals"]["values_flagged"] == 1


def test_a_store_without_the_v2_tables_holds_contract_version_1(tmp_path: Path) -> None:
    from linewatch.ingest.status import held_contract_version
    from linewatch.storage import Store

    with Store.open(tmp_path / "s.duckdb") as store:
        assert held_contract_version(store) == 2
        store.execute("DROP TABLE relationships")
        assert held_contract_version(store) == 1
