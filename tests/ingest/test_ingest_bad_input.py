"""Bad input gets a clear error naming file, row and field, and loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linewatch.errors import InputError
from linewatch.ingest import ingest_paths
from linewatch.storage import Store

HEADER = "event_id,start_time,a_number,b_number,event_type,duration_s\n"
GOOD = "E{n},2026-03-01T09:00:{n:02d},07700900001,07700900002,sms,\n"


def cdr(tmp_path: Path, body: str, name: str = "cdr.csv", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def quarantine(store: Store) -> list[dict[str, object]]:
    return store.query_dicts("SELECT row_number, line_number, field, reason, action, raw "
                             "FROM quarantine ORDER BY row_number")


def test_unbalanced_quote_is_quarantined_with_its_text(memory_store: Store,
                                                       tmp_path: Path) -> None:
    body = GOOD.format(n=1) + 'E2,"2026-03-01T09:00:02,07700900001,07700900002,sms,\n'
    report = ingest_paths(memory_store, [cdr(tmp_path, body)])
    assert memory_store.count("cdr") == 1
    rows = quarantine(memory_store)
    assert report.rows_quarantined == 1
    assert "quote" in str(rows[0]["reason"]).lower()
    assert "E2" in str(rows[0]["raw"])  # the text is kept, nothing lost


def test_short_and_long_rows_are_quarantined_by_row(memory_store: Store,
                                                    tmp_path: Path) -> None:
    body = (GOOD.format(n=1) + "E2,2026-03-01T09:00:02,07700900001\n" + GOOD.format(n=3)
            + "E4,2026-03-01T09:00:04,07700900001,07700900002,sms,,extra\n" + GOOD.format(n=5))
    ingest_paths(memory_store, [cdr(tmp_path, body)])
    assert sorted(r[0] for r in memory_store.query("SELECT _row FROM cdr")) == [1, 3, 5]
    rows = quarantine(memory_store)
    assert [r["row_number"] for r in rows] == [2, 4]
    assert "MISSING COLUMNS" in str(rows[0]["reason"])
    assert "TOO MANY COLUMNS" in str(rows[1]["reason"])


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_other_encodings_are_read(memory_store: Store, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "nominals.csv"
    path.write_bytes("source_system,record_id,surname,forenames\nrms,R1,Brontë,Zoë\n"
                     .encode(encoding))
    ingest_paths(memory_store, [path])
    assert memory_store.query("SELECT surname, forenames FROM nominals") == [("Brontë", "Zoë")]
    assert memory_store.scalar("SELECT encoding FROM import_files") == encoding


def test_utf8_bom_is_allowed(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cdr.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD.format(n=1)).encode())
    ingest_paths(memory_store, [path])
    assert memory_store.count("cdr") == 1


def test_empty_file_imports_nothing_and_says_so(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cdr.csv"
    path.write_bytes(b"")
    report = ingest_paths(memory_store, [path])
    assert report.files[0].skipped and "empty" in report.files[0].skipped
    assert memory_store.count("cdr") == 0


def test_header_only_file_imports_zero_rows(memory_store: Store, tmp_path: Path) -> None:
    report = ingest_paths(memory_store, [cdr(tmp_path, "")])
    assert report.files[0].rows_read == 0 and report.files[0].skipped is None
    assert memory_store.count("cdr") == 0


def test_unknown_columns_are_kept_as_attributes(memory_store: Store, tmp_path: Path) -> None:
    path = cdr(tmp_path, GOOD.format(n=1).rstrip("\n") + ",Tower 7,xyz\n",
               header=HEADER.rstrip("\n") + ",Site Name,Operator Ref\n")
    ingest_paths(memory_store, [path])
    attrs = json.loads(memory_store.scalar("SELECT attrs FROM cdr"))
    assert attrs == {"site name": "Tower 7", "operator ref": "xyz"}


def test_missing_required_column_refuses_the_whole_file(memory_store: Store,
                                                        tmp_path: Path) -> None:
    good = tmp_path / "ok"
    good.mkdir()
    cdr(good, GOOD.format(n=1))
    bad = cdr(tmp_path, "E1,2026-03-01T09:00:00,07700900001,sms\n", name="cdr_bad.csv",
              header="event_id,start_time,a_number,event_type\n")
    with pytest.raises(InputError) as err:
        ingest_paths(memory_store, [good / "cdr.csv", bad])
    assert "b_number" in str(err.value) and "cdr_bad.csv" in str(err.value)
    assert memory_store.count("cdr") == 0  # the good file of the same import is rolled back
    assert memory_store.count("import_batches") == 0


def test_impossible_dates_name_row_and_field(memory_store: Store, tmp_path: Path) -> None:
    body = "E1,2026-02-30T09:00:00,07700900001,07700900002,sms,\n" + GOOD.format(n=2)
    ingest_paths(memory_store, [cdr(tmp_path, body)])
    row = quarantine(memory_store)[0]
    assert row["row_number"] == 1 and row["field"] == "start_time"
    assert "2026-02-30" in str(row["reason"])


def test_phone_numbers_that_are_not_numbers(memory_store: Store, tmp_path: Path) -> None:
    body = ("E1,2026-03-01T09:00:00,withheld,07700900002,sms,\n"
            "E2,2026-03-01T09:00:00,07700900001,call me,sms,\n" + GOOD.format(n=3))
    ingest_paths(memory_store, [cdr(tmp_path, body)])
    rows = quarantine(memory_store)
    assert [(r["row_number"], r["field"]) for r in rows] == [(1, "a_number"), (2, "b_number")]
    assert "withheld" in str(rows[0]["reason"])
    assert memory_store.count("cdr") == 1


def test_bad_postcode_is_dropped_from_a_kept_record(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "nominals.csv"
    path.write_text("source_system,record_id,surname,postcode\nrms,R1,Smith,notapostcode\n",
                    encoding="utf-8")
    ingest_paths(memory_store, [path])
    assert memory_store.query("SELECT surname, postcode, postcode_raw FROM nominals") == [
        ("Smith", None, "notapostcode")]
    row = quarantine(memory_store)[0]
    assert row["action"] == "value_rejected" and row["field"] == "postcode"


def test_negative_duration_is_quarantined(memory_store: Store, tmp_path: Path) -> None:
    body = "E1,2026-03-01T09:00:00,07700900001,07700900002,voice,-30\n"
    ingest_paths(memory_store, [cdr(tmp_path, body)])
    assert quarantine(memory_store)[0]["field"] == "duration_s"
    assert memory_store.count("cdr") == 0


def test_ten_megabyte_field_is_quarantined_not_lost(memory_store: Store, tmp_path: Path) -> None:
    huge = "x" * (10 * 1024 * 1024)
    path = tmp_path / "tips.csv"
    path.write_text(f"tip_id,received_at,text\nT1,2026-01-01T00:00:00,{huge}\n"
                    "T2,2026-01-01T00:00:00,short\n", encoding="utf-8")
    ingest_paths(memory_store, [path])
    assert memory_store.query("SELECT tip_id FROM tips") == [("T2",)]
    row = quarantine(memory_store)[0]
    assert "longer than" in str(row["reason"]) and len(str(row["raw"])) > len(huge)


def test_injection_strings_are_stored_verbatim(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "tips.csv"
    evil = ["=cmd|' /C calc'!A0", "'; DROP TABLE tips; --", "+SUM(A1)", "@import"]
    lines = "".join(f'T{i},2026-01-01T00:00:00,"{e}"\n' for i, e in enumerate(evil))
    path.write_text("tip_id,received_at,text\n" + lines, encoding="utf-8")
    ingest_paths(memory_store, [path])
    assert sorted(r[0] for r in memory_store.query("SELECT text FROM tips")) == sorted(evil)
    assert memory_store.table_exists("tips")


def test_duplicate_rows_are_quarantined_as_duplicates(memory_store: Store, tmp_path: Path) -> None:
    body = GOOD.format(n=1) + GOOD.format(n=1) + GOOD.format(n=2)
    report = ingest_paths(memory_store, [cdr(tmp_path, body)])
    assert memory_store.count("cdr") == 2
    assert report.rows_duplicate == 1
    row = quarantine(memory_store)[0]
    assert row["action"] == "duplicate" and "row 1" in str(row["reason"])


def test_same_rows_in_a_second_file_are_duplicates(memory_store: Store, tmp_path: Path) -> None:
    ingest_paths(memory_store, [cdr(tmp_path, GOOD.format(n=1))])
    second = tmp_path / "again"
    second.mkdir()
    report = ingest_paths(memory_store, [cdr(second, GOOD.format(n=1) + GOOD.format(n=2))])
    assert memory_store.count("cdr") == 2
    assert report.rows_duplicate == 1


def test_importing_the_same_file_twice_adds_nothing(memory_store: Store, tmp_path: Path) -> None:
    path = cdr(tmp_path, GOOD.format(n=1) + GOOD.format(n=2))
    ingest_paths(memory_store, [path])
    report = ingest_paths(memory_store, [path])
    assert report.batch_id is None and report.files[0].skipped
    assert memory_store.count("cdr") == 2
    assert memory_store.count("import_batches") == 1


def test_bad_json_line_is_quarantined(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "tips.jsonl"
    path.write_text('{"tip_id": "T1", "received_at": "2026-01-01", "text": "a"}\n{broken\n',
                    encoding="utf-8")
    ingest_paths(memory_store, [path])
    assert memory_store.count("tips") == 1
    assert quarantine(memory_store)[0]["line_number"] == 2


def test_c_handled_intel_needs_conditions(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "intel.csv"
    path.write_text("report_id,received_at,source_evaluation,intelligence_assessment,"
                    "handling_code,handling_conditions,text\n"
                    "I1,2026-01-01,1,A,C,,text one\nI2,2026-01-01,1,A,P,,text two\n",
                    encoding="utf-8")
    ingest_paths(memory_store, [path])
    assert memory_store.query("SELECT report_id FROM intel") == [("I2",)]
    assert quarantine(memory_store)[0]["field"] == "handling_conditions"
