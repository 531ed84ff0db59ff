"""Readers shared by the simulator tests."""

from __future__ import annotations

import csv
from pathlib import Path

from linewatch.schema.types.phone import try_clean


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def e164(value: str) -> str:
    cleaned = try_clean(value)
    assert cleaned is not None, f"{value!r} is not a phone number"
    return cleaned
