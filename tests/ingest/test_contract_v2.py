"""Input contract v2: version 1 bundles unchanged; crimes, identifiers and relationships."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from tests.ingest.test_ingest_bundle import write_bundle

from linewatch.ingest import importer, ingest_paths
from linewatch.schema import contract
from linewatch.schema.types import identifiers
from linewatch.storage import Store

BAD_ROWS = {
    "nominals.csv": "source_system,record_id,dob,phone,sex\ncustody,C-9,31/02/2001,07700 9,X\n"
                    "custody,,2001-01-01,,M\n",
    "events.csv": "source_system,event_id,event_type,occurred_at\ncustody,EV9,crime,"
                  "2026-01-01T00:00:00\ncustody,EV8,party,2026-01-01\n",
}


def _v1_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract as version 1 had it: no added fields, no added kinds."""
    for name, kind in list(contract.KINDS.items()):
        if kind.since > 1:
            monkeypatch.delitem(contract.KINDS, name)
        else:
            fields = tuple(dataclasses.replace(f, values=tuple(v for v in f.values
                                                               if v != "crime"))
                           for f in kind.fields if not f.since)
            monkeypatch.setitem(contract.KINDS, name, dataclasses.replace(
                kind, fields=fields,
                key=tuple(k for k in kind.key if not kind.field(k).since)))
    monkeypatch.setattr(importer, "FLAGGED_KINDS", set())


def _v1_columns(kinds: list[str]) -> dict[str, str]:
    """Each version 1 kind's columns as version 1 had them."""
    found = {}
    for name in kinds:
        kind = contract.KINDS[name]
        added = {f.name for f in kind.fields if f.since} | {
            f"{f.name}_raw" for f in kind.fields if f.since}
        found[name] = ", ".join(c for c, _ in kind.storage_columns() if c not in added)
    return found


def _contents(store: Store, columns: dict[str, str]) -> dict[str, list[tuple[object, ...]]]:
    found = {}
    for name, listed in columns.items():
        found[name] = store.query(f"SELECT {listed} FROM {name} ORDER BY ALL")
    found["quarantine"] = store.query(
        "SELECT kind, row_number, field, reason, action, raw FROM quarantine ORDER BY ALL")
    return found


def test_a_version_1_bundle_ingests_exactly_as_under_version_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = write_bundle(tmp_path / "bundle")
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, text in BAD_ROWS.items():
        (bad / name).write_text(text, encoding="utf-8")
    v1_kinds = _v1_columns([k for k, kind in contract.KINDS.items() if kind.since == 1])
    with Store.open(tmp_path / "now.duckdb") as store:
        ingest_paths(store, [bundle, bad])
        now = _contents(store, v1_kinds)
        assert store.count("ingest_flags") == 0
    with monkeypatch.context() as patch:
        _v1_contract(patch)
        with Store.open(tmp_path / "v1.duckdb", migrate=False) as old:
            old.migrate(to=3)
            ingest_paths(old, [bundle, bad])
            before = _contents(old, v1_kinds)
    # the "crime" event type is new in version 2: that one row is the only difference
    crime = [r for r in before["quarantine"] if "EV9" in str(r[5])]
    assert len(crime) == 1
    # ... and the list of allowed event types in a reason names it
    listed = [(*r[:3], r[3].replace(", crime", ""), *r[4:]) for r in now["quarantine"]]
    assert listed == [r for r in before["quarantine"] if r not in crime]
    assert {k: v for k, v in now.items() if k not in ("events", "quarantine")} == \
        {k: v for k, v in before.items() if k not in ("events", "quarantine")}
    assert [r for r in now["events"] if r[1] != "EV9"] == before["events"]


def test_recorded_crimes_parties_identifiers_and_links(memory_store: Store,
                                                       tmp_path: Path) -> None:
    folder = tmp_path / "v2"
    folder.mkdir()
    (folder / "events.csv").write_text(
        "source_system,event_id,event_type,occurred_at,occurred_until,crime_reference,"
        "offence_code,offence_classification,crime_category,outcome,investigating_officer\n"
        "rms,CR1,crime,2025-07-01T00:00:00,2025-07-31T23:59:59,42/1234/25,092/01,"
        "Possession with intent to supply,Drugs,Under investigation,OF1\n"
        "rms,CR2,crime,2025-07-03T10:00:00,,,,,,,\n", encoding="utf-8")
    (folder / "nominals.csv").write_text(
        "source_system,record_id,surname,age,nhs_number,pnc_id,ethnicity_self,"
        "ethnicity_observed,emails,handles\n"
        "rms,P1,Ray,16,943 476 5919,01/1234567A,W1,W,a@x.org,@ray\n"
        "rms,P2,Fay,,123-45-6789,,NS,,,\n", encoding="utf-8")
    (folder / "officers.csv").write_text("source_system,officer_id,badge_number,rank,surname\n"
                                         "rms,OF1,1234,Police Constable,Lane\n",
                                         encoding="utf-8")
    (folder / "relationships.csv").write_text(
        "source_system,from_type,from_ref,type,subtype,to_type,to_ref,first_seen\n"
        "rms,person,P1,family,sibling,person,P2,2024-01-01T00:00:00\n"
        "rms,person,P1,suspect_in,,event,CR1,\n"
        "rms,person,P2,witness_to,,event,CR1,\n"
        "rms,person,P1,has_phone,,phone,0-(070)893-3322,\n"
        "rms,person,P2,has_phone,,phone,07700 900123,\n", encoding="utf-8")
    report = ingest_paths(memory_store, [folder])
    crime = memory_store.query_dicts("SELECT * FROM events WHERE event_id = 'CR1'")[0]
    assert crime["occurred_until"] == dt.datetime(2025, 7, 31, 22, 59, 59)  # BST to UTC
    assert (crime["crime_category"], crime["offence_code"]) == ("Drugs", "092/01")
    assert crime["investigating_officer"] == "OF1"
    # a recorded crime with no category has no usable content: the only quarantined row
    assert report.rows_quarantined == 1
    assert memory_store.scalar("SELECT reason FROM quarantine") == (
        "crime_category: a recorded crime needs its category")
    people = {r["record_id"]: r for r in memory_store.query_dicts("SELECT * FROM nominals")}
    assert people["P1"]["age"] == 16 and people["P1"]["emails"] == ["a@x.org"]
    assert people["P2"]["nhs_number"] == "123-45-6789"  # kept as written...
    flags = memory_store.query("SELECT field, value FROM ingest_flags ORDER BY ALL")
    assert flags == [("nhs_number", "123-45-6789"), ("to_ref", "0-(070)893-3322")]  # ...flagged
    assert memory_store.query(
        "SELECT from_ref, type FROM relationships WHERE to_ref = 'CR1' ORDER BY 1") == [
        ("P1", "suspect_in"), ("P2", "witness_to")]
    # a usable phone number is cleaned as call data is, the number as written kept in attrs;
    # the odd layout stays as written
    phones = memory_store.query(
        "SELECT to_ref, attrs->>'to_ref_raw' FROM relationships WHERE type = 'has_phone' "
        "ORDER BY 1")
    assert phones == [("+447700900123", "07700 900123"), ("0-(070)893-3322", None)]


@pytest.mark.parametrize(("kind", "value", "ok"), [
    ("nhs_number", "943 476 5919", True), ("nhs_number", "943 476 5918", False),
    ("nhs_number", "117-66-8129", False), ("pnc_id", "01/1234567A", True),
    ("pnc_id", "PNC1234", False), ("ni_number", "AB 12 34 56 C", True),
    ("ni_number", "GB123456A", False), ("cro_number", "123456/01A", True),
    ("passport_number", "123456789", True), ("passport_number", "X1234", False),
    ("driving_licence", "MORGA753116SM9IJ", True),
])
def test_identifier_layouts(kind: str, value: str, ok: bool) -> None:
    assert (identifiers.problem(kind, value) is None) == ok
