"""Loads a simulator's ``truth/`` folder (format: docs/simulator.md) for scoring."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linewatch.errors import InputError


@dataclass
class TruthPerson:
    person_id: str
    role: str
    child: bool
    exploited: bool


@dataclass
class Truth:
    """The parts of the truth that scoring needs."""

    persons: dict[str, TruthPerson] = field(default_factory=dict)
    phone_roles: dict[str, str] = field(default_factory=dict)
    line_of_number: dict[str, str] = field(default_factory=dict)
    line_numbers: dict[str, list[str]] = field(default_factory=dict)
    switches: list[tuple[str, str, str]] = field(default_factory=list)  # line, old, new
    record_person: dict[tuple[str, str], str] = field(default_factory=dict)
    cuckooed: list[tuple[str, str]] = field(default_factory=list)  # (address, postcode)
    texts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def deal_numbers(self) -> set[str]:
        return {n for n, role in self.phone_roles.items() if role == "deal_line"}

    def records_of(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for record, person in self.record_person.items():
            out.setdefault(person, []).append(record)
        return out


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_truth(truth_dir: Path | str) -> Truth:
    """Read the truth files; a missing file means nothing of that kind."""
    folder = Path(truth_dir)
    if not folder.is_dir():
        raise InputError(f"truth folder {folder} does not exist", file=str(folder))
    truth = Truth()
    for row in _rows(folder / "persons.csv"):
        truth.persons[row["person_id"]] = TruthPerson(
            person_id=row["person_id"], role=row["role"], child=row.get("child") == "1",
            exploited=row.get("exploited") == "1")
    for row in _rows(folder / "phones.csv"):
        truth.phone_roles[row["number"]] = row["role"]
    for row in _rows(folder / "line_numbers.csv"):
        truth.line_of_number[row["number"]] = row["line_id"]
        truth.line_numbers.setdefault(row["line_id"], []).append(row["number"])
        if row.get("previous_number"):
            truth.switches.append((row["line_id"], row["previous_number"], row["number"]))
    for row in _rows(folder / "nominal_records.csv"):
        truth.record_person[(row["source_system"], row["record_id"])] = row["person_id"]
    for row in _rows(folder / "addresses.csv"):
        if row.get("cuckooed") == "1":
            truth.cuckooed.append((row["address"], row.get("postcode", "")))
    texts = folder / "texts.jsonl"
    if texts.exists():
        with texts.open(encoding="utf-8") as handle:
            truth.texts = [json.loads(line) for line in handle if line.strip()]
    return truth
