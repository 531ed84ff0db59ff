"""Every CSV record is accounted for: rows in = rows stored + rows quarantined.

An unterminated quote makes DuckDB's reader run on across line ends and reject the whole run
as one record; a rejected record's text comes back capped at 10,000 characters. Neither may
lose a record or its text.
"""

from __future__ import annotations

import json
from pathlib import Path

from linewatch.ingest import ingest_paths
from linewatch.storage import Store

HEADER = "event_id,start_time,a_number,b_number,event_type,duration_s\n"
LONG = "y" * 25_000


def good(n: int) -> str:
    return f"E{n},2026-03-01T09:00:{n:02d},07700900001,07700900002,sms,\n"


def records() -> list[str]:
    """30 records: two unterminated quotes, a multi-line quoted field that is fine, a record
    with too many columns holding a 25,000-character field, and a short record."""
    found = [good(n) for n in range(1, 31)]
    found[1] = 'E2,"2026-03-01T09:00:02,07700900001,07700900002,sms,\n'
    found[7] = 'E8,2026-03-01T09:00:08,"07700900001\nstill E8",07700900002,sms,\n'
    found[11] = 'E12,2026-03-01T09:00:12,07700900001,"07700900002,sms,\n'
    found[19] = f"E20,2026-03-01T09:00:20,07700900001,07700900002,sms,,{LONG}\n"
    found[24] = "E25,2026-03-01T09:00:25\n"
    return found


def quarantined(store: Store) -> list[dict[str, object]]:
    return store.query_dicts("SELECT row_number, reason, raw FROM quarantine "
                             "ORDER BY row_number")


def test_every_record_is_stored_or_quarantined(memory_store: Store, tmp_path: Path) -> None:
    rows = records()
    path = tmp_path / "cdr.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    report = ingest_paths(memory_store, [path])
    stored = [r[0] for r in memory_store.query("SELECT _row FROM cdr ORDER BY _row")]
    held = [int(str(r["row_number"])) for r in quarantined(memory_store)]
    assert len(stored) + len(held) == len(rows)  # rows in = stored + quarantined
    assert sorted(stored + held) == list(range(1, len(rows) + 1))
    assert held == [2, 8, 12, 20, 25]  # 8: a multi-line phone number fails cleaning
    (file_report,) = report.files
    assert file_report.rows_read == len(rows)
    assert file_report.rows_imported + file_report.rows_quarantined == len(rows)
    # the records an unterminated quote used to swallow are stored under their own numbers
    ids = dict(memory_store.query("SELECT _row, event_id FROM cdr"))
    assert [ids[n] for n in (3, 4, 5, 13, 14)] == ["E3", "E4", "E5", "E13", "E14"]
    # a quoted field over two lines is one record (read whole, then refused by cleaning)
    e8 = json.loads(str(quarantined(memory_store)[1]["raw"]))
    assert e8["event_id"] == "E8" and e8["a_number"] == "07700900001\nstill E8"


def test_quarantined_text_is_whole_and_marked_when_recovered(memory_store: Store,
                                                             tmp_path: Path) -> None:
    rows = records()
    path = tmp_path / "cdr.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    ingest_paths(memory_store, [path])
    by_row = {int(str(r["row_number"])): r for r in quarantined(memory_store)}
    long_raw = json.loads(str(by_row[20]["raw"]))
    assert long_raw["line"] == rows[19].rstrip("\n")  # all 25,000 characters and more
    assert long_raw.get("recovered") is True  # the reader's own copy was cut
    quote_raw = json.loads(str(by_row[2]["raw"]))
    assert quote_raw["line"] == rows[1].rstrip("\n")  # its own line, not the lines after
    assert "unterminated quote" in str(by_row[2]["reason"])
    short_raw = json.loads(str(by_row[25]["raw"]))
    assert short_raw == {"line": rows[24].rstrip("\n")}  # short text: as the reader gave it


def test_an_unterminated_quote_in_a_latin1_file(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "nominals.csv"
    body = ("source_system,record_id,surname,forenames\nrms,R1,Brontë,Zoë\n"
            'rms,R2,"Unclosed,Anna\nrms,R3,Écoles,Léa\nrms,R4,Smith,Jo\n')
    path.write_bytes(body.encode("latin-1"))
    ingest_paths(memory_store, [path])
    assert memory_store.scalar("SELECT encoding FROM import_files") == "latin-1"
    assert [r[0] for r in memory_store.query("SELECT record_id FROM nominals ORDER BY _row")] \
        == ["R1", "R3", "R4"]
    (row,) = quarantined(memory_store)
    assert row["row_number"] == 2
    assert json.loads(str(row["raw"]))["line"] == 'rms,R2,"Unclosed,Anna'
