"""Numbers, handsets, regions and noise: the parts the scenario is built from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import phonenumbers
import pytest
from simhelpers import e164, read_csv

from linewatch.simulate import REGIONS, simulate
from linewatch.simulate import noise as record_noise
from linewatch.simulate.numbering import (
    FORMATS,
    UNALLOCATED_BLOCKS,
    allocate_numbers,
    make_imeis,
    make_imsis,
    written,
)
from linewatch.simulate.regions import resolve_places


@pytest.mark.parametrize(("prefix", "digits"), UNALLOCATED_BLOCKS)
def test_number_blocks_are_possible_but_never_valid(prefix: str, digits: int) -> None:
    rng = np.random.default_rng(0)
    for suffix in [0, 10 ** digits - 1, *rng.integers(0, 10 ** digits, size=20)]:
        parsed = phonenumbers.parse(f"+44{prefix}{int(suffix):0{digits}d}", None)
        assert phonenumbers.is_possible_number(parsed)
        assert not phonenumbers.is_valid_number(parsed)


def test_numbers_start_in_the_07700_9_block_and_are_distinct() -> None:
    numbers = allocate_numbers(5_000, np.random.default_rng(1))
    assert len(set(numbers)) == 5_000
    assert all(n.startswith("+4477009") for n in numbers)
    spill = allocate_numbers(100_500, np.random.default_rng(1))
    assert sum(not n.startswith("+4477009") for n in spill) == 500


def test_every_written_form_parses_back_to_the_number() -> None:
    for style in FORMATS:
        assert e164(written("+447700912345", style)) == "+447700912345"


def test_imeis_have_luhn_digits_and_imsis_are_uk() -> None:
    rng = np.random.default_rng(2)
    imeis = make_imeis(200, rng.random(200) < 0.5, rng)
    assert len(set(imeis)) == 200
    for imei in imeis:
        digits = [int(c) for c in imei]
        total = sum(d if i % 2 == 0 else (2 * d - 9 if 2 * d > 9 else 2 * d)
                    for i, d in enumerate(digits))
        assert len(imei) == 15 and total % 10 == 0
    assert all(i.startswith("234") and len(i) == 15 for i in make_imsis(50, rng))


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_every_region_has_places_with_coordinates_near_its_hub(region: str) -> None:
    spec = REGIONS[region]
    places = resolve_places(spec, len(spec.districts), len(spec.towns))
    hub = [p for p in places if p.is_hub]
    towns = [p for p in places if not p.is_hub]
    assert len(hub) >= 8 and len(towns) >= 7
    centre = (np.mean([p.lat for p in hub]), np.mean([p.lon for p in hub]))
    for place in hub:
        assert abs(place.lat - centre[0]) < 0.2 and abs(place.lon - centre[1]) < 0.3, place
    for place in towns:
        assert 0.1 < abs(place.lat - centre[0]) + abs(place.lon - centre[1]) < 4.0, place


@pytest.mark.parametrize("region", ["liverpool", "birmingham", "manchester"])
def test_other_regions_generate_their_own_geography(tmp_path: Path, region: str) -> None:
    simulate(tmp_path, seed=4, scale="tiny", days=2, region=region)
    areas = {r["area"] for r in read_csv(tmp_path / "data" / "cells.csv")}
    assert "London" not in areas and "Kent" not in areas
    assert REGIONS[region].hub_area in areas
    lines = read_csv(tmp_path / "truth" / "lines.csv")
    assert {line["hub"] for line in lines} == {REGIONS[region].hub}


def test_noise_transposes_day_and_month_and_shortens_forenames() -> None:
    rng = np.random.default_rng(3)
    dob = dt.date(2008, 3, 9)
    seen = {record_noise.date_of_birth(dob, 1.0, rng) for _ in range(300)}
    assert "2008-09-03" in seen and "" in seen and "2008-03-09" in seen
    forms = {record_noise.forename("Jayden", 0.5, rng).lower() for _ in range(200)}
    assert {"jayden", "jay"} <= forms


def test_noise_level_changes_how_messy_records_are(tmp_path: Path) -> None:
    def blank_share(noise: float) -> float:
        simulate(tmp_path / str(noise), seed=9, scale="tiny", days=4, noise=noise)
        rows = read_csv(tmp_path / str(noise) / "data" / "nominals.csv")
        return sum(not r["dob"] or not r["postcode"] for r in rows) / len(rows)

    assert blank_share(0.0) < blank_share(0.8)
