"""Shapes of police writing found in the third round of issue 22: short forms of towns, a
force area written with a hyphen, a town's police in lower case, people listed by age after a
counted noun, sex from "Mr"/"Mrs" and from "Both men", a home "given as" a town, warrants
described as an execution, and offences without a named drug. Every sentence is written for
these tests; names, streets and events are invented."""

from __future__ import annotations

from typing import Any

from tests.text.press_shapes import contract as _contract

from linewatch.text import extract


def _brief(text: str) -> list[tuple[Any, ...]]:
    return [(p["age"], p["sex"], p["town"]) for p in extract(text).to_dict()["persons"]]


# -- places -------------------------------------------------------------------------------

def test_a_short_form_of_a_town_gives_its_full_name() -> None:
    text = "Two men from Burton were arrested after a chase through Stockton on Friday."
    assert _contract(text)["locations"] == ["Burton upon Trent", "Stockton-on-Tees"]


def test_a_short_form_after_a_title_is_a_surname_not_a_town() -> None:
    text = "Prosecuting, Mr Burton told the court the cash was hidden in a shed in Harrogate."
    assert _contract(text)["locations"] == ["Harrogate"]


def test_a_borough_named_with_and_is_one_place() -> None:
    text = "Warrants were carried out across Redcar and Cleveland this week."
    assert _contract(text)["locations"] == ["Redcar and Cleveland"]


def test_two_areas_joined_by_a_hyphen_name_a_force_area_not_two_places() -> None:
    text = "Officers in Dyfed-Powys seized heroin in Aberystwyth during the week."
    assert _contract(text)["locations"] == ["Aberystwyth"]


def test_a_towns_police_in_lower_case_is_the_town_not_a_force() -> None:
    contract = _contract("Harwich police have asked drivers to slow down near the quay.")
    assert contract["locations"] == ["Harwich"]
    assert contract["agencies"] == []


def test_a_county_force_in_lower_case_is_still_a_force() -> None:
    contract = _contract("Kent police said two men were arrested in Margate.")
    assert contract["agencies"] == ["Kent Police"]
    assert contract["locations"] == ["Margate"]


def test_a_town_before_new_road_is_a_street() -> None:
    assert _contract("Cash was found on Leek New Road in Stoke.")["locations"] == [
        "Stoke-on-Trent"]


def test_a_town_before_a_new_street_station_still_counts() -> None:
    text = "A bag of cannabis was seized at Carlisle New Street station on Monday."
    assert _contract(text)["locations"] == ["Carlisle"]


def test_a_headline_town_and_a_next_line_opening_police_are_no_force() -> None:
    contract = _contract("Cash seized from van in Whitby\nPolice said a man was held.")
    assert contract["agencies"] == []
    assert contract["locations"] == ["Whitby"]


def test_a_town_naming_a_task_force_or_council_is_no_place() -> None:
    text = ("The Selby Rural Task Force stopped a van in Goole, and Lincolnshire County "
            "Council closed the flat.")
    assert _contract(text)["locations"] == ["Goole"]


def test_the_street_area_of_a_town_gives_the_town_only() -> None:
    text = "Cannabis was found in the Mill Avenue area of Hexham."
    assert _contract(text)["locations"] == ["Hexham"]


# -- people -------------------------------------------------------------------------------

def test_a_counted_noun_followed_by_each_age_is_that_many_people() -> None:
    text = ("Police searched a flat in Wakefield. Three men, a 22-year-old, a 30 year-old and "
            "a 41 year-old were arrested for possession with intent to supply.")
    assert _brief(text) == [(22, "M", None), (30, "M", None), (41, "M", None)]
    assert _contract(text)["arrests"] == 3


def test_a_counted_noun_whose_ages_do_not_add_up_describes_nobody_by_age() -> None:
    text = "Three girls, a 15 year old and a 16 year old, were safeguarded."
    assert (15, "F", None) not in _brief(text)


def test_the_noun_with_a_comma_age_is_one_person() -> None:
    text = "The boy, 15, hid in a garden in Mansfield but was found by a police dog."
    assert _brief(text) == [(15, "M", None)]


def test_mr_before_a_surname_gives_the_defendant_a_sex() -> None:
    text = ("Kai Rudd was stopped on the A1. Rudd, 31, of Mill Lane, Perth, admitted the "
            "offence. Defending, Ann Lowe said Mr Rudd had lost his job.")
    assert _brief(text) == [(31, "M", "Perth")]


def test_mrs_before_the_surname_of_someone_only_quoted_adds_nobody() -> None:
    text = ("Neighbour Jo Penn said the flat had been taken over. \"It was awful,\" said Mrs "
            "Penn. A 40-year-old man was arrested.")
    assert _brief(text) == [(40, "M", None)]


def test_both_men_gives_the_two_people_before_it_their_sex() -> None:
    text = ("Ola Brant, 24, and Tam Reese, 29, both of Leeds, were charged with supplying "
            "cocaine. Both men were remanded in custody.")
    assert _brief(text) == [(24, "M", "Leeds"), (29, "M", "Leeds")]


def test_an_address_given_as_a_town_is_the_home() -> None:
    text = ("Kai Rudd, 31, whose address was given as Dundee, faced one charge of being "
            "concerned in the supply of drugs.")
    assert _brief(text) == [(31, None, "Dundee")]
    assert _contract(text)["persons"][0]["offences"] == [
        "being concerned in the supply of drugs"]


def test_an_address_given_as_a_street_and_town_is_the_town() -> None:
    text = "Kai Rudd, 31, whose address was given as Mill Lane, Perth, appeared in court."
    assert _brief(text) == [(31, None, "Perth")]


# -- counts and offences ------------------------------------------------------------------

def test_the_execution_of_a_warrant_is_one_warrant() -> None:
    text = "Cannabis was found in a flat in Hull following the execution of a warrant."
    assert _contract(text)["warrants"] == 1


def test_drugs_seized_during_a_warrant_is_one_warrant() -> None:
    assert _contract("Heroin was seized during a warrant in Rhyl.")["warrants"] == 1


def test_a_warrant_named_by_its_act_and_then_executed_is_one_warrant() -> None:
    text = "With a Section 23 Misuse of Drugs Act warrant executed, officers found cash."
    assert _contract(text)["warrants"] == 1


def test_arrested_on_a_warrant_is_no_search_warrant() -> None:
    assert _contract("A man was arrested on a warrant in Leek.")["warrants"] is None


def test_intent_to_supply_without_a_drug_is_supplying_drugs() -> None:
    text = "A 33-year-old woman was arrested for possession with intent to supply at the house."
    assert _contract(text)["persons"][0]["offences"] == [
        "possession with intent to supply drugs"]


def test_intent_to_supply_a_class_b_drug_names_the_class() -> None:
    text = ("A 54-year-old woman from Hull was arrested on suspicion of possession with intent "
            "to supply a Class B drug.")
    assert _contract(text)["persons"][0]["offences"] == [
        "possession with intent to supply Class B drugs"]


def test_a_youth_detained_for_months_is_sentenced_not_arrested() -> None:
    text = ("A 15-year-old boy from Kendal has been detained for ten months after admitting "
            "affray.")
    assert _contract(text)["arrests"] is None


def test_a_bare_man_arrested_twice_is_one_man() -> None:
    text = ("A man has been arrested after a raid in a village near Thetford. Heroin was found "
            "in a shed, with a man subsequently arrested at the scene.")
    assert _brief(text) == [(None, "M", None)]
    assert _contract(text)["arrests"] == 1


def test_an_unnamed_woman_arrested_is_the_woman_described_later() -> None:
    text = ("Cash was found in a vacuum cleaner in Bootle. An unnamed local woman has also been "
            "arrested. A spokesman said a 51-year-old woman from Bootle was arrested on "
            "suspicion of possession of cannabis.")
    assert _brief(text) == [(51, "F", "Bootle")]
    assert _contract(text)["arrests"] == 1


def test_two_bare_men_in_one_sentence_stay_two() -> None:
    text = ("A 26-year-old man was arrested in Corby. Officers later stopped a car and a man "
            "was arrested, and a man was arrested at a flat.")
    assert len(_brief(text)) == 3


def test_vulnerable_people_identified_and_safeguarded_are_counted() -> None:
    assert _contract("- 41 vulnerable adults and children identified and safeguarded;")[
        "safeguarded"] == 41
    assert _contract("Officers identified 12 vulnerable children and adults and safeguarded "
                     "them.")["safeguarded"] == 12


def test_an_age_before_a_surname_already_named_is_that_persons_age() -> None:
    text = ("Derek Moss and Ian Lyle were stopped in Hull. Both 36-year-old Moss and his "
            "passenger, 46-year-old Ian Lyle, were arrested.")
    assert sorted(_brief(text), key=str) == [(36, "M", None), (46, None, None)]
    assert _contract(text)["arrests"] == 2


def test_both_before_an_age_and_no_name_is_still_two_people() -> None:
    assert _brief("Two dealers, both 25-years-old, were jailed.") == [
        (25, None, None), (25, None, None)]
