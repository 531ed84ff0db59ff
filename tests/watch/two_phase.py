"""A simulated world delivered in two parts: everything dated before ``SPLIT`` first (with
the reference records: people, addresses, cells, subscribers), the rest later, as a force's
weekly call data would arrive. Tests analyse after each part."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

#: the first day of the second delivery (the shared world covers 1-9 September 2024)
SPLIT = "2024-09-06"
#: each dated kind's date column; other kinds arrive whole with the first part
DATED = {"cdr.csv": "start_time", "anpr.csv": "read_at", "events.csv": "occurred_at",
         "intel.csv": "received_at", "tips.csv": "received_at"}
#: kinds that only arrive with the second part
LATER = ("seizures.csv", "articles")


def split_scenario(data: Path, out: Path) -> tuple[Path, Path]:
    """Write ``out/first`` and ``out/second`` from the scenario's ``data`` folder."""
    first, second = out / "first", out / "second"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    for path in sorted(data.iterdir()):
        if path.name in LATER:
            target = second / path.name
            (shutil.copytree if path.is_dir() else shutil.copyfile)(path, target)
            continue
        if path.name not in DATED:
            shutil.copyfile(path, first / path.name)
            continue
        with path.open(newline="", encoding="utf-8") as source:
            reader = csv.DictReader(source)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
        column = DATED[path.name]
        for folder, later in ((first, False), (second, True)):
            with (folder / path.name).open("w", newline="", encoding="utf-8") as target:
                writer = csv.DictWriter(target, fieldnames=fields)
                writer.writeheader()
                writer.writerows([r for r in rows if (r[column][:10] >= SPLIT) == later])
    return first, second
