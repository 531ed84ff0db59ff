"""Records that disagree on a date of birth: the reading that makes the person youngest."""

from __future__ import annotations

import datetime as dt

from linewatch.safeguard.records import load_youngest_record_dobs
from linewatch.storage import Store


def test_the_youngest_reading_of_a_persons_records_is_the_one_kept() -> None:
    store = Store.open(":memory:")
    try:
        store.write_rows("nominals", [
            {"source_system": "rms", "record_id": "N1", "dob": dt.date(2007, 6, 3)},
            {"source_system": "social_care", "record_id": "S1", "dob": dt.date(2007, 3, 6)},
            {"source_system": "rms", "record_id": "N2", "dob": None},
            {"source_system": "rms", "record_id": "N3", "dob": dt.date(1990, 1, 1)}],
            mode="append")
        store.write_rows("person_records", [
            {"person_id": "P1", "source_system": "rms", "record_id": "N1"},
            {"person_id": "P1", "source_system": "social_care", "record_id": "S1"},
            {"person_id": "P2", "source_system": "rms", "record_id": "N2"},
            {"person_id": "P3", "source_system": "rms", "record_id": "N3"}], mode="replace")
        youngest = load_youngest_record_dobs(store)
    finally:
        store.close()
    # day and month swapped in one record: 3 June 2007 (17 in May 2025), not 6 March (18)
    assert youngest == {"P1": dt.date(2007, 6, 3), "P3": dt.date(1990, 1, 1)}
