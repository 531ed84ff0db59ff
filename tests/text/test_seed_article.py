"""The real press release in shared/fixtures/seed-article.txt (read at test time, never copied
into this repository)."""

import os
from pathlib import Path

import pytest

from linewatch.text import extract


def _seed_path() -> Path:
    override = os.environ.get("LINEWATCH_SHARED_DIR")
    base = Path(override) if override else Path(__file__).resolve().parents[2] / ".." / "shared"
    return base / "fixtures" / "seed-article.txt"


@pytest.fixture(scope="module")
def seed() -> dict[str, object]:
    path = _seed_path()
    if not path.is_file():
        pytest.skip(f"seed article not found at {path.resolve()}: these tests need the shared/ "
                    f"reference folder beside the repository (or LINEWATCH_SHARED_DIR set to it)")
    return extract(path.read_text("utf-8")).to_contract()


def test_seed_warrants_and_arrests(seed: dict[str, object]) -> None:
    assert seed["warrants"] == 7
    assert seed["arrests"] == 7


def test_seed_two_chatham_arrests_with_their_offence(seed: dict[str, object]) -> None:
    offence = "being concerned in the supply of Class A drugs"
    persons = seed["persons"]
    assert isinstance(persons, list)
    assert {"age": 21, "sex": "F", "town": "Chatham", "offences": [offence]} in persons
    assert {"age": 40, "sex": "M", "town": "Chatham", "offences": [offence]} in persons


def test_seed_cash_drugs_and_weapons(seed: dict[str, object]) -> None:
    assert seed["cash_gbp"] == 20000
    assert seed["drugs"] == [{"class": "A", "name": None, "quantity": None},
                             {"class": "B", "name": None, "quantity": None}]
    assert "knife" in seed["weapons"]  # type: ignore[operator]


def test_seed_places_and_agencies(seed: dict[str, object]) -> None:
    locations = seed["locations"]
    assert isinstance(locations, list)
    for place in ("South London", "Kent", "Chatham", "South Norwood"):
        assert place in locations
    agencies = seed["agencies"]
    assert isinstance(agencies, list)
    assert "Metropolitan Police" in agencies and "Kent Police" in agencies
    assert "Crimestoppers" not in agencies


def test_seed_says_nothing_it_does_not_say(seed: dict[str, object]) -> None:
    assert seed["phones"] == [] and seed["vehicles"] == []
    assert seed["safeguarded"] is None and seed["operation_name"] is None
