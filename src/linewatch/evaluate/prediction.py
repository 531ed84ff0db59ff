"""The results export, indexed for scoring against the truth."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from linewatch.evaluate.metrics import number
from linewatch.evaluate.truth import Truth

Record = tuple[str, str]


@dataclass
class Prediction:
    """Who is who in the results, and which true person each predicted person stands for."""

    record_person: dict[Record, str] = field(default_factory=dict)
    person_records: dict[str, list[Record]] = field(default_factory=dict)
    person_role: dict[str, str] = field(default_factory=dict)
    phone_role: dict[str, str] = field(default_factory=dict)
    majority: dict[str, str] = field(default_factory=dict)
    covers: dict[str, set[str]] = field(default_factory=dict)
    duplicated_records: int = 0
    unknown_records: int = 0

    def true_persons(self, person_ids: list[str], *, any_record: bool = False) -> set[str]:
        """True persons behind predicted ``person_ids`` (majority, or any of their records)."""
        out: set[str] = set()
        for pid in person_ids:
            if any_record:
                out |= self.covers.get(pid, set())
            elif pid in self.majority:
                out.add(self.majority[pid])
        return out


def index_results(results: dict[str, Any], truth: Truth) -> Prediction:
    prediction = Prediction()
    for person in results.get("persons") or []:
        pid = str(person.get("person_id"))
        prediction.person_role[pid] = str(person.get("role") or "none")
        records: list[Record] = []
        for pair in person.get("records") or []:
            record = (str(pair[0]), str(pair[1]))
            if record in prediction.record_person:
                prediction.duplicated_records += 1
                continue
            prediction.record_person[record] = pid
            records.append(record)
        prediction.person_records[pid] = records
        owners = Counter(truth.record_person[r] for r in records if r in truth.record_person)
        prediction.unknown_records += sum(1 for r in records if r not in truth.record_person)
        if owners:
            best = max(owners.values())
            prediction.majority[pid] = next(p for p, c in owners.items() if c == best)
            prediction.covers[pid] = set(owners)
    for entry in results.get("phones") or []:
        cleaned = number(entry.get("number"))
        if cleaned is not None and cleaned not in prediction.phone_role:
            prediction.phone_role[cleaned] = str(entry.get("role") or "other")
    return prediction


def line_number_sets(results: dict[str, Any]) -> list[list[str]]:
    """The (normalised, de-duplicated) numbers of each predicted line."""
    out: list[list[str]] = []
    for line in results.get("lines") or []:
        numbers: list[str] = []
        for raw in line.get("numbers") or []:
            cleaned = number(raw)
            if cleaned is not None and cleaned not in numbers:
                numbers.append(cleaned)
        if numbers:
            out.append(numbers)
    return out
