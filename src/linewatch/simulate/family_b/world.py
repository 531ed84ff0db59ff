"""Builds a family-B world from a seed and writes data/ and truth/."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from linewatch.simulate.family_b.business import build_look_alikes, business_traffic
from linewatch.simulate.family_b.events import EVENT_COLUMNS, SEIZURE_COLUMNS, build_events
from linewatch.simulate.family_b.line_traffic import line_traffic
from linewatch.simulate.family_b.network import build_lines
from linewatch.simulate.family_b.params import SCALES, draw_params, stream
from linewatch.simulate.family_b.people import Registry, build_population
from linewatch.simulate.family_b.places import build_geography
from linewatch.simulate.family_b.records import build_nominals, subscriber_rows
from linewatch.simulate.family_b.texts import build_texts
from linewatch.simulate.family_b.traffic import (
    Traffic,
    change_numbers,
    ensure_contacts,
    everyday_traffic,
)
from linewatch.simulate.family_b.truth_files import write_truth
from linewatch.simulate.family_b.writer import CDR_COLUMNS, cdr_rows, write_csv

NOMINAL_COLUMNS = ("source_system", "record_id", "surname", "forenames", "dob", "sex",
                   "address", "postcode", "phone", "nickname", "flags")
FIRST_MONDAY = date(2023, 1, 2)


@dataclass
class FamilyBSummary:
    out_dir: Path
    counts: dict[str, int]
    withheld_rows: int


def simulate_family_b(out_dir: Path | str, seed: int = 1, scale: str = "tiny",
                      ) -> FamilyBSummary:
    """Write a family-B world to ``out_dir`` (data/ and truth/ are replaced)."""
    if scale not in SCALES:
        raise ValueError(f"family b has scales {', '.join(SCALES)}")
    preset = SCALES[scale]
    prm = draw_params(seed)
    setup = stream(seed, "setup")
    start = FIRST_MONDAY + timedelta(weeks=setup.randint(0, 140))
    days = preset.days
    weekday_of = [(start + timedelta(days=d)).weekday() for d in range(days)]
    geo = build_geography(stream(seed, "places"), preset.towns)
    reg = Registry(stream(seed, "numbers"))
    pop = build_population(stream(seed, "people"), geo, reg, preset.households, start,
                           prm.hub_population_share, prm.personal_daily_events)
    line_count = setup.randint(*preset.lines)
    lines = build_lines(stream(seed, "lines"), prm, geo, pop, reg, line_count, days, start,
                        preset.customer_scale)
    found = build_look_alikes(stream(seed, "look-alikes"), prm, geo, pop, reg, lines, start)
    ensure_contacts(stream(seed, "contacts"), pop, reg)
    traffic = Traffic()
    change_numbers(stream(seed, "number-changes"), prm, pop, reg, traffic, days)
    everyday_traffic(stream(seed, "everyday"), prm, reg, traffic, days, weekday_of)
    business_traffic(stream(seed, "business"), prm, geo, pop, reg, lines, found, traffic, days,
                     weekday_of)
    line_traffic(stream(seed, "line-traffic"), prm, pop, reg, lines, traffic, days)
    events = sorted(e for e in traffic.events if e.day < days and e.second < 86400 * 2)
    withheld = stream(seed, "withheld").randint(1, 3)
    rows = cdr_rows(stream(seed, "cdr"), reg, events, start, prm.missing_cell_share,
                    prm.b_cell_known_share, withheld)
    used = {e.a for e in events} | {e.b for e in events}
    recs = build_nominals(stream(seed, "records"), prm, pop, reg, lines, found)
    book = build_events(stream(seed, "events"), prm, geo, pop, reg, recs, lines, found, start,
                        days)
    intel, tips, texts = build_texts(stream(seed, "texts"), prm, geo, pop, lines, start, days)
    out = Path(out_dir)
    for part in ("data", "truth"):
        shutil.rmtree(out / part, ignore_errors=True)
    data = out / "data"
    counts = {
        "cdr": write_csv(data / "cdr.csv", CDR_COLUMNS, rows),
        "cells": write_csv(data / "cells.csv", ("cell_id", "lat", "lon", "azimuth", "site_name",
                                                 "area"),
                           ({"cell_id": c.cell_id, "lat": f"{c.lat:.6f}", "lon": f"{c.lon:.6f}",
                             "azimuth": str(c.azimuth), "site_name": c.site_name,
                             "area": c.area}
                            for c in [*(c for p in geo.places for c in p.cells), *geo.corridor])),
        "addresses": write_csv(data / "addresses.csv", ("address", "postcode", "lat", "lon",
                                                         "uprn", "flags"),
                               ({"address": a.line, "postcode": a.postcode,
                                 "lat": f"{a.lat:.6f}", "lon": f"{a.lon:.6f}", "uprn": a.uprn,
                                 "flags": ";".join(sorted(a.flags))} for a in geo.addresses)),
        "subscribers": write_csv(
            data / "subscribers.csv", ("number", "account_type", "subscriber_name",
                                       "subscriber_address", "subscriber_dob", "activated_on"),
            subscriber_rows(stream(seed, "subscribers"), pop, reg, found, used, start.year)),
        "nominals": write_csv(data / "nominals.csv", NOMINAL_COLUMNS, recs.nominals),
        "events": write_csv(data / "events.csv", EVENT_COLUMNS, book.rows),
        "seizures": write_csv(data / "seizures.csv", SEIZURE_COLUMNS, book.seizures),
        "intel": write_csv(data / "intel.csv", ("report_id", "received_at",
                                                 "source_evaluation", "intelligence_assessment",
                                                 "handling_code", "handling_conditions", "text"),
                           intel),
        "tips": write_csv(data / "tips.csv", ("tip_id", "received_at", "channel", "text"), tips),
    }
    manifest: dict[str, Any] = {
        "format": "linewatch-truth", "version": 1, "family": "b", "seed": seed, "scale": scale,
        "hub": geo.hub_name, "districts": [d.name for d in geo.districts],
        "towns": [t.name for t in geo.towns], "start": start.isoformat(), "days": days,
        "config": {"params": prm.as_dict(), "lines": line_count,
                   "households": preset.households},
        "withheld_cdr_rows": withheld, "counts": dict(counts)}
    write_truth(out / "truth", manifest, start, pop, reg, lines, recs, book, traffic, used,
                texts)
    return FamilyBSummary(out, counts, withheld)
