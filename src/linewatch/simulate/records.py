"""Writes every kind of the bundle except ``cdr``: cells, addresses, subscribers, nominals,
events, seizures, anpr, intel, tips and articles."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from linewatch.simulate.articles import ArticleWriter
from linewatch.simulate.background import ordinary_records
from linewatch.simulate.batch import Clock
from linewatch.simulate.incidents import IncidentLog
from linewatch.simulate.intel import TextWriter
from linewatch.simulate.line_incidents import line_incidents
from linewatch.simulate.lines import Line
from linewatch.simulate.names import SURNAMES
from linewatch.simulate.nominals import NominalBook, profile_of
from linewatch.simulate.rng import stream
from linewatch.simulate.roads import anpr_rows, build_cameras, commuter_vehicles
from linewatch.simulate.subscribers import subscriber_rows
from linewatch.simulate.world import World

COLUMNS: dict[str, tuple[str, ...]] = {
    "cells": ("cell_id", "lat", "lon", "azimuth", "site_name", "area"),
    "addresses": ("address", "postcode", "lat", "lon", "uprn", "flags"),
    "subscribers": ("number", "account_type", "subscriber_name", "subscriber_address",
                    "subscriber_dob", "activated_on"),
    "nominals": ("source_system", "record_id", "surname", "forenames", "dob", "sex", "address",
                 "postcode", "phone", "nickname", "flags"),
    "events": ("source_system", "event_id", "event_type", "occurred_at", "record_id", "role",
               "address", "postcode", "lat", "lon", "offence", "outcome", "detail"),
    "seizures": ("seizure_id", "source_system", "event_id", "item_type", "drug_name",
                 "drug_class", "quantity", "unit", "value_gbp", "description", "imei", "number",
                 "vrm"),
    "anpr": ("read_at", "vrm", "camera_id", "lat", "lon"),
    "intel": ("report_id", "received_at", "source_evaluation", "intelligence_assessment",
              "handling_code", "handling_conditions", "text"),
    "tips": ("tip_id", "received_at", "channel", "text"),
}


@dataclass
class Written:
    """What the records writer produced that the truth needs to describe."""

    counts: dict[str, int] = field(default_factory=dict)
    nominal_records: list[tuple[str, str, int]] = field(default_factory=list)
    event_truth: list[tuple[str, str, int, str]] = field(default_factory=list)
    text_facts: list[dict[str, Any]] = field(default_factory=list)


def write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> int:
    """Write rows (a list or a generator) with a header; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _cell_rows(world: World) -> Iterator[dict[str, str]]:
    cells = world.cells
    for i in range(len(cells)):
        yield {"cell_id": cells.ids[i], "lat": f"{cells.lat[i]:.6f}",
               "lon": f"{cells.lon[i]:.6f}",
               "azimuth": "" if cells.azimuth[i] < 0 else str(int(cells.azimuth[i])),
               "site_name": cells.site_names[i], "area": cells.area[i]}


def _address_rows(world: World, rng: np.random.Generator) -> Iterator[dict[str, str]]:
    book = world.addresses
    uprns = rng.choice(90_000_000_000, size=len(book), replace=False) + 10_000_000_000
    for i in range(len(book)):
        yield {"address": book.full(i), "postcode": book.postcode[i],
               "lat": f"{book.lat[i]:.6f}", "lon": f"{book.lon[i]:.6f}",
               "uprn": str(int(uprns[i])), "flags": ";".join(sorted(book.flags[i]))}


def _life_changes(world: World, rng: np.random.Generator) -> None:
    """Some women are recorded under a former surname; some people under an old address."""
    persons = world.persons
    for person in range(len(persons)):
        if persons.female[person] and persons.age[person] >= 24 and rng.random() < 0.12:
            persons.former_surname[person] = SURNAMES[int(rng.integers(len(SURNAMES)))]
        if rng.random() < 0.1:
            same_place = world.addresses.of_place(int(persons.place[person]))
            persons.previous_address[person] = int(same_place[int(rng.integers(len(same_place)))])


def write_records(world: World, lines: list[Line], clock: Clock, seen: np.ndarray,
                  data_dir: Path) -> Written:
    """Write all record kinds to ``data_dir``; return what the truth needs."""
    seed, q = world.config.seed, world.config.noise
    _life_changes(world, stream(seed, "life-changes"))
    book = NominalBook(world, seen, stream(seed, "nominals"))
    for line in lines:
        for runner in line.runners:
            book.work_phones[runner.person] = runner.work_phones
        members = [line.controller, *line.associates, *(r.person for r in line.runners),
                   *(t.occupant for t in line.traps if t.occupant >= 0)]
        for person in dict.fromkeys(members):
            if not book.by_person.get(person):
                book.cover(person, profile_of(world, person), q)
        for person in line.customers:
            if not book.by_person.get(int(person)) and book.rng.random() < 0.6:
                book.cover(int(person), "customer", q)
    log = IncidentLog(world, clock, book, stream(seed, "incidents"))
    for line in lines:
        line_incidents(log, line, stream(seed, "line-incidents", line.index))
    ordinary_records(log, book, stream(seed, "background"))
    commuter_vehicles(world, stream(seed, "vehicles"))
    cameras = build_cameras(world, stream(seed, "cameras"))
    anpr = anpr_rows(world, clock, cameras, stream(seed, "anpr"))

    texts = TextWriter(world, clock, seen, stream(seed, "texts"))
    text_rng = stream(seed, "text-days")
    for line in lines:
        active_days = [d for d in range(world.days) if line.start <= d < line.end]
        if not active_days:
            continue
        for _ in range(max(2, world.days // 10)):
            texts.line_report(line, active_days[int(text_rng.integers(len(active_days)))])
        for _ in range(int(text_rng.integers(1, 3))):
            texts.line_tips(line, active_days[int(text_rng.integers(len(active_days)))])
    for _ in range(max(1, len(lines) // 2)):
        texts.false_report(int(text_rng.integers(world.days)))
    for _ in range(max(2, len(lines) // 2)):
        texts.noise_tip(int(text_rng.integers(world.days)))

    articles = ArticleWriter(world, stream(seed, "articles"))
    by_line = {line.line_id: line for line in lines}
    for operation in log.operations:
        line = by_line[operation.line_id]
        number = line.number_on(operation.day - 1)
        phone = number.phone if number is not None and seen[number.phone] else None
        articles.operation(operation, line.brand, phone)
    articles.week_of_action(world.days // 2)

    counts = {
        "cells": write_csv(data_dir / "cells.csv", COLUMNS["cells"], _cell_rows(world)),
        "addresses": write_csv(data_dir / "addresses.csv", COLUMNS["addresses"],
                               _address_rows(world, stream(seed, "uprn"))),
        "subscribers": write_csv(data_dir / "subscribers.csv", COLUMNS["subscribers"],
                                 subscriber_rows(world, seen, stream(seed, "subscribers"))),
        "nominals": write_csv(data_dir / "nominals.csv", COLUMNS["nominals"], book.rows(q)),
        "events": write_csv(data_dir / "events.csv", COLUMNS["events"],
                            sorted(log.events, key=lambda r: (r["occurred_at"], r["event_id"]))),
        "seizures": write_csv(data_dir / "seizures.csv", COLUMNS["seizures"], log.seizures),
        "anpr": write_csv(data_dir / "anpr.csv", COLUMNS["anpr"], anpr),
        "intel": write_csv(data_dir / "intel.csv", COLUMNS["intel"], texts.intel),
        "tips": write_csv(data_dir / "tips.csv", COLUMNS["tips"], texts.tips),
    }
    folder = data_dir / "articles"
    folder.mkdir(exist_ok=True)
    for name, text in articles.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    counts["articles"] = len(articles.files)
    return Written(counts=counts, nominal_records=list(book.records),
                   event_truth=list(log.event_truth), text_facts=texts.facts + articles.facts)
