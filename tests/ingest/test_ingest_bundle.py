"""Importing bundles of every kind and format."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from linewatch.errors import InputError
from linewatch.ingest import ingest_paths
from linewatch.ingest.status import store_status
from linewatch.schema.contract import KINDS
from linewatch.storage import Store
from linewatch.text.intake import run as text_stage

BUNDLE = {
    "cdr.csv": "event_id,start_time,a_number,b_number,event_type,duration_s,a_cell_id,"
               "b_cell_id,a_imei,a_imsi,b_imei,b_imsi\n"
               "E1,2026-03-01T09:00:00,07700 900001,+44 7700 900002,voice,65,C1,,"
               "359000000000001,234100000000001,,\n"
               "E2,2026-03-01T09:05:00Z,447700900001,(07700) 900-003,sms,,C2,,,,,\n",
    "cells.csv": "cell_id,lat,lon,azimuth,site_name,area\nC1,51.39,0.53,120,Site 1,Kent\n"
                 "C2,51.40,-0.08,,Site 2,London\n",
    "subscribers.csv": "number,account_type,subscriber_name,subscriber_address,subscriber_dob,"
                       "activated_on\n07700900001,payg_unregistered,,,,2026-01-01\n",
    "nominals.csv": "source_system,record_id,surname,forenames,dob,sex,address,postcode,phone,"
                    "nickname,flags\ncustody,C-1,SMITH,Jay,2006-04-03,M,1 Test Road,me44qu,"
                    "07700 900002;07700 900004,Jay;JJ,violence;weapons\n",
    "events.csv": "source_system,event_id,event_type,occurred_at,record_id,role,address,"
                  "postcode,lat,lon,offence,outcome,detail\ncustody,EV1,arrest,"
                  "2026-03-02T05:00:00,C-1,suspect,1 Test Road,ME4 4QU,51.38,0.52,"
                  "PWITS class A,charged,dawn raid\n",
    "seizures.csv": "seizure_id,source_system,event_id,item_type,drug_name,drug_class,quantity,"
                    "unit,value_gbp,description,imei,number,vrm\nS1,custody,EV1,cash,,,,,"
                    "\"£20,000\",bag of notes,,,\nS2,custody,EV1,drug,crack,class a,12,wraps,"
                    ",,,,\nS3,custody,EV1,vehicle,,,,,,silver Ford,,,ab12 cde\n",
    "anpr.csv": "read_at,vrm,camera_id,lat,lon\n2026-03-01T07:00:00,AB12CDE,CAM1,51.3,0.4\n",
    "addresses.csv": "address,postcode,lat,lon,uprn,flags\n1 Test Road,ME4 4QU,51.38,0.52,"
                     "100,vulnerable_occupant;social_housing\n",
    "intel.csv": "report_id,received_at,source_evaluation,intelligence_assessment,"
                 "handling_code,handling_conditions,text\nI1,2026-02-01T10:00:00,2,B,C,"
                 "Not to be shared outside the MIT,JJ runs the Bobby line on 07700 900001\n",
}


def write_bundle(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in BUNDLE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "tips.jsonl").write_text(
        json.dumps({"tip_id": "T1", "received_at": "2026-02-03T20:00:00", "channel": "web",
                    "text": "Kids dealing from 1 Test Road every night"}) + "\n",
        encoding="utf-8")
    (folder / "articles").mkdir(exist_ok=True)
    (folder / "articles" / "raid.txt").write_text(
        "Dawn raids in Kent\nSeven people were arrested.", encoding="utf-8")
    return folder


def test_bundle_of_every_kind_imports(memory_store: Store, tmp_path: Path) -> None:
    report = ingest_paths(memory_store, [write_bundle(tmp_path / "bundle")])
    counts = {k: v["rows"] for k, v in store_status(memory_store)["kinds"].items()}
    assert counts == {"cdr": 2, "cells": 2, "subscribers": 1, "nominals": 1, "events": 1,
                      "seizures": 3, "anpr": 1, "addresses": 1, "intel": 1, "tips": 1,
                      "articles": 1, "officers": 0, "objects": 0, "relationships": 0}
    assert set(counts) == set(KINDS)
    assert report.rows_quarantined == 0


def test_values_are_cleaned_and_originals_kept(memory_store: Store, tmp_path: Path) -> None:
    ingest_paths(memory_store, [write_bundle(tmp_path / "bundle")])
    row = memory_store.query_dicts("SELECT * FROM cdr WHERE event_id = 'E2'")[0]
    assert row["a_number"] == "+447700900001"
    assert row["a_number_raw"] == "447700900001"
    assert row["b_number"] == "+447700900003"
    assert str(row["start_time"]) == "2026-03-01 09:05:00"
    assert row["_row"] == 2 and row["_batch"] == 1
    nominal = memory_store.query_dicts("SELECT * FROM nominals")[0]
    assert nominal["postcode"] == "ME4 4QU"
    assert nominal["phone"] == ["+447700900002", "+447700900004"]
    assert nominal["flags"] == ["violence", "weapons"]
    seizure = memory_store.query_dicts("SELECT * FROM seizures ORDER BY seizure_id")
    assert seizure[0]["value_gbp"] == 20000.0
    assert seizure[1]["drug_class"] == "A"
    assert seizure[2]["vrm"] == "AB12CDE"


def test_parquet_and_jsonl_give_the_same_rows_as_csv(memory_store: Store, tmp_path: Path) -> None:
    rows = [{"event_id": "P1", "start_time": "2026-03-01T09:00:00", "a_number": "07700900001",
             "b_number": "07700900002", "event_type": "voice", "duration_s": "30"}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "cdr.parquet")
    ingest_paths(memory_store, [tmp_path / "cdr.parquet"])
    other = Store.open(":memory:")
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "cdr.jsonl").write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    ingest_paths(other, [tmp_path / "j" / "cdr.jsonl"])
    columns = "event_id, start_time, a_number, b_number, event_type, duration_s"
    assert memory_store.query(f"SELECT {columns} FROM cdr") == other.query(
        f"SELECT {columns} FROM cdr")


def test_typed_parquet_timestamps_are_london_local(memory_store: Store, tmp_path: Path) -> None:
    import datetime as dt

    table = pa.table({"start_time": [dt.datetime(2026, 7, 1, 12, 0)],
                      "a_number": ["07700900001"], "b_number": ["07700900002"],
                      "event_type": ["sms"], "duration_s": [0]})
    pq.write_table(table, tmp_path / "cdr.parquet")
    ingest_paths(memory_store, [tmp_path / "cdr.parquet"])
    assert str(memory_store.scalar("SELECT start_time FROM cdr")) == "2026-07-01 11:00:00"


def test_folder_of_files_for_one_kind(memory_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "bundle" / "cdr"
    folder.mkdir(parents=True)
    for part in range(3):
        (folder / f"part-{part}.csv").write_text(
            "start_time,a_number,b_number,event_type\n"
            f"2026-03-01T09:0{part}:00,07700900001,07700900002,sms\n", encoding="utf-8")
    ingest_paths(memory_store, [tmp_path / "bundle"])
    assert memory_store.count("cdr") == 3
    assert memory_store.count("import_files") == 3


def test_column_names_match_case_insensitively(memory_store: Store, tmp_path: Path) -> None:
    (tmp_path / "cdr.csv").write_text(
        "Start_Time,A_NUMBER,b_Number,EVENT_TYPE\n2026-03-01T09:00:00,07700900001,"
        "07700900002,SMS\n", encoding="utf-8")
    ingest_paths(memory_store, [tmp_path / "cdr.csv"])
    assert memory_store.query("SELECT event_type FROM cdr") == [("sms",)]


def test_kind_option_overrides_file_name(memory_store: Store, tmp_path: Path) -> None:
    (tmp_path / "export_2026.csv").write_text("tip_id,received_at,text\nT9,2026-01-01,hello\n",
                                              encoding="utf-8")
    ingest_paths(memory_store, [tmp_path / "export_2026.csv"], kind="tips")
    assert memory_store.count("tips") == 1


def test_file_of_unknown_kind_needs_kind_option(memory_store: Store, tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="--kind"):
        ingest_paths(memory_store, [tmp_path / "export.csv"])


def test_unknown_kind_is_a_clear_error(memory_store: Store, tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown kind 'calls_data'"):
        ingest_paths(memory_store, [tmp_path / "x.csv"], kind="calls_data")


def test_missing_file_is_a_clear_error(memory_store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest_paths(memory_store, [tmp_path / "nope.csv"])


def test_batches_are_recorded_with_code_version(memory_store: Store, tmp_path: Path) -> None:
    ingest_paths(memory_store, [write_bundle(tmp_path / "bundle")])
    batch = memory_store.query_dicts("SELECT * FROM import_batches")[0]
    assert batch["rows_imported"] == 15
    assert batch["code_version"].startswith("0.")
    assert "cdr" in batch["kinds"]


def test_ingested_articles_become_operation_outcomes_in_the_text_stage(
        memory_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "raid.txt").write_text(
        "Dawn raids in Kent\nOfficers executed nine warrants and five people were arrested. "
        "Around £12,000 in cash and a machete were seized.", encoding="utf-8")
    ingest_paths(memory_store, [folder])
    # importing only stores the text: reading it is the text stage's work, after the commit
    assert (not memory_store.table_exists("article_outcomes")
            or memory_store.count("article_outcomes") == 0)
    text_stage(memory_store)
    row = memory_store.query_dicts("SELECT * FROM article_outcomes")[0]
    assert row["article_id"] == "raid"
    assert row["warrants"] == 9 and row["arrests"] == 5
    assert row["cash_gbp"] == 12000
