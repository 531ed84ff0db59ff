"""Column mappings: two worked examples shipped in examples/mappings, and their errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from linewatch.errors import InputError
from linewatch.ingest import ingest_paths, load_mapping
from linewatch.storage import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mappings"


def test_operator_cdr_export_maps_onto_cdr(memory_store: Store) -> None:
    report = ingest_paths(memory_store, [EXAMPLES / "operator-cdr" / "cdr_export.csv"],
                          mapping=EXAMPLES / "operator-cdr.yaml")
    rows = memory_store.query_dicts(
        "SELECT event_id, start_time, a_number, event_type, duration_s, a_imei, attrs "
        "FROM cdr ORDER BY event_id")
    assert [r["event_id"] for r in rows] == ["OP-0001", "OP-0002"]
    # 21:14:05 on 3 Feb is GMT, so UTC is the same wall time
    assert rows[0]["start_time"] == dt.datetime(2026, 2, 3, 21, 14, 5)
    assert rows[0]["a_number"] == "+447700900101"
    assert [r["event_type"] for r in rows] == ["sms", "voice"]
    assert rows[1]["duration_s"] == 94
    assert '"billing code":"B1"' in rows[0]["attrs"]
    assert report.rows_quarantined == 1  # 30/02/2026 does not exist
    reason = memory_store.scalar("SELECT reason FROM quarantine")
    assert "%d/%m/%Y" in reason


def test_custody_export_maps_onto_nominals(memory_store: Store) -> None:
    ingest_paths(memory_store, [EXAMPLES / "custody-export" / "nominals_export.csv"],
                 mapping=EXAMPLES / "custody-export.yaml")
    rows = memory_store.query_dicts(
        "SELECT record_id, dob, sex, postcode, phone, flags FROM nominals ORDER BY record_id")
    assert rows[0]["dob"] == dt.date(2006, 4, 3)
    assert [r["sex"] for r in rows] == ["M", "F"]
    assert rows[0]["postcode"] == "ME4 4QU"
    assert rows[0]["phone"] == ["+447700900202"]
    assert rows[1]["flags"] == ["vulnerable_adult", "substance_misuse"]


def test_mapping_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("kind: cdr\ncolumns:\n  caller: A\n", encoding="utf-8")
    with pytest.raises(InputError, match="'caller' is not a field of kind 'cdr'"):
        load_mapping(path)


def test_mapping_to_a_missing_source_column_refuses_the_file(memory_store: Store,
                                                             tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("kind: cdr\ncolumns:\n  a_number: Caller\n", encoding="utf-8")
    data = tmp_path / "calls.csv"
    data.write_text("start_time,b_number,event_type\n2026-01-01,07700900001,sms\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="a_number \\(mapped from 'Caller'\\)"):
        ingest_paths(memory_store, [data], mapping=mapping)
