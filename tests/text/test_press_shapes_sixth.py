"""Shapes of police writing studied in the sixth round of issue 22: arrests told without a
count next to the verb ("the arrest of the two suspects", "since his arrest", "their arrests",
"officers detained four men"), a rounded count beside the exact total, the everyday short form
of a town ("Leamington" for "Royal Leamington Spa") before a plural noun, and a home given as
"who is from the X area". Every sentence is written for these tests; names, streets and events
are invented (the gazetteer's own towns are used where the rule reads the gazetteer)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.text.press_shapes import contract as _contract
from tests.text.press_shapes import people as _people

from linewatch.text.gazetteer import load_gazetteer, short_form

# -- arrests without a count next to the verb ---------------------------------------------------

@pytest.mark.parametrize(("text", "arrests"), [
    ("A search of the flat turned up cocaine and scales, leading to the arrest of the two "
     "suspects.", 2),
    ("The swift work of the patrol led to the arrests of three men near the canal.", 3),
    ("The court heard he had stayed out of trouble since his arrest in the spring.", 1),
    ("Nell Varga, 31, and Tobin Rusk, 44, admitted supplying heroin. Their arrests came after "
     "a car was stopped on the bypass.", 2),
    ("Both were found with wraps of crack cocaine and they were later arrested at a flat.", 2),
    ("Plain-clothed officers detained four men near the bus station.", 4),
    ("Three women were detained after the search of the house.", 3),
])
def test_arrests_told_without_a_count_next_to_the_verb(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


@pytest.mark.parametrize("text", [
    "The boy was detained for 18 months at the youth court.",
    "Two teenagers were detained after pleading guilty to robbery.",
    "Two men were detained under the Mental Health Act.",
    "“Their arrests show we mean business,” the inspector said.",
])
def test_detained_as_a_sentence_or_in_speech_is_no_arrest(text: str) -> None:
    assert _contract(text)["arrests"] is None


def test_a_rounded_count_gives_way_to_the_exact_total_just_under_it() -> None:
    text = ("Nearly 80 arrests were made during the week of action.\n"
            "Across the force area, a total of 77 arrests were made and 40 homes were visited.")
    assert _contract(text)["arrests"] == 77


def test_a_rounded_count_far_above_the_exact_one_is_kept() -> None:
    text = ("Almost 300 arrests were made across the region.\n"
            "In the county itself, a total of 41 arrests were made.")
    assert _contract(text)["arrests"] == 300


def test_more_than_a_count_is_not_rounded_down() -> None:
    text = ("More than 90 arrests were made across the region.\n"
            "In the county, a total of 85 arrests were made.")
    assert _contract(text)["arrests"] == 90


# -- towns ----------------------------------------------------------------------------------

def test_short_form_drops_royal_and_spa() -> None:
    assert short_form("Royal Leamington Spa") == "Leamington"
    assert short_form("Royal Tunbridge Wells") == "Tunbridge Wells"
    assert short_form("Leeds") is None


def test_the_short_form_of_a_royal_town_is_a_place() -> None:
    gaz = load_gazetteer()
    royal = [n for n in gaz.names() if n.startswith("Royal ") and gaz.lookup(n)]
    assert royal, "the gazetteer has towns named 'Royal ...'"
    for name in royal:
        short = short_form(name)
        assert short is not None and gaz.lookup(short) is not None


def test_a_town_short_form_before_a_plural_noun_gives_count_sex_and_town() -> None:
    assert _people("Officers seized £3,000 in cash from two Leamington men on Friday.") == [
        (None, "M", "Leamington"), (None, "M", "Leamington")]


@pytest.mark.parametrize(("text", "person"), [
    ("A 25-year-old man was stopped near the station. The 25-year-old, who is from the "
     "Bristol area, was arrested on suspicion of drug supply.", (25, "M", "Bristol")),
    ("A woman, who was originally from Leeds, was charged with possession.", (None, "F", "Leeds")),
])
def test_who_is_from_the_area_gives_the_home_town(text: str, person: tuple[Any, ...]) -> None:
    assert _people(text) == [person]


# -- a round-up of separate arrests ------------------------------------------------------------

ROUND_UP = ("Drugs seized across the north in the last quarter\n"
            "Two men have been arrested after a cannabis grow was found in a barn in Penrith. "
            "A man has been arrested and charged after heroin was found in his van. "
            "In Keswick, a man and a woman were arrested after a search of their home. "
            "Officers arrested and charged two men in Workington after a car was stopped.")


def test_separate_arrests_at_separate_places_are_added_up() -> None:
    assert _contract(ROUND_UP)["arrests"] == 7


@pytest.mark.parametrize(("text", "arrests"), [
    # a total and its parts: the total wins
    ("Week of action results\n"
     "A total of 20 arrests were made during the week. Two men were arrested in Penrith. "
     "A woman was arrested in Keswick. Three men were arrested in Workington.", 20),
    # one person mentioned again ("the man") is not a new arrest
    ("Man charged\n"
     "A man has been arrested in Penrith after a chase. The man was taken to Carlisle. "
     "The man was later charged at Workington police station.", 1),
])
def test_totals_repeats_and_the_same_person_are_not_added_up(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


@pytest.mark.parametrize(("text", "towns"), [
    # a street written without "Road", "Lane", ... then the town
    ("Fines were imposed on Ann Pell, 23, of Quarry Patch, Tibberton, and Rob Lyle, 38, of "
     "Barley Leys, Bishops Cleeve.", ["Bishops Cleeve", "Tibberton"]),
    # one word before the town is more often a district: kept
    ("Tom Hale, 30, of Anfield, Liverpool, was jailed.", ["Anfield"]),
    # a town then its county: the town
    ("Kai Bell, 22, of Wallasey, Merseyside, was jailed.", ["Wallasey"]),
])
def test_a_street_without_a_street_word_then_the_town(text: str, towns: list[str]) -> None:
    assert sorted(p["town"] for p in _contract(text)["persons"]) == towns


@pytest.mark.parametrize(("text", "people", "arrests"), [
    ("A man was arrested near the market. Another man was also arrested at a flat.",
     [(None, "M", None), (None, "M", None)], 2),
    ("A woman was arrested on Friday. Later that day a second woman was arrested in a car.",
     [(None, "F", None), (None, "F", None)], 2),
    # without a word saying there is another, a bare "a man" twice is one man
    ("A man has been arrested after a chase. Police said a man was arrested at a flat nearby.",
     [(None, "M", None)], 1),
])
def test_another_man_is_a_second_person(text: str, people: list[tuple[Any, ...]],
                                        arrests: int) -> None:
    assert _people(text) == people
    assert _contract(text)["arrests"] == arrests


@pytest.mark.parametrize(("text", "people"), [
    # a noun with one age, then an age phrase with its own noun: two people
    ("Two people, a woman aged 31 and 40-year-old man, were arrested at the house.",
     [(31, "F", None), (40, "M", None)]),
    # one lower-case word between the age and the noun
    ("A 27-year-old family man was arrested after the search.", [(27, "M", None)]),
    # ages of a plural noun still share it
    ("Two men aged 19 and 27-years-old were charged.", [(19, "M", None), (27, "M", None)]),
    # a range describes nobody
    ("Nine men aged between 24 and 48-years-old were charged.", []),
])
def test_a_noun_with_an_age_then_another_age_phrase(text: str,
                                                     people: list[tuple[Any, ...]]) -> None:
    assert _people(text) == people


@pytest.mark.parametrize("text", [
    "Ned Paul Vosk, 24, of Heron Way, Wallasey, was jailed. Ned Vosk had run the line for a year.",
    "Ned Vosk, 24, of Wallasey, was jailed. Ned Paul Vosk had run the line for a year.",
])
def test_a_name_with_and_without_a_middle_name_is_one_person(text: str) -> None:
    assert _people(text) == [(24, None, "Wallasey")]


def test_two_people_sharing_forename_and_surname_are_not_guessed_between() -> None:
    text = ("Ned Paul Vosk, 24, of Wallasey, and Ned John Vosk, 51, of Hoylake, were jailed. "
            "Ned Vosk had run the line.")
    assert _people(text) == [(24, None, "Wallasey"), (51, None, "Hoylake")]


@pytest.mark.parametrize(("text", "arrests"), [
    ("Three men were arrested on Monday. A further two people have since been arrested.", 5),
    ("The operation saw 12 arrests. Two further arrests were made on Friday.", 14),
    ("Two further arrests were made on Friday.", 2),
    ("Police arrested two teenagers and a man near the park.", 3),
    # "more than" before a count is no further count
    ("More than 20 arrests were made during the week.", 20),
])
def test_further_counts_and_a_person_after_a_count(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


def test_a_prison_is_not_a_home_town() -> None:
    text = ("Rob Prosser appeared on video link from Norwich prison on Friday. Prosser, 32, of "
            "Elm Road, Greenhithe, admitted supplying heroin.")
    assert _people(text) == [(32, None, "Greenhithe")]
    assert _people("A man from Norwich was charged with supplying heroin.") == [
        (None, "M", "Norwich")]


def test_people_listed_by_decade_share_the_town_after_the_list() -> None:
    text = ("Thirteen people were arrested. The arrests were as follows: Two men in their 40s, a "
            "man in his 30s and a man in his 60s from Hull.")
    assert _people(text) == [(None, "M", "Hull")] * 4


def test_a_town_the_gazetteer_lacks_after_a_decade_at_a_line_end() -> None:
    text = "The arrests were as follows:\nA man in his 20s from Dunnockby\nA woman in her 30s from Hull\n"
    assert _people(text) == [(None, "F", "Hull"), (None, "M", "Dunnockby")]


def test_two_men_by_decade_alone_are_a_count() -> None:
    assert _people("Two men in their 40s were arrested.") == []


@pytest.mark.parametrize(("text", "people"), [
    ("Tom Reed, 19, of Beeston, was watched as he met a trio from the Leeds area.",
     [(19, "M", "Beeston"), (None, None, "Leeds"), (None, None, "Leeds"), (None, None, "Leeds")]),
    ("A duo from Hull were arrested at the station.", [(None, None, "Hull")] * 2),
    # without a town, or as a thing, a pair is nobody in particular
    ("Officers stopped a pair near the station.", []),
    ("A pair of trainers was seized from the car.", []),
])
def test_a_trio_or_pair_from_a_town(text: str, people: list[tuple[Any, ...]]) -> None:
    assert _people(text) == people


def test_a_young_offender_institution_is_no_person() -> None:
    text = "Ray Moss, 19, of Beeston, was sent to a young offender institution for seven years."
    assert _people(text) == [(19, None, "Beeston")]


def test_a_sentence_about_last_year_that_names_somebody_of_the_story_keeps_the_others() -> None:
    text = ("Ray Moss, 19, of Beeston, was jailed for seven years on Friday.\n"
            "Moss and another man were watched as they met a dealer on July 4 last year.")
    assert _people(text) == [(19, None, "Beeston"), (None, "M", None)]
    background = ("Ray Moss, 19, of Beeston, was jailed for seven years on Friday.\n"
                  "Last year a 17-year-old boy was convicted of a similar offence.")
    assert _people(background) == [(19, None, "Beeston")]


# -- people safeguarded -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "safeguarded"), [
    ("Two children and an adult, who was thought to be a victim of cuckooing, had been "
     "safeguarded, officers said.", 3),
    ("Fourteen people, including three children, have been protected from county lines gangs.",
     14),
    ("- At least 12 adults and children safeguarded after checks", 12),
    ("Nine people – vulnerable adults and children – exploited by gangs were safeguarded in the "
     "spring.", 9),
    ("Over 30 vulnerable people were engaged with and safeguarded.", 30),
    ("Eight people have been referred to the National Referral Mechanism for safeguarding.", 8),
])
def test_people_safeguarded_told_at_a_distance(text: str, safeguarded: int) -> None:
    assert _contract(text)["safeguarded"] == safeguarded


def test_officers_protected_from_injury_are_not_safeguarded() -> None:
    assert _contract("Six officers were protected from injury by their shields.")[
        "safeguarded"] is None


# -- warrants -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "warrants"), [
    ("Two men were arrested following a drugs warrant at a flat in the town.", 1),
    ("Officers, acting under warrant, found the drugs in a loft.", 1),
    ("The inspector said: “We used the intelligence to execute a successful warrant.”", 1),
    ("“We did not find much during the warrant,” the sergeant said.", 1),
    # an arrest warrant is no search
    ("He was arrested on a warrant at his home.", None),
    ("“He was wanted on an arrest warrant,” the sergeant said.", None),
])
def test_one_warrant_told_in_other_words(text: str, warrants: int | None) -> None:
    assert _contract(text)["warrants"] == warrants


def test_more_weapon_names() -> None:
    text = ("Officers seized a cross bow, an extendable baton, a punch dagger and a bottle of "
            "lighter fluid from the flat.")
    assert _contract(text)["weapons"] == ["crossbow", "extendable baton", "punch dagger",
                                          "lighter fluid"]


# -- forces named by their areas ------------------------------------------------------------------

def test_police_forces_in_a_list_of_areas() -> None:
    out = _contract("The operation is a collaboration between police forces in Dorset, Devon & "
                    "Cornwall, Avon & Somerset, Gloucestershire and Wiltshire, and a charity.")
    assert out["agencies"] == ["Dorset Police", "Devon and Cornwall Police",
                               "Avon and Somerset Police", "Gloucestershire Police",
                               "Wiltshire Police"]
    assert out["locations"] == []


def test_a_town_before_a_force_with_an_ampersand_is_no_force() -> None:
    out = _contract("Joint enquiries between the Met in London and Avon & Somerset Police found "
                    "the boy.")
    assert out["agencies"] == ["Metropolitan Police", "Avon and Somerset Police"]
