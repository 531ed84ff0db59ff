"""Force areas from postcodes, through the shipped (and replaceable) data file."""

from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.errors import InputError
from linewatch.ops.forces import UNKNOWN, ForceMap, force_for

#: every geographic postcode area of England and Wales
ENGLAND_AND_WALES = """AL B BA BB BD BH BL BN BR BS CA CB CF CH CM CO CR CT CV CW DA DE DH DL DN
DT DY E EC EN EX FY GL GU HA HD HG HP HR HU HX IG IP KT L LA LD LE LL LN LS LU M ME MK N NE NG
NN NP NR NW OL OX PE PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TF TN TQ
TR TS TW UB W WA WC WD WF WN WR WS WV YO""".split()


@pytest.mark.parametrize(("postcode", "force"), [
    ("ME4 4QU", "Kent Police"), ("ct1 2ab", "Kent Police"), ("TN9 1AA", "Kent Police"),
    ("DA1 1AA", "Kent Police"), ("SE25 6AB", "Metropolitan Police"),
    ("SW9 8AA", "Metropolitan Police"), ("BR1 1AA", "Metropolitan Police"),
    ("CR0 1AA", "Metropolitan Police"), ("L1 8JQ", "Merseyside Police"),
    ("CH41 5AA", "Merseyside Police"), ("M1 1AE", "Greater Manchester Police"),
    ("B1 1AA", "West Midlands Police"), ("CF10 1AA", "South Wales Police"),
])
def test_postcode_areas_map_to_their_force(postcode: str, force: str) -> None:
    assert force_for(postcode).force == force


@pytest.mark.parametrize(("postcode", "force"), [
    ("DA7 4AA", "Metropolitan Police"),  # Bexleyheath: London, although DA is mostly Kent
    ("TN34 1AA", "Sussex Police"),  # Hastings
    ("CH1 1AA", "Cheshire Constabulary"),  # Chester
    ("EC1A 1BB", "Metropolitan Police"),
    ("CR3 5AA", "Surrey Police"),
])
def test_listed_districts_override_their_area(postcode: str, force: str) -> None:
    found = force_for(postcode)
    assert found.force == force
    assert found.uncertain is False


def test_areas_crossing_a_force_boundary_are_marked_uncertain() -> None:
    assert force_for("DA1 1AA").uncertain is True
    assert force_for("ME4 4QU").uncertain is False
    assert "confirm" in force_for("TN9 1AA").basis
    city = force_for("EC2V 7HH")
    assert (city.force, city.uncertain) == ("City of London Police", True)


def test_every_england_and_wales_area_has_a_force() -> None:
    forces = ForceMap.load()
    missing = [a for a in ENGLAND_AND_WALES if a not in forces.areas]
    assert not missing
    assert len(set(forces.areas.values()) | set(forces.districts.values())) >= 43


def test_a_missing_or_bad_postcode_gives_an_unknown_uncertain_force() -> None:
    for value in (None, "", "not a postcode"):
        found = force_for(value)
        assert found.force == UNKNOWN and found.uncertain


def test_a_force_can_replace_the_map_with_its_own_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "forces.yaml"
    own.write_text("areas:\n  ME: {force: Test Constabulary}\n"
                   "  SE:\n    force: Metropolitan Police\n    uncertain: true\n"
                   "    districts:\n      Test Constabulary: [SE25]\n", encoding="utf-8")
    assert ForceMap.load(own).lookup("ME4 4QU").force == "Test Constabulary"
    assert ForceMap.load(own).lookup("SE25 6AB").force == "Test Constabulary"
    monkeypatch.setenv("LINEWATCH_OPS_FORCES", str(own))
    assert force_for("ME4 4QU").force == "Test Constabulary"


def test_an_inconsistent_force_map_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("areas:\n  ME:\n    force: Kent Police\n    districts:\n"
                   "      Other: [SE25]\n", encoding="utf-8")
    with pytest.raises(InputError, match="not in area ME"):
        ForceMap.load(bad)
