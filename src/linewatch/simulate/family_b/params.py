"""Random streams, scale presets and the behavioural parameters of one family-B world.

Every world draws its own parameters from wide ranges (``PARAMETER_RANGES``), so detectors are
measured on worlds whose rates they were never tuned on. The ranges are listed in
docs/simulator.md ("Family B").
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import asdict, dataclass, fields
from typing import Any


def stream(seed: int, *labels: object) -> random.Random:
    """An independent random stream keyed by the seed and a label path."""
    key = ":".join(str(part) for part in (seed, "family-b", *labels))
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 - seeded simulation, not security


@dataclass(frozen=True)
class ScalePreset:
    households: int
    days: int
    lines: tuple[int, int]
    towns: int
    customer_scale: float


SCALES: dict[str, ScalePreset] = {
    "tiny": ScalePreset(households=150, days=10, lines=(2, 3), towns=2, customer_scale=1.0),
    "small": ScalePreset(households=1100, days=21, lines=(3, 5), towns=4,
                          customer_scale=2.5),
}

# name -> (low, high). Integers are drawn uniformly, floats uniformly in [low, high].
PARAMETER_RANGES: dict[str, tuple[float, float]] = {
    "hub_population_share": (0.35, 0.65),
    "personal_daily_events": (1.5, 4.5),
    "sms_share_adult": (0.3, 0.6),
    "sms_share_young": (0.55, 0.85),
    "missed_call_share": (0.05, 0.2),
    "number_change_share": (0.01, 0.06),
    "number_change_retention": (0.5, 0.95),
    "customers_per_line": (14, 45),
    "customer_order_rate": (0.3, 1.2),
    "flare_chance_per_day": (0.1, 0.6),
    "flare_reach": (0.6, 1.0),
    "flare_gap_seconds": (0.3, 4.0),
    "number_life_days": (6, 40),
    "handset_life_days": (4, 25),
    "keep_handset_on_switch": (0.1, 0.7),
    "customer_retention": (0.55, 0.95),
    "old_number_stragglers": (0.05, 0.3),
    "runners_per_line": (2, 6),
    "child_runner_share": (0.55, 0.9),
    "local_recruit_share": (0.0, 0.4),
    "shift_days": (2, 12),
    "controller_holds_line": (0.2, 0.8),
    "controller_extra_phones": (0, 2),
    "cuckooed_trap_share": (0.4, 0.85),
    "move_town_chance": (0.1, 0.6),
    "disruption_chance": (0.2, 0.7),
    "quiet_days_after_disruption": (1, 5),
    "missing_report_chance": (0.3, 0.9),
    "weapons_share": (0.4, 0.9),
    "runner_calls_customer_share": (0.1, 0.5),
    "night_order_share": (0.05, 0.3),
    "takeaways_per_town": (1, 3),
    "couriers": (2, 8),
    "youth_workers": (1, 4),
    "missing_families": (1, 4),
    "record_noise": (0.05, 0.35),
    "missing_dob_share": (0.02, 0.2),
    "missing_cell_share": (0.01, 0.12),
    "b_cell_known_share": (0.0, 0.35),
    "background_record_share": (0.02, 0.08),
    "false_intel_share": (0.1, 0.4),
}

INTEGER_PARAMETERS = {
    "customers_per_line", "number_life_days", "handset_life_days", "runners_per_line",
    "shift_days", "controller_extra_phones", "quiet_days_after_disruption",
    "takeaways_per_town", "couriers", "youth_workers", "missing_families",
}


@dataclass(frozen=True)
class WorldParams:
    hub_population_share: float
    personal_daily_events: float
    sms_share_adult: float
    sms_share_young: float
    missed_call_share: float
    number_change_share: float
    number_change_retention: float
    customers_per_line: int
    customer_order_rate: float
    flare_chance_per_day: float
    flare_reach: float
    flare_gap_seconds: float
    number_life_days: int
    handset_life_days: int
    keep_handset_on_switch: float
    customer_retention: float
    old_number_stragglers: float
    runners_per_line: int
    child_runner_share: float
    local_recruit_share: float
    shift_days: int
    controller_holds_line: float
    controller_extra_phones: int
    cuckooed_trap_share: float
    move_town_chance: float
    disruption_chance: float
    quiet_days_after_disruption: int
    missing_report_chance: float
    weapons_share: float
    runner_calls_customer_share: float
    night_order_share: float
    takeaways_per_town: int
    couriers: int
    youth_workers: int
    missing_families: int
    record_noise: float
    missing_dob_share: float
    missing_cell_share: float
    b_cell_known_share: float
    background_record_share: float
    false_intel_share: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def draw_params(seed: int) -> WorldParams:
    """This world's parameters: one uniform draw per range, from the seed alone."""
    rng = stream(seed, "params")
    values: dict[str, Any] = {}
    for spec in fields(WorldParams):
        low, high = PARAMETER_RANGES[spec.name]
        if spec.name in INTEGER_PARAMETERS:
            values[spec.name] = rng.randint(int(low), int(high))
        else:
            values[spec.name] = round(rng.uniform(low, high), 4)
    return WorldParams(**values)
