"""Shapes of police writing found in the fourth round of issue 22: drug values written
without "worth", cash called "illicit" or "valued at", a round week total over its parts,
warrants that were obtained, conducted or listed in bullets, forces written in short or capital
forms, harbour police, two names of one force, a regional unit in apposition, and arrests
given without a count. Every sentence is written for these tests; names, streets and events are
invented."""

from __future__ import annotations

from typing import Any

import pytest
from tests.text.press_shapes import contract as _contract

# -- cash versus values ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "£3.1m suspected heroin seized and three arrested in dawn raids.",
    "Detectives seized £80,000 suspected cannabis from a lorry.",
    "Officers found a £95,000 cannabis farm in a disused chapel.",
    "Police raided a £40,000-a-month drugs business run from a flat.",
    "A further £52,000 worth of cannabis was also found, bringing the total value of the "
    "drugs at the barn to £410,000.",
])
def test_a_drug_value_or_a_price_is_no_cash(text: str) -> None:
    assert _contract(text)["cash_gbp"] is None


@pytest.mark.parametrize(("text", "cash"), [
    ("Cash valued at almost £7,400 was seized along with three phones.", 7400),
    ("Heroin worth £9,000 and £2,300 in illicit cash were found in the loft.", 2300),
    ("Officers found £15,000 worth of crack cocaine and £4,100 in cash.", 4100),
])
def test_cash_beside_a_value_word_is_still_cash(text: str, cash: int) -> None:
    assert _contract(text)["cash_gbp"] == cash


def test_a_round_week_total_given_first_is_not_added_to_its_parts() -> None:
    text = ("Officers arrested 19 people and seized more than £26,000 in cash during the week.\n"
            "In Milbury, £1,500 in cash was found in a bedroom.\n"
            "In Ashcombe, a search found £700 in cash and a knife.")
    assert _contract(text)["cash_gbp"] == 26000


def test_separate_exact_seizures_are_still_added_up() -> None:
    text = ("Officers seized £1,500 in cash in Milbury on Monday.\n"
            "On Thursday a search in Ashcombe found £700 in cash.")
    assert _contract(text)["cash_gbp"] == 2200


# -- warrants -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "After gathering intelligence, officers obtained a drugs warrant for the flat.",
    "On 4 May officers conducted a warrant at a house in Milbury.",
    "Two men were detained by detectives carrying out the warrant on Friday.",
    "Officers executed the search warrant just after dawn.",
])
def test_one_warrant_in_other_words(text: str) -> None:
    assert _contract(text)["warrants"] == 1


def test_an_arrest_warrant_is_no_search_warrant() -> None:
    assert _contract("Officers executed the arrest warrant at a hotel.")["warrants"] is None


def test_warrants_in_separate_bullets_are_added() -> None:
    text = ("During the week:\n"
            "  • Three warrants executed in Milbury, leading to four arrests\n"
            "  • A warrant executed at an address in Ashcombe led to one arrest")
    assert _contract(text)["warrants"] == 4


def test_warrants_told_in_separate_sentences_are_each_counted() -> None:
    text = ("Cocaine was found after officers executed a warrant at a house in Milbury. "
            "Later, plants were removed from a flat in Ashcombe following the execution of a "
            "warrant.")
    assert _contract(text)["warrants"] == 2


def test_a_count_of_warrants_is_not_raised_by_one_of_them() -> None:
    text = ("Officers executed seven warrants across the county. "
            "During a warrant in Milbury, a knife was found.")
    assert _contract(text)["warrants"] == 7


# -- agencies -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "agency"), [
    ("Officers from Notts Police searched the house.", "Nottinghamshire Police"),
    ("The raid was led by Wilts Police and the dog unit.", "Wiltshire Police"),
    ("DERBYSHIRE Police have charged a man from Ilkeston.", "Derbyshire Police"),
    ("The car was stopped by Northumbria Police on the A1.", "Northumbria Police"),
])
def test_a_force_in_a_short_or_capital_form_is_the_force(text: str, agency: str) -> None:
    assert _contract(text)["agencies"] == [agency]


def test_harbour_police_of_a_town_is_an_agency() -> None:
    text = "Detectives, supported by Milford Haven Harbour Police, stopped a van at the docks."
    assert "Milford Haven Harbour Police" in _contract(text)["agencies"]


def test_two_names_of_one_force_are_one_agency() -> None:
    text = ("Essex Police carried out the raids. A spokesman for Essex Constabulary said three "
            "men were charged.")
    assert _contract(text)["agencies"] == ["Essex Police"]


def test_a_county_police_beside_its_joint_force_is_the_joint_force() -> None:
    text = ("Somerset police raid flats. Officers from Avon and Somerset Police searched four "
            "flats in Taunton.")
    assert _contract(text)["agencies"] == ["Avon and Somerset Police"]


def test_a_regional_unit_named_then_described_is_one_body() -> None:
    text = ("Tarian, the Regional Organised Crime Unit for southern Wales, led the week with "
            "Gwent Police.")
    assert _contract(text)["agencies"] == ["Tarian", "Gwent Police"]


def test_a_regional_unit_with_a_long_region_keeps_the_whole_name() -> None:
    text = "The Yorkshire and the Humber Regional Organised Crime Unit arrested two men in Hull."
    assert _contract(text)["agencies"] == [
        "Yorkshire and the Humber Regional Organised Crime Unit"]


def test_a_short_force_name_in_a_list_takes_the_canonical_name() -> None:
    text = "Officers from Kent, Hampshire and Surrey police joined the operation."
    assert _contract(text)["agencies"] == ["Kent Police",
                                           "Hampshire and Isle of Wight Constabulary",
                                           "Surrey Police"]


# -- arrests without a count ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "arrests"), [
    ("Officers went to the flat in Milbury. Upon arrival, both men were arrested.", 2),
    ("The operation led to the arrests of six men and two women, aged between 19 and 44.", 8),
    ("DNA on the wrapping led to his arrest in March.", 1),
    ("The defendant, who cannot be named because of his age, was arrested at a friend's home.",
     1),
    ("He told officers about the knife after they searched his bag when arresting him.", 1),
    ("Neither of the arrested pair lives in the town, police said.", 2),
])
def test_arrests_read_from_wording_without_a_count(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


# -- people -----------------------------------------------------------------------------------

def _people(text: str) -> list[tuple[Any, ...]]:
    return [(p["age"], p["sex"], p["town"]) for p in _contract(text)["persons"]]


def test_a_counted_group_with_one_age_gives_each_member_that_age() -> None:
    text = ("At a flat in Milbury, three women aged 41 and another aged 52 were arrested on "
            "suspicion of supplying heroin.")
    assert _people(text) == [(41, "F", None), (41, "F", None), (41, "F", None),
                             (52, "F", None)]


def test_names_listed_after_a_counted_noun_take_its_sex() -> None:
    text = "Two brothers, Kit Varden, 18, and Alf Varden, 20, ran the line from a caravan."
    assert _people(text) == [(18, "M", None), (20, "M", None)]


def test_names_sharing_one_age_each_get_it() -> None:
    text = "Rona Tilby, Dex Amory and Sol Pike, all 23, were charged on Friday."
    assert _people(text) == [(23, None, None), (23, None, None), (23, None, None)]


def test_ages_with_a_serial_comma_are_all_read() -> None:
    text = "Four men, aged 19, 22, 30, and 35, were charged with conspiracy to supply cocaine."
    assert [p[0] for p in _people(text)] == [19, 22, 30, 35]


def test_an_age_with_a_space_after_its_hyphen_is_read() -> None:
    assert _people("A 31- year old woman was arrested in Ashcombe.") == [(31, "F", None)]


def test_an_age_range_describes_nobody() -> None:
    text = "Police detained nine men and three women, aged between 19 and 50-years-old."
    assert _people(text) == []


def test_one_of_a_counted_list_is_a_count_unless_described() -> None:
    assert _people("Twelve men and one woman were taken into custody.") == []
    text = "Police arrested two men and one woman from Milbury."
    assert _people(text) == [(None, "M", "Milbury"), (None, "M", "Milbury"),
                             (None, "F", "Milbury")]


# -- places ---------------------------------------------------------------------------------

def test_the_district_after_a_street_is_a_place() -> None:
    text = "Cannabis plants were found at a unit in Quarry Road, Lowbeck, during the search."
    assert _contract(text)["locations"] == ["Lowbeck"]


def test_unknown_names_listed_with_a_known_town_are_places() -> None:
    text = "Warrants were executed in Lowbeck, Harrowfield and Leeds this morning."
    assert _contract(text)["locations"] == ["Lowbeck", "Harrowfield", "Leeds"]


def test_unknown_names_listed_inside_a_known_town_are_places() -> None:
    text = "Cocaine was found at addresses in Lowbeck and Harrowfield in Leeds."
    assert _contract(text)["locations"] == ["Lowbeck", "Harrowfield", "Leeds"]


def test_streets_and_days_in_a_list_are_no_places() -> None:
    text = ("Raids were carried out on Quarry Road, Mill Street and Leeds Road in Bradford, and "
            "in Leeds and Bradford on Thursday.")
    assert _contract(text)["locations"] == ["Bradford", "Leeds"]


def test_a_harbour_area_is_no_place() -> None:
    assert _contract("The lorry was stopped in the Harbour area at 6am.")["locations"] == []


def test_no_home_town_inside_an_agency_name() -> None:
    text = ("A 40-year-old man was charged. Det Insp Tom Reyes from the Yorkshire and the Humber "
            "Regional Organised Crime Unit said the drugs were found in Doncaster.")
    result = _contract(text)
    assert [(p["age"], p["town"]) for p in result["persons"]] == [(40, None)]
    assert result["locations"] == ["Doncaster"]


# -- weapons and safeguarding -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "weapons"), [
    ("Under the sofa officers found a zombie style knife and a ninja star.",
     ["zombie knife", "ninja star"]),
    ("A metal pole and an iron bar were seized from the car.", ["metal pole", "metal bar"]),
])
def test_more_weapon_names(text: str, weapons: list[str]) -> None:
    assert _contract(text)["weapons"] == weapons


@pytest.mark.parametrize(("text", "safeguarded"), [
    ("The week saw the safeguarding of four boys under the age of 16, and two women.", 6),
    ("Besides the arrests, seven people were referred for protection.", 7),
    ("Nine adults were referred for safeguarding after the visits.", 9),
])
def test_safeguarding_in_other_words(text: str, safeguarded: int) -> None:
    assert _contract(text)["safeguarded"] == safeguarded


def test_an_addict_with_a_town_before_the_noun_is_a_person_of_that_town() -> None:
    text = "Judges upheld the sentence given to a Hastings drug addict caught with a blade."
    assert _people(text) == [(None, None, "Hastings")]


def test_a_role_with_an_age_refers_back_to_the_person_of_the_opening_line() -> None:
    text = ("A teenager from Hastings has been sentenced for a stabbing.\n"
            "The 17-year-old defendant was sentenced at Lewes Crown Court today.")
    assert _people(text) == [(17, None, "Hastings")]


def test_youth_before_an_institution_noun_is_nobody() -> None:
    text = "He was sent to a youth detention centre. A drug user support service was told."
    assert _people(text) == []


def test_a_home_in_a_town_is_the_home_town() -> None:
    text = ("Officers began the inquiry after a 15-year-old girl was reported missing from her "
            "home in south London.")
    assert _people(text) == [(15, "F", "London")]


def test_a_home_after_of_belongs_to_someone_else() -> None:
    text = "A tenant of landlord Ray Dunmore, 61, was preyed upon in his flat in Ipswich."
    assert _people(text) == [(61, None, None)]


@pytest.mark.parametrize(("text", "places"), [
    ("Officers seized cocaine after stopping a car in Flintshire on Friday.", ["Flintshire"]),
    ("Raids took place in Neath Port Talbot and Monmouthshire.",
     ["Neath Port Talbot", "Monmouthshire"]),
    ("Cannabis was found at a farm in Clackmannanshire.", ["Clackmannanshire"]),
])
def test_welsh_and_scottish_council_areas_are_places(text: str, places: list[str]) -> None:
    assert _contract(text)["locations"] == places


@pytest.mark.parametrize(("text", "weapons"), [
    ("He admitted possession of an offensive weapon, namely a knuckle duster.", []),
    ("She was charged with possessing ammunition for a firearm when prohibited.", []),
    ("Officers seized firearm ammunition and cash from the loft.", ["ammunition"]),
])
def test_weapons_named_inside_an_offence_or_as_ammunition_are_not_listed(
        text: str, weapons: list[str]) -> None:
    assert _contract(text)["weapons"] == weapons
