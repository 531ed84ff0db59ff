"""Every file the simulator writes follows the input contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from simhelpers import e164, read_csv

from linewatch.ingest import ingest_paths
from linewatch.schema.types.postcode import try_clean as clean_postcode
from linewatch.simulate import simulate
from linewatch.storage import Store

REQUIRED = {
    "cdr": ("start_time", "a_number", "b_number", "event_type"),
    "cells": ("cell_id", "lat", "lon"),
    "subscribers": ("number",),
    "nominals": ("source_system", "record_id"),
    "events": ("source_system", "event_id", "event_type", "occurred_at"),
    "seizures": ("seizure_id",),
    "anpr": ("read_at", "vrm", "camera_id", "lat", "lon"),
    "addresses": ("address",),
    "intel": ("report_id", "received_at", "text"),
    "tips": ("tip_id", "received_at", "text"),
}
EVENT_TYPES = {"arrest", "stop_search", "missing_report", "found", "custody", "warrant",
               "seizure", "vehicle_stop", "referral", "asb_report", "welfare_check"}


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _luhn_ok(imei: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(imei)):
        digit = int(ch) * (2 if i % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return len(imei) == 15 and total % 10 == 0


def test_every_kind_is_written_with_its_required_columns(tiny: Path) -> None:
    data = tiny / "data"
    for kind, required in REQUIRED.items():
        rows = read_csv(data / f"{kind}.csv")
        assert rows, f"{kind} is empty"
        for row in rows:
            for column in required:
                assert row[column], f"{kind}: required {column} empty in {row}"
    assert list((data / "articles").glob("*.txt"))


def test_cdr_rows_are_valid(tiny: Path) -> None:
    rows = read_csv(tiny / "data" / "cdr.csv")
    cells = {r["cell_id"] for r in read_csv(tiny / "data" / "cells.csv")}
    assert 5_000 < len(rows) < 20_000
    ids = set()
    for row in rows:
        assert _instant(row["start_time"]).tzinfo is not None
        e164(row["a_number"])
        e164(row["b_number"])
        assert row["event_type"] in ("voice", "sms")
        if row["event_type"] == "voice":
            assert int(row["duration_s"]) >= 0
        else:
            assert row["duration_s"] == ""
        for column in ("a_cell_id", "b_cell_id"):
            assert row[column] == "" or row[column] in cells
        for column in ("a_imei", "b_imei"):
            assert row[column] == "" or _luhn_ok(row[column])
        ids.add(row["event_id"])
    assert len(ids) == len(rows)


def test_records_use_contract_values(tiny: Path) -> None:
    data = tiny / "data"
    for row in read_csv(data / "cells.csv"):
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
    for row in read_csv(data / "subscribers.csv"):
        e164(row["number"])
        assert row["account_type"] in ("payg_unregistered", "payg_registered", "contract",
                                       "business")
        dt.date.fromisoformat(row["activated_on"])
    records = set()
    for row in read_csv(data / "nominals.csv"):
        key = (row["source_system"], row["record_id"])
        assert key not in records
        records.add(key)
        assert row["sex"] in ("", "M", "F", "U")
        if row["dob"]:
            dt.date.fromisoformat(row["dob"])
        if row["postcode"]:
            assert clean_postcode(row["postcode"]) is not None
        for number in filter(None, row["phone"].split(";")):
            e164(number)
    events = set()
    for row in read_csv(data / "events.csv"):
        assert row["event_type"] in EVENT_TYPES
        _instant(row["occurred_at"])
        assert row["role"] in ("", "suspect", "victim", "witness", "subject", "reporter")
        if row["record_id"]:
            assert (row["source_system"], row["record_id"]) in records
        events.add((row["source_system"], row["event_id"]))
    for row in read_csv(data / "seizures.csv"):
        assert (row["source_system"], row["event_id"]) in events
        assert row["item_type"] in ("cash", "drug", "weapon", "phone", "vehicle", "other")
        assert row["drug_class"] in ("", "A", "B", "C")
        if row["item_type"] == "phone":
            assert _luhn_ok(row["imei"]) and e164(row["number"])
    for row in read_csv(data / "anpr.csv"):
        assert _instant(row["read_at"]).tzinfo is not None
    for row in read_csv(data / "addresses.csv"):
        assert clean_postcode(row["postcode"]) is not None
    for row in read_csv(data / "intel.csv"):
        assert row["source_evaluation"] in ("1", "2", "3")
        assert row["intelligence_assessment"] in tuple("ABCDE")
        assert row["handling_code"] in ("P", "C")
        assert (row["handling_code"] == "C") == bool(row["handling_conditions"])
    for row in read_csv(data / "tips.csv"):
        assert row["channel"] in ("web", "phone", "partner")


def test_bundle_never_leaks_truth(tiny: Path) -> None:
    truth_ids = {r["person_id"] for r in read_csv(tiny / "truth" / "persons.csv")}
    forbidden = ("deal_line", "controller", "is_deal", "TL0", "person_id", "truth")
    for path in (tiny / "data").rglob("*.csv"):
        header = path.read_text(encoding="utf-8").splitlines()[0].lower()
        assert not any(word.lower() in header for word in forbidden), path.name
        body = path.read_text(encoding="utf-8")
        assert not any(pid in body for pid in list(truth_ids)[:200]), path.name
    systems: dict[str, set[str]] = {}
    for row in read_csv(tiny / "data" / "nominals.csv"):
        systems.setdefault(row["source_system"], set()).add(row["record_id"])
    names = list(systems)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not systems[a] & systems[b], f"record ids shared by {a} and {b}"


@pytest.mark.parametrize("layout", ["parquet", "parts"])
def test_parquet_layouts_hold_the_same_rows_as_csv(tmp_path: Path, layout: str) -> None:
    simulate(tmp_path / "csv", seed=3, scale="tiny", days=8)
    simulate(tmp_path / "pq", seed=3, scale="tiny", days=8, cdr_layout=layout)
    rows = read_csv(tmp_path / "csv" / "data" / "cdr.csv")
    path = tmp_path / "pq" / "data" / ("cdr.parquet" if layout == "parquet" else "cdr")
    table = pq.read_table(path) if layout == "parquet" else \
        pq.ParquetDataset(sorted(path.glob("*.parquet"))).read()
    if layout == "parts":
        assert len(list(path.glob("part-*.parquet"))) == 2
    assert table.num_rows == len(rows)
    assert table.column("a_number").to_pylist()[:50] == [r["a_number"] for r in rows[:50]]
    first = table.column("start_time")[0].as_py()
    assert first == _instant(rows[0]["start_time"])


def test_ingest_quarantines_nothing(tiny: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store.duckdb")
    try:
        report = ingest_paths(store, [tiny / "data"])
    finally:
        store.close()
    assert report.rows_quarantined == 0
    assert all(f.values_rejected == 0 for f in report.files), [
        (f.kind, f.values_rejected) for f in report.files if f.values_rejected]
    kinds = report.by_kind()
    assert kinds["cdr"]["imported"] > 5_000
    for kind in REQUIRED:
        assert kinds[kind]["imported"] > 0
