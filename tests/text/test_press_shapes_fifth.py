"""Shapes of police writing studied in the fifth round of issue 22, read from the structure
of the text rather than from phrases of one story: arrest counts told as background, as a
separate event, day by day or as a running total; people listed one per line who share a
description; the sex of a counted group given to the people listed after it. Every sentence is
written for these tests; names, streets and events are invented."""

from __future__ import annotations

import pytest
from tests.text.press_shapes import contract as _contract
from tests.text.press_shapes import people as _people

from linewatch.text import extract

# -- arrests as events ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "arrests"), [
    # an earlier operation told as background is not part of the story's arrests
    ("Detectives have arrested 9 people in raids across Bramwick.\n"
     "It follows a separate investigation last month in which 55 people were arrested.", 9),
    ("Officers arrested 6 people on Tuesday.\n"
     "Earlier this year 70 people were arrested in the same area.", 6),
    # ... unless every count is background
    ("Last year 70 people were arrested in the same area.", 70),
    # "in the last year" is the story's own period
    ("In the last year officers have arrested 212 people in Bramwick.", 212),
])
def test_background_counts_are_not_the_story(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


@pytest.mark.parametrize(("text", "arrests"), [
    ("Police arrested eight men during raids in Bramwick.\n"
     "In a separate operation on Friday, two women were arrested after a car was stopped.", 10),
    ("Officers made 15 arrests during the week.\n"
     "In addition to the raids, the roads team worked with a neighbouring force in arresting "
     "three people near Oldcaster.", 18),
    ("Separately, four people were arrested at a flat in Oldcaster.\n"
     "Police arrested eleven people in the town centre.", 15),
])
def test_a_separate_event_is_added(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


def test_counts_for_different_days_are_added() -> None:
    text = ("A total of six people have been arrested today in Bramwick.\n"
            "Following on from yesterday's raids, a total of 9 people were arrested.")
    assert _contract(text)["arrests"] == 15


def test_a_count_without_a_day_larger_than_the_days_wins() -> None:
    text = ("Police arrested 40 people during the week of action.\n"
            "On Monday five people were arrested in Bramwick and on Tuesday 3 people were "
            "arrested in Oldcaster.")
    assert _contract(text)["arrests"] == 40


@pytest.mark.parametrize("text", [
    "Nine more people were arrested yesterday. Yesterday's arrests take the total arrests this "
    "week to 27.",
    "Two men were arrested on Friday, bringing the number of arrests in the operation to 27.",
])
def test_a_running_total_is_the_total(text: str) -> None:
    assert _contract(text)["arrests"] == 27


# -- people listed one a line ----------------------------------------------------------------

def test_two_list_entries_alike_are_two_people() -> None:
    text = ("Officers executed warrants in Bramwick today.\n\n"
            "Those arrested were:\n"
            "Lantern Row – a 15-year-old boy arrested\n"
            "Quarry Lane – a 15-year-old boy arrested\n"
            "Mill Street – a 33-year-old man arrested\n")
    assert _people(text) == [(15, "M", None), (15, "M", None), (33, "M", None)]


def test_entries_that_are_only_a_description_are_separate_people() -> None:
    text = ("Police in Thirsk arrested five people during the week.\n\n"
            "A 29-year-old woman from Thirsk on suspicion of supplying cocaine\n\n"
            "A 41-year-old man from Ripon on suspicion of supplying heroin.\n\n"
            "A 29-year-old woman from Thirsk on suspicion of possessing cannabis\n")
    assert _people(text).count((29, "F", "Thirsk")) == 2


def test_a_person_described_twice_in_prose_is_still_one() -> None:
    text = ("A 52-year-old man from Oldcaster was arrested on Monday.\n\n"
            "Police said a 52-year-old man from Oldcaster had been released on bail.")
    assert _people(text) == [(52, "M", "Oldcaster")]


# -- the sex of a counted group ---------------------------------------------------------------

def test_the_counted_group_gives_its_sex_to_the_people_without_one() -> None:
    text = ("Four men have been arrested after raids in Bramwick.\n\n"
            "A 31-year-old and a 44-year-old were arrested for possession of cocaine.\n\n"
            "A 27-year-old was arrested at a flat on Quarry Lane.")
    assert _people(text) == [(27, "M", None), (31, "M", None), (44, "M", None)]


def test_names_listed_after_a_colon_take_the_group_sex() -> None:
    text = ("Three men were arrested on suspicion of supplying heroin: a 22-year-old from "
            "Oldcaster, a 30-year-old from Bramwick and a 19-year-old from Oldcaster.")
    assert _people(text) == [(19, "M", "Oldcaster"), (22, "M", "Oldcaster"),
                             (30, "M", "Bramwick")]


@pytest.mark.parametrize("text", [
    # a woman is in the story: the group's sex is not everybody's
    "Two men were arrested in Bramwick. A 35-year-old was later charged and a woman was "
    "cautioned.",
    # more people without a sex than the group holds
    "Two men were arrested in Bramwick. A 35-year-old, a 40-year-old and a 51-year-old "
    "were later charged.",
    # groups of both sexes
    "Two men and three women were arrested. A 35-year-old was later charged.",
])
def test_no_group_sex_when_the_story_says_otherwise(text: str) -> None:
    assert all(p["sex"] is None for p in _contract(text)["persons"] if p["age"] == 35)


def test_one_more_than_the_group_is_not_given_its_sex() -> None:
    text = ("Two men aged 23 and 26 were charged in Bramwick. A third person has been arrested "
            "and released.")
    assert (None, None, None) in _people(text)


def test_a_boy_is_no_member_of_a_group_of_men() -> None:
    text = ("Two men were arrested after police saw a 15-year-old boy dealing in Oldcaster.\n"
            "Ryan Hollis, 28, of Bramwick, was arrested the same day. Both were charged.")
    assert (28, "M", "Bramwick") in _people(text)


# -- who is who ----------------------------------------------------------------------------------

def test_the_young_man_is_the_young_person_before() -> None:
    text = ("A 17 year old man from Thirsk has been sentenced to two years.\n"
            "For legal reasons the young man cannot be named.")
    assert _people(text) == [(17, "M", "Thirsk")]


def test_the_old_man_is_nobody_young() -> None:
    text = ("A 19-year-old man was arrested in Ripon.\n"
            "He had been selling drugs from the home of the old man next door.")
    assert (19, "M", None) in _people(text)
    assert len(_people(text)) == 2


def test_the_person_arrested_in_the_opening_is_not_the_victim_named_later() -> None:
    text = ("Police arrested a teen on suspicion of drug dealing.\n"
            "Officers stopped a 17-year-old boy at the station.\n"
            "In June Ryan Hollis, 15, was stabbed to death in the street.")
    persons = extract(text).persons
    victim = next(p for p in persons if p.name == "Ryan Hollis")
    assert not victim.arrested and "arrested" not in victim.story_roles
    assert any(p.age == 17 and p.arrested for p in persons)


@pytest.mark.parametrize("text", [
    "A 24-year-old man was arrested in Ripon on Monday.\n"
    "Earlier this year a 19-year-old was convicted of a stabbing in the town.",
    "A 24-year-old man was arrested in Ripon on Monday.\n"
    "Three years ago a 19-year-old was jailed for dealing in the same street.",
])
def test_somebody_only_of_an_earlier_event_is_not_of_the_story(text: str) -> None:
    assert _people(text) == [(24, "M", None)]


def test_somebody_of_an_earlier_event_who_is_also_in_the_story_stays() -> None:
    text = ("Last year a 19-year-old man was cautioned in Ripon.\n"
            "The 19-year-old was arrested again on Monday.")
    assert _people(text) == [(19, "M", None)]


def test_an_address_right_after_the_age_gives_the_town() -> None:
    text = ("Four men were jailed at the crown court. They are Ben Ayre, 33, Elm Crescent, "
            "Thirsk; Carl Dunn, 41, Mill Lane, Ripon.")
    assert _people(text) == [(33, "M", "Thirsk"), (41, "M", "Ripon")]


def test_a_unit_ending_in_section_or_squad_is_nobody() -> None:
    for unit in ("the Dog Section", "the Tactical Squad", "the Roads Policing Department"):
        text = (f"A crash in Ripon led to the arrest of a man on suspicion of drug supply.\n"
                f"Later, officers worked alongside PD Rex and her handler from {unit}, as well "
                f"as the local team. A search was made at the suspect's home under Section 18 "
                f"of the Act.")
        assert [p.name for p in extract(text).persons] == [None]


def test_a_later_bare_mention_is_the_person_charged() -> None:
    text = ("A 48-year-old man has been charged after plants were found at a farm near Ripon.\n"
            "Officers acting under a warrant found the plants.\n"
            "A man has been arrested and charged and will appear in court.")
    assert _people(text) == [(48, "M", None)]


def test_the_unnamed_person_of_an_age_is_the_named_one_of_that_age_later() -> None:
    text = ("Eleven people were arrested in the week.\n"
            "Officers seized cannabis and cash.\n"
            "Dogs searched the gardens.\n"
            "A 26-year-old man was charged with supplying heroin, while 10 others were "
            "released.\n"
            "Dale Forde, 26, of Mill Lane, Thirsk, was charged with supplying heroin and "
            "crack cocaine.")
    assert _people(text) == [(26, "M", "Thirsk")]


def test_two_people_of_an_age_unnamed_are_not_joined_to_a_named_one() -> None:
    text = ("Police raided four homes in Ripon this week.\n"
            "Officers seized cannabis and cash.\n"
            "Dogs searched the gardens.\n"
            "Neighbours had complained about visitors.\n"
            "A 26-year-old man and a 26-year-old woman were arrested in Ripon.\n"
            "Dale Forde, 26, of Thirsk, was charged on Friday.")
    assert len(_people(text)) == 3


def test_the_count_that_in_addition_to_refers_back_to_is_not_added() -> None:
    text = ("Officers made 12 arrests in Ripon.\n"
            "In addition to the 12 arrests, 30 phones and two cars were seized.")
    assert _contract(text)["arrests"] == 12
