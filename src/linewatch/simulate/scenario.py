"""``simulate()``: build a world, stream its traffic, write the bundle and the truth."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from linewatch.simulate.assembly import build_world
from linewatch.simulate.batch import CallBatch, Clock
from linewatch.simulate.business import business_day
from linewatch.simulate.cdr_writer import CdrWriter
from linewatch.simulate.config import CdrLayout, Scale, ScenarioConfig, make_config
from linewatch.simulate.line_traffic import LineTraffic
from linewatch.simulate.records import write_records
from linewatch.simulate.rng import stream
from linewatch.simulate.traffic import OrdinaryTraffic
from linewatch.simulate.truth import write_truth
from linewatch.simulate.whereabouts import Whereabouts

Progress = Callable[[str, int, int], None]


@dataclass
class ScenarioSummary:
    """What was written: row counts per file and where."""

    out_dir: Path
    config: ScenarioConfig
    cdr_rows: int
    counts: dict[str, int] = field(default_factory=dict)


def simulate(out_dir: Path | str, seed: int = 1, scale: Scale = "tiny", lines: int | None = None,
             days: int | None = None, noise: float = 0.1, region: str = "london", *,
             persons: int | None = None, start: dt.date | None = None,
             cdr_layout: CdrLayout = "auto", progress: Progress | None = None
             ) -> ScenarioSummary:
    """Write a scenario: ``out_dir/data/`` (the input bundle) and ``out_dir/truth/``.

    The same arguments always give the same bytes. ``lines``, ``days`` and ``persons`` default
    to the scale's preset. ``progress(stage, done, total)`` is called as days are written.
    """
    config = make_config(seed=seed, scale=scale, lines=lines, days=days, persons=persons,
                         noise=noise, region=region, start=start, cdr_layout=cdr_layout)
    return simulate_config(Path(out_dir), config, progress)


def simulate_config(out_dir: Path, config: ScenarioConfig,
                    progress: Progress | None = None) -> ScenarioSummary:
    """:func:`simulate` for a ready-made :class:`ScenarioConfig`."""
    data_dir, truth_dir = out_dir / "data", out_dir / "truth"
    for folder in (data_dir, truth_dir):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    report = progress or (lambda stage, done, total: None)
    report("world", 0, config.days)
    world, lines, changes = build_world(config)
    clock = Clock(config.start, world.start_epoch)
    where = Whereabouts(world, clock)
    ordinary = OrdinaryTraffic(world, clock, changes)
    line_traffic = LineTraffic(world, clock, lines)
    writer = CdrWriter(world, data_dir, config.resolved_cdr_layout())
    try:
        for day in range(config.days):
            seed = config.seed
            where.prepare(day, stream(seed, "whereabouts", day))
            batch = CallBatch.concat([
                ordinary.day(day, stream(seed, "ordinary", day)),
                business_day(world, clock, day, stream(seed, "business", day)),
                line_traffic.day(day, stream(seed, "line-traffic", day)),
            ])
            where.fill(day, batch, stream(seed, "cells", day))
            writer.write(day, batch, stream(seed, "cdr-format", day))
            report("cdr", day + 1, config.days)
    finally:
        writer.close()
    rows = writer.rows
    report("records", config.days, config.days)
    written = write_records(world, lines, clock, writer.seen, data_dir)
    write_truth(world, lines, changes, line_traffic.broadcasts, written, writer.seen, truth_dir,
                rows)
    summary = ScenarioSummary(out_dir=out_dir, config=config, cdr_rows=rows,
                              counts={"cdr": rows, **written.counts})
    report("done", config.days, config.days)
    return summary
