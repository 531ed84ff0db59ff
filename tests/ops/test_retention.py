"""Retention review: review dates follow the MoPI group rules; a deleted record and what was
derived from it are gone after the next run and stay gone after the same file is imported
again (whole, or re-saved so that its bytes differ)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from linewatch.errors import InputError
from linewatch.ingest import ingest_paths
from linewatch.ops import retention
from linewatch.ops.mopi import add_years, load_mopi_groups
from linewatch.pipeline import analyse
from linewatch.storage import Store


def _nominal(store: Store, system: str, record: str, dob: str | None = None) -> None:
    store.execute("INSERT INTO import_batches (batch_id, started_at, finished_at) VALUES "
                  "(?, TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-02') ON CONFLICT DO NOTHING",
                  [1])
    store.execute("INSERT INTO nominals (source_system, record_id, surname, dob, _batch, _file, "
                  "_row) VALUES (?, ?, 'TEST', ?, 1, 1, 1)", [system, record, dob])


def _event(store: Store, system: str, record: str, event_id: str, when: str,
           offence: str | None = None, category: str | None = None) -> None:
    store.execute("INSERT INTO events (source_system, event_id, event_type, occurred_at, "
                  "record_id, role, offence, crime_category) "
                  "VALUES (?, ?, 'arrest', ?, ?, 'suspect', ?, ?)",
                  [system, event_id, when, record, offence, category])


def _by_record(items: list[retention.ReviewItem]) -> dict[str, retention.ReviewItem]:
    return {i.record_id: i for i in items}


def test_review_dates_follow_the_group_rules(memory_store: Store) -> None:
    groups = load_mopi_groups()
    assert {n: g.review_years for n, g in groups.groups.items()} == {1: 10, 2: 10, 3: 6}
    s = memory_store
    _nominal(s, "rms", "A", dob="1990-05-01")
    _event(s, "rms", "A", "e1", "2021-03-04 10:00", "Murder")
    _event(s, "rms", "A", "e2", "2019-01-01 10:00", "Theft from a shop")
    _nominal(s, "rms", "B")
    _event(s, "rms", "B", "e3", "2018-06-30 10:00", "Possession with intent to supply heroin")
    _event(s, "rms", "B", "e4", "2022-02-01 10:00", "Theft")  # a new event restarts the period
    _nominal(s, "rms", "C")
    _event(s, "rms", "C", "e5", "2020-02-29 10:00", None, "Anti-social behaviour")
    _nominal(s, "rms", "D")  # no event: from the record's import
    s.execute("INSERT INTO intel (report_id, received_at, text) VALUES (?, ?, ?)",
              ["I1", "2023-07-01 09:00", "Subject is concerned in the supply of crack cocaine"])
    items = _by_record(retention.review_items(s))
    a, b, c, d, i1 = (items[k] for k in ("A", "B", "C", "D", "I1"))
    assert (a.mopi_group, a.offence) == (1, "murder")
    assert a.review_date == dt.date(2031, 3, 4) and a.retain_until == dt.date(2090, 5, 1)
    assert (b.mopi_group, b.offence, b.last_event) == (2, "supply_class_a",
                                                       dt.date(2022, 2, 1))
    assert b.review_date == dt.date(2032, 2, 1)
    assert (c.mopi_group, c.review_date) == (3, dt.date(2026, 2, 28))
    assert (d.mopi_group, d.offence, d.review_date) == (3, None, dt.date(2026, 1, 2))
    assert (i1.kind, i1.mopi_group, i1.review_date) == ("intel", 2, dt.date(2033, 7, 1))
    due = {i.record_id for i in retention.due(s, dt.date(2026, 6, 1))}
    assert due == {"C", "D"}


def test_a_retain_decision_sets_the_next_review(memory_store: Store) -> None:
    s = memory_store
    _nominal(s, "rms", "D")
    with pytest.raises(InputError):
        retention.retain(s, "sup", "nominals", "D", " ", source_system="rms")
    done = retention.retain(s, "sup", "nominals", "D", "linked to an open investigation",
                            source_system="rms", today=dt.date(2026, 6, 1))
    assert done["next_review"] == add_years(dt.date(2026, 6, 1), 6).isoformat()
    assert not retention.due(s, dt.date(2027, 1, 1))
    assert [i.record_id for i in retention.due(s, dt.date(2032, 6, 1))] == ["D"]
    with pytest.raises(InputError):
        retention.delete(s, "sup", "nominals", "D", "because I said so", source_system="rms")


def _outputs_holding(store: Store, value: str, skip: set[str]) -> list[str]:
    """Tables (outside ``skip``) with ``value`` in any text column."""
    found = []
    for table, columns in store.query(
            "SELECT table_name, list(column_name) FROM information_schema.columns "
            "WHERE table_schema = 'main' AND data_type = 'VARCHAR' GROUP BY 1"):
        if table in skip:
            continue
        where = " OR ".join(f'"{c}" = ?' for c in columns)
        if store.scalar(f'SELECT count(*) FROM "{table}" WHERE {where}',
                        [value] * len(columns)):
            found.append(table)
    return found


#: record tables that may name a nominal's record id as a reference (other records, not
#: derived from it) and the run log
REFERENCING_RECORDS = {"events", "relationships", "analysis_runs", "retention_tombstones"}


def _a_target_record(store: Store) -> tuple[str, str]:
    row = store.query_one(
        "SELECT pr.source_system, pr.record_id FROM person_records pr "
        "JOIN target_list t ON t.person_id = pr.person_id ORDER BY t.rank LIMIT 1")
    assert row is not None
    return str(row[0]), str(row[1])


def test_a_deleted_record_and_its_outputs_stay_gone(world_store: Store, analysed_world: Any,
                                                    tmp_path: Path) -> None:
    store = world_store
    system, record = _a_target_record(store)
    assert _outputs_holding(store, record, REFERENCING_RECORDS) != ["nominals"]  # derived too
    done = retention.delete(store, "sup", "nominals", record, "no_policing_purpose",
                            source_system=system)
    assert done["rows_removed"] >= 1 and record not in str(done)
    assert not store.scalar("SELECT count(*) FROM nominals WHERE record_id = ?", [record])
    assert record not in str(retention.tombstones(store))
    analyse(store)
    assert _outputs_holding(store, record, REFERENCING_RECORDS) == []

    data = analysed_world.scenario / "data"
    again = ingest_paths(store, [data])  # the same files: each skipped as already imported
    assert again.batch_id is None
    assert not store.scalar("SELECT count(*) FROM nominals WHERE record_id = ?", [record])

    resaved = tmp_path / "resaved"
    resaved.mkdir()
    with (data / "nominals.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with (resaved / "nominals.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)  # same rows, other bytes
    report = ingest_paths(store, [resaved])
    assert report.rows_tombstoned == sum(1 for r in rows[1:] if r[:2] == [system, record])
    assert report.rows_tombstoned >= 1 and report.rows_imported == 0
    assert not store.scalar("SELECT count(*) FROM nominals WHERE record_id = ?", [record])
    assert not store.scalar("SELECT count(*) FROM quarantine WHERE raw::VARCHAR LIKE ?",
                            [f"%{record}%"])
    analyse(store)
    assert _outputs_holding(store, record, REFERENCING_RECORDS) == []


def test_deleting_an_intelligence_report_removes_its_mentions(world_store: Store) -> None:
    store = world_store
    row = store.query_one("SELECT report_id FROM intel ORDER BY report_id LIMIT 1")
    assert row is not None
    report_id = str(row[0])
    retention.delete(store, "sup", "intel", report_id, "excessive")
    analyse(store)
    assert _outputs_holding(store, report_id, REFERENCING_RECORDS) == []
