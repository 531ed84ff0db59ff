"""Scenario settings: scale presets and the parameters of the simulated world.

The numbers that come from published sources are listed with their source in
``docs/simulator.md``; the rest are modelling choices, kept here so they can be changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

Scale = Literal["tiny", "small", "medium", "large"]
CdrLayout = Literal["auto", "csv", "parquet", "parts"]


@dataclass(frozen=True)
class ScalePreset:
    """Default size of a scenario at one scale."""

    persons: int
    days: int
    lines: int
    hub_districts: int
    county_towns: int
    cells_per_hub_district: int
    cells_per_county_town: int
    customers_per_line: tuple[int, int]
    mean_daily_events: float


SCALES: dict[str, ScalePreset] = {
    "tiny": ScalePreset(persons=500, days=8, lines=2, hub_districts=4, county_towns=3,
                        cells_per_hub_district=3, cells_per_county_town=3,
                        customers_per_line=(22, 30), mean_daily_events=1.9),
    "small": ScalePreset(persons=13_000, days=28, lines=6, hub_districts=9, county_towns=6,
                         cells_per_hub_district=6, cells_per_county_town=5,
                         customers_per_line=(90, 220), mean_daily_events=2.6),
    "medium": ScalePreset(persons=62_000, days=56, lines=16, hub_districts=12, county_towns=8,
                          cells_per_hub_district=12, cells_per_county_town=9,
                          customers_per_line=(160, 420), mean_daily_events=2.7),
    "large": ScalePreset(persons=310_000, days=112, lines=40, hub_districts=14, county_towns=9,
                         cells_per_hub_district=24, cells_per_county_town=16,
                         customers_per_line=(250, 700), mean_daily_events=2.7),
}


@dataclass(frozen=True)
class LineParameters:
    """How county lines behave. Defaults and their sources: ``docs/simulator.md``."""

    flares_per_day: float = 0.25
    flare_reach: tuple[float, float] = (0.85, 1.0)
    flare_gap_seconds: float = 1.2
    number_life_days: float = 30.0
    handset_life_days: float = 12.0
    disruption_chance: float = 0.35
    relaunch_chance: float = 0.8
    quiet_days: tuple[int, int] = (2, 6)
    runners_per_line: tuple[int, int] = (2, 4)
    child_runner_share: float = 0.7
    trip_days: tuple[int, int] = (3, 9)
    controller_holds_line_share: float = 0.5
    daily_customer_share: float = 0.3
    customer_retention_on_switch: float = 0.88
    traps_per_line: tuple[int, int] = (1, 2)
    cuckooed_trap_share: float = 0.75
    missing_report_chance: float = 0.5
    weapons_share: float = 0.75


@dataclass(frozen=True)
class PopulationParameters:
    """How the ordinary population behaves."""

    commuter_share: float = 0.08
    driver_share: float = 0.02
    heavy_user_share: float = 0.04
    phone_change_share: float = 0.03
    handset_upgrade_share: float = 0.03
    voice_share_adult: float = 0.55
    voice_share_young: float = 0.25
    records_share: float = 0.04


@dataclass(frozen=True)
class ScenarioConfig:
    """Everything that decides a scenario. Same config (and seed) => same bytes."""

    seed: int = 1
    scale: Scale = "tiny"
    lines: int = 2
    days: int = 8
    persons: int = 500
    noise: float = 0.1
    region: str = "london"
    start: dt.date = dt.date(2024, 9, 2)
    cdr_layout: CdrLayout = "auto"
    line: LineParameters = field(default_factory=LineParameters)
    population: PopulationParameters = field(default_factory=PopulationParameters)

    @property
    def preset(self) -> ScalePreset:
        return SCALES[self.scale]

    def resolved_cdr_layout(self) -> CdrLayout:
        """``csv`` at tiny scale, one Parquet file at small and medium, parts at large."""
        if self.cdr_layout != "auto":
            return self.cdr_layout
        if self.scale == "tiny":
            return "csv"
        return "parquet" if self.scale in ("small", "medium") else "parts"


def make_config(*, seed: int = 1, scale: Scale = "tiny", lines: int | None = None,
                days: int | None = None, persons: int | None = None, noise: float = 0.1,
                region: str = "london", start: dt.date | None = None,
                cdr_layout: CdrLayout = "auto") -> ScenarioConfig:
    """A config from the scale preset, with any given value taking precedence."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale '{scale}' (choose from {', '.join(SCALES)})")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, not {noise}")
    preset = SCALES[scale]
    config = ScenarioConfig(seed=seed, scale=scale, lines=preset.lines, days=preset.days,
                            persons=preset.persons, noise=noise, region=region,
                            cdr_layout=cdr_layout)
    if lines is not None:
        config = replace(config, lines=max(0, lines))
    if days is not None:
        config = replace(config, days=max(1, days))
    if persons is not None:
        config = replace(config, persons=max(100, persons))
    if start is not None:
        config = replace(config, start=start)
    return config
