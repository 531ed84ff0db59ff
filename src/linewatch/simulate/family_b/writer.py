"""Writes a family-B world: the input bundle (data/) and its ground truth (truth/)."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from linewatch.simulate.family_b.noise import written_number
from linewatch.simulate.family_b.people import Registry
from linewatch.simulate.family_b.traffic import Event

LONDON = ZoneInfo("Europe/London")
CDR_COLUMNS = ("event_id", "start_time", "a_number", "b_number", "event_type", "duration_s",
               "a_cell_id", "b_cell_id", "a_imei", "a_imsi", "b_imei", "b_imsi")


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
            count += 1
    return count


def day_date(start: date, day: int | None) -> str:
    return "" if day is None else (start + timedelta(days=day)).isoformat()


def local_instant(start: date, day: int, second: int) -> str:
    naive = datetime(start.year, start.month, start.day) + timedelta(days=day, seconds=second)
    return naive.replace(tzinfo=LONDON).isoformat(timespec="seconds")


def cdr_rows(rng: random.Random, reg: Registry, events: list[Event], start: date,
             missing_cell: float, b_known: float, withheld: int) -> list[dict[str, str]]:
    """One row per event, numbers in varied written forms; ``withheld`` rows have no
    b_number (bad rows by the contract: ingest must quarantine exactly those)."""
    rows: list[dict[str, str]] = []
    for index, event in enumerate(events):
        a, b = reg.phones[event.a], reg.phones[event.b]
        hour = (event.second // 3600) % 24
        a_spell = a.spell_on(event.day)
        row = {"event_id": f"X{index + 1:09d}",
               "start_time": local_instant(start, event.day, event.second),
               "a_number": written_number(rng, event.a),
               "b_number": written_number(rng, event.b),
               "event_type": event.kind,
               "duration_s": str(event.duration) if event.kind == "voice" else "",
               "a_cell_id": "" if rng.random() < missing_cell else rng.choice(
                   a.cells_on(event.day, hour) or [""]),
               "a_imei": a_spell.imei, "a_imsi": a_spell.imsi}
        if b.home_cells and rng.random() < b_known:
            b_spell = b.spell_on(event.day)
            row.update(b_cell_id=rng.choice(b.cells_on(event.day, hour)),
                       b_imei=b_spell.imei, b_imsi=b_spell.imsi)
        rows.append(row)
    for extra in range(min(withheld, len(rows))):
        copy = dict(rng.choice(rows[:len(events)]))
        copy.update(event_id=f"W{extra + 1:09d}", b_number="", b_cell_id="", b_imei="",
                    b_imsi="", event_type="voice", duration_s="0")
        rows.append(copy)
    return rows


def write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_jsonl(path: Path, values: Iterable[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for value in values:
            handle.write(json.dumps(value, sort_keys=True, ensure_ascii=False) + "\n")
