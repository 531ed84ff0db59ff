from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.errors import LinewatchError
from linewatch.score.harm import decay, load_harm_weights


@pytest.fixture(scope="module")
def weights():
    return load_harm_weights()


def test_shipped_published_values_match_the_cambridge_index(weights):
    published = {o.key: o.weight_days for o in weights.offences if o.status == "published"}
    assert published == {"murder": 5475, "rape": 1825, "robbery": 365, "supply_class_a": 547.5}


def test_every_weight_names_its_source_or_its_reasoning(weights):
    for offence in weights.offences:
        if offence.status == "published":
            assert offence.source
        else:
            assert offence.status == "local_estimate" and offence.reasoning


@pytest.mark.parametrize(("wording", "key"), [
    ("Being concerned in the supply of Class A drugs", "supply_class_a"),
    ("being concerned in the supply of a controlled drug of class A - crack cocaine",
     "supply_class_a"),
    ("PWITS heroin", "supply_class_a"),
    ("Possession with intent to supply cannabis", "supply_class_b"),
    ("possession of a controlled drug with intent to supply - Class C", "supply_class_c"),
    ("PWITS", "supply_unknown_class"),
    ("Possession of a bladed article in a public place", "bladed_article"),
    ("Possession of an offensive weapon", "bladed_article"),
    ("Possession of a prohibited firearm", "firearm"),
    ("Wounding with intent to cause GBH (s.18)", "gbh_with_intent"),
    ("Inflicting grievous bodily harm", "gbh"),
    ("Assault occasioning actual bodily harm", "abh"),
    ("Attempted murder", "attempted_murder"),
    ("Murder", "murder"),
    ("Robbery", "robbery"),
    ("Possession of class A (crack cocaine)", "possession_class_a"),
    ("Possession of cannabis", "possession_other"),
    ("Possession of criminal property", "criminal_property"),
    ("Money laundering", "money_laundering"),
    ("Arranging or facilitating travel of another person with a view to exploitation",
     "modern_slavery"),
    ("Burglary dwelling", "burglary"),
    ("92A", "supply_class_a"),
    ("HO code 92A", "supply_class_a"),
])
def test_offence_wording_maps_to_its_category(weights, wording, key):
    found = weights.classify(wording)
    assert [c.offence.key for c in found] == [key]


def test_unstated_supply_class_is_settled_by_drugs_seized_at_the_event(weights):
    found = weights.classify("PWITS", frozenset({"A"}))
    assert found[0].offence.key == "supply_class_a"
    assert "seized" in found[0].via


def test_several_offences_in_one_wording_are_each_counted(weights):
    keys = [c.offence.key for c in weights.classify("PWITS class A; possession of a knife")]
    assert keys == ["supply_class_a", "bladed_article"]


def test_unknown_wording_counts_no_harm(weights):
    assert weights.classify("failing to appear") == []
    assert weights.classify(None) == []


def test_decay_halves_harm_every_half_life():
    assert decay(0, 365) == 1.0
    assert decay(365, 365) == pytest.approx(0.5)
    assert decay(730, 365) == pytest.approx(0.25)
    assert decay(-10, 365) == 1.0


def test_a_force_can_ship_its_own_weights(tmp_path: Path):
    path = tmp_path / "force.yaml"
    path.write_text(
        "name: force\ndecay_half_life_days: 180\noutcome_factors: {default: 1.0}\n"
        "offences:\n"
        "  - key: supply\n    weight_days: 1000\n    status: local_estimate\n"
        "    reasoning: force policy\n    patterns: ['supply']\n", encoding="utf-8")
    custom = load_harm_weights(path)
    assert custom.decay_half_life_days == 180
    assert custom.classify("PWITS supply")[0].offence.weight_days == 1000


def test_a_published_weight_without_a_source_is_refused(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("offences:\n  - key: x\n    weight_days: 1\n    status: published\n",
                    encoding="utf-8")
    with pytest.raises(LinewatchError, match="source"):
        load_harm_weights(path)


POLICE_UK_CATEGORIES = (
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
    "Other theft", "Possession of weapons", "Public order", "Robbery", "Shoplifting",
    "Theft from the person", "Vehicle crime", "Violence and sexual offences", "Other crime")


HOME_OFFICE_GROUPS = (
    "Homicide", "Death or serious injury caused by unlawful driving", "Violence with injury",
    "Violence without injury", "Stalking and harassment", "Rape", "Other sexual offences",
    "Robbery", "Residential burglary", "Non-residential burglary", "Vehicle offences",
    "Theft from the person", "Bicycle theft", "Shoplifting", "All other theft offences",
    "Criminal damage and arson", "Trafficking of drugs", "Possession of drugs",
    "Possession of weapons offences", "Public order offences",
    "Miscellaneous crimes against society", "Fraud", "Computer misuse")


@pytest.mark.parametrize("category", POLICE_UK_CATEGORIES + HOME_OFFICE_GROUPS)
def test_every_police_uk_category_has_a_weight_with_its_source(weights, category: str) -> None:
    found = weights.classify(category)
    assert len(found) == 1 and found[0].offence.weight_days > 0
    assert found[0].offence.source or found[0].offence.reasoning


def test_a_category_name_inside_other_wording_is_not_the_category(weights) -> None:
    assert all(c.offence.key != "police_uk_drugs"
               for c in weights.classify("possession with intent to supply drugs"))
