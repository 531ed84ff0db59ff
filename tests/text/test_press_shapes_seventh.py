"""Shapes of police writing studied in the seventh round of issue 22: arrests told with other
words ("were apprehended", "was led away in handcuffs", "taken into custody", "as he was being
escorted to custody", "the men remain in police custody", "the suspects were held at addresses"),
a headline in the present tense ("Police arrest 31 ..."), two arrest events in one story, and
people described in the shapes listed below. Every sentence is written for these tests; names,
streets and events are invented (the gazetteer's own towns are used where a rule reads it)."""

from __future__ import annotations

import pytest
from tests.text.press_shapes import contract as _contract
from tests.text.press_shapes import people as _people

# -- arrests told with other words ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "arrests"), [
    ("Orla Penn, 33, and Dario Vesk, 29, were jailed for growing cannabis in a barn. Seen by a "
     "drone, they ran across a field but were apprehended by officers.", 2),
    ("Ada Fenn, 30, Ross Kell, 27, and Tam Ure, 41, were sentenced for running the drugs line. "
     "Spotted on the roof, they tried to hide in a loft but were apprehended minutes later.", 3),
    ("Shortly after eight o'clock the suspect was led away in handcuffs.", 1),
    ("A courier was stopped at the coach station. As he was being escorted to custody he said "
     "the bag was not his.", 1),
    ("The driver was taken into custody after the search of the van.", 1),
    ("Police arrest 14 in dawn raids on drug dealers", 14),
])
def test_arrests_told_with_other_words(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


def test_apprehended_in_quoted_speech_is_no_arrest() -> None:
    text = 'The inspector said: "We will do everything we can to see they are apprehended."'
    assert _contract(text)["arrests"] is None


def test_police_arrest_a_number_of_years_is_no_count() -> None:
    assert _contract("Police arrest 20 years of drug dealing, says the mayor.")["arrests"] is None


def test_a_definite_group_in_police_custody_after_the_arrest_is_arrested() -> None:
    text = ("Detectives searched two flats in the morning, before arresting two men on suspicion "
            "of supplying cannabis. The men, aged 38 and 46, remain in police custody.\n\n"
            "In a separate inquiry a 59-year-old man and a 55-year-old woman were arrested on "
            "suspicion of fraud.")
    out = _contract(text)
    assert out["arrests"] == 4
    assert sorted(p["age"] for p in out["persons"]) == [38, 46, 55, 59]


def test_suspects_held_at_addresses_are_arrested_beside_a_third_arrest() -> None:
    text = ("Two boys have been arrested after a teenager was stabbed near a park. The suspects, "
            "aged 15 and 16, were held at addresses in the town overnight. A 12-year-old boy "
            "was also arrested at the scene but was later released without charge.")
    assert _contract(text)["arrests"] == 3


def test_held_in_hospital_is_no_arrest() -> None:
    text = "The victim, a 17-year-old boy, was held in hospital overnight for observation."
    assert _contract(text)["arrests"] is None


# -- people ----------------------------------------------------------------------------------

def test_a_sex_word_between_the_age_and_the_noun_gives_the_sex() -> None:
    text = "Two 15-year-old female youths were also questioned after the raid in the town."
    assert _people(text) == [(15, "F", None), (15, "F", None)]


def test_a_plain_word_between_the_age_and_the_noun_gives_no_sex_of_its_own() -> None:
    text = "A 19-year-old local youth was found with cannabis near the market."
    assert _people(text) == [(19, None, None)]


def test_in_police_custody_after_the_noun_is_an_arrest() -> None:
    text = "And two 17-year-old male youths are also in police custody on suspicion of theft."
    out = _contract(text)
    assert out["arrests"] == 2
    assert sorted((p["age"], p["sex"]) for p in out["persons"]) == [(17, "M"), (17, "M")]


def test_the_same_man_described_again_beside_other_offences_is_one_man() -> None:
    text = ("Officers arrested a 33 year old man on suspicion of growing cannabis.\n\n"
            "Minutes later a man was seen running across gardens and was arrested.\n\n"
            "A 33-year-old man was arrested and is being questioned over cannabis and other "
            "drugs offences.")
    assert _people(text) == [(33, "M", None)]


def test_the_other_man_is_still_another_person() -> None:
    text = ("A 41-year-old man was arrested at the flat. The other man, aged 23, was arrested "
            "in the street.")
    assert _people(text) == [(23, "M", None), (41, "M", None)]


def test_a_count_of_people_from_a_town_is_that_many_people_of_the_town() -> None:
    text = "FOUR people from Halifax were arrested on suspicion of drug supply during the week."
    assert _people(text) == [(None, None, "Halifax")] * 4


def test_a_count_of_people_from_no_town_is_nobody_in_particular() -> None:
    text = "Five people from the area were spoken to by officers about the dangers of drugs."
    assert _people(text) == []


def test_a_man_from_the_local_area_lives_in_the_town_of_the_story() -> None:
    text = ("A grey Ford Focus was stopped in Mill Lane, Halifax and a 31-year-old man from the "
            "local area was arrested on suspicion of supplying cocaine.\n\nLater a local man, "
            "aged 45, was arrested in Bank Street.")
    assert _people(text) == [(31, "M", "Halifax"), (45, "M", "Halifax")]


def test_local_officers_and_a_local_shop_name_are_no_home_town() -> None:
    text = ("Local officers searched a flat in Halifax. A 29-year-old man was arrested near the "
            "Local Food Store.")
    assert _people(text) == [(29, "M", None)]


def test_another_man_aged_is_a_man_of_that_age() -> None:
    text = ("A 22-year-old woman was arrested in the street. Another man, aged 23, was cautioned "
            "for possession of cannabis.")
    assert (23, "M", None) in _people(text)


def test_him_in_a_quotation_after_the_one_named_person_gives_the_sex() -> None:
    text = ("Corin Vale, 26, of Elm Road, Halifax, was jailed for supplying heroin.\n\n"
            "DC Ann Reyes said: \u201cThis was a busy line.\n\n\u201cWhen we searched Vale\u2019s "
            "flat we found expensive trainers, despite him having no job.\u201d")
    assert _people(text) == [(26, "M", "Halifax")]


def test_he_in_a_quotation_gives_no_sex() -> None:
    text = ("Corin Vale, 26, of Elm Road, Halifax, was jailed for supplying heroin.\n\n"
            "The judge said: \u201cI accept Vale is young, but he knew what he was doing.\u201d")
    assert _people(text) == [(26, None, "Halifax")]


@pytest.mark.parametrize("title", ["Chief Insp", "Det Sgt", "Det Supt", "DCI"])
def test_a_short_police_title_makes_an_officer_not_a_person(title: str) -> None:
    text = (f"A 19-year-old man was arrested in Halifax. {title} Rhona Pell said the "
            "arrest followed weeks of work.")
    out = _contract(text)
    assert [(p["age"], p["sex"]) for p in out["persons"]] == [(19, "M")]


def test_an_officer_named_after_a_place_and_a_title_is_no_place() -> None:
    text = ("Halifax Det Insp Ivo Dewsbury said: \u201cWe will not tolerate drug supply in "
            "Halifax.\u201d")
    assert _contract(text)["locations"] == ["Halifax"]


# -- forces and operations --------------------------------------------------------------------

def test_a_force_area_without_a_hyphen_is_the_force_not_two_places() -> None:
    text = "Officers said Dyfed Powys remains one of the safest places to live."
    out = _contract(text)
    assert out["locations"] == []
    assert out["agencies"] == ["Dyfed-Powys Police"]


def test_areas_listed_before_a_force_named_in_full_are_forces() -> None:
    text = ("Thirty officers from Dyfed Powys, South Wales,West Midlands and British Transport "
            "Police took part in the raids.")
    out = _contract(text)
    assert sorted(out["agencies"]) == ["British Transport Police", "Dyfed-Powys Police",
                                       "South Wales Police", "West Midlands Police"]
    assert out["locations"] == []


@pytest.mark.parametrize(("text", "name"), [
    ("Cash and cannabis were seized as the #OpHarbour crackdown went on.", "Operation Harbour"),
    ("Monday marked the launch of Lantern, the national week of action against knife crime.",
     "Operation Lantern"),
    ("The arrests were made as part of Beacon, a regional week of action on county lines.",
     "Operation Beacon"),
])
def test_operation_names_from_hashtags_and_weeks_of_action(text: str, name: str) -> None:
    assert _contract(text)["operation_name"] == name


def test_a_hashtag_that_is_no_operation_names_none() -> None:
    assert _contract("Report it to us online. #OpenDoors #CountyLines")["operation_name"] is None


def test_youths_now_aged_from_their_town_homes() -> None:
    text = ("The court heard the teenagers now, aged 16 and 19, travelled from their Halifax "
            "homes to sell cocaine.")
    assert _people(text) == [(16, None, "Halifax"), (19, None, "Halifax")]


def test_a_journey_to_a_town_home_of_one_person_is_not_read_as_a_group_home() -> None:
    text = "A 30-year-old man drove the boy to his Halifax flat where drugs were found."
    assert (30, "M", None) in _people(text)


def test_living_at_addresses_in_a_town_is_a_home() -> None:
    text = ("Lorcan Tully, aged 37, had been living at addresses in Halifax and Dewsbury while "
            "he ran the line.")
    assert _people(text) == [(37, "M", "Halifax")]


# -- suspect and victim of the same noun -------------------------------------------------------

def test_a_girl_of_14_is_a_girl_aged_14() -> None:
    text = "A man was arrested after a girl of 14 was assaulted near the station."
    assert (14, "F", None) in _people(text)


def test_a_woman_of_a_street_number_or_percentage_is_no_age() -> None:
    assert _people("A woman of 42 Elm Road was questioned.") == [(None, "F", None)]


def test_the_boy_arrested_is_the_boy_already_told_as_arrested_not_the_victim() -> None:
    text = ("A 13-year-old boy has been arrested after a 16-year-old boy was knifed in a park. "
            "Police said the boy has been arrested on suspicion of wounding. The victim is in "
            "hospital.")
    out = _contract(text)
    assert out["arrests"] == 1
    assert sorted((p["age"], p["sex"]) for p in out["persons"]) == [(13, "M"), (16, "M")]


def test_the_man_after_the_boy_is_another_person() -> None:
    text = ("The boy, 16, ran across a field but was caught by a police dog. Officers then "
            "arrested the man on suspicion of supplying cannabis.")
    assert _people(text) == [(16, "M", None), (None, "M", None)]


# -- weapons ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "weapons"), [
    ("Four people were held in a police crackdown on drugs and firearms in the city.", []),
    ("The inquiry looked at the criminal use of firearms across the county.", []),
    ("Two men were arrested for firearm offences.", []),
    ("Officers found a friction lock baton and a handmade spear in the loft.",
     ["friction lock baton", "spear"]),
    ("A shotgun was found under the bed.", ["shotgun"]),
])
def test_weapons_as_items_not_as_the_subject_of_policing(text: str, weapons: list[str]) -> None:
    assert _contract(text)["weapons"] == weapons


def test_drug_classes_written_in_quotation_marks() -> None:
    text = "Officers seized \u00a35,000 of Class \u2018A\u2019 and \u2018B\u2019 drugs at the flat."
    assert sorted(d["class"] for d in _contract(text)["drugs"]) == ["A", "B"]


def test_a_common_misspelling_of_benzodiazepine() -> None:
    text = "Searches recovered 400 benzodiazapine pills and cash."
    assert [d["class"] for d in _contract(text)["drugs"]] == ["C"]


# -- people safeguarded -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "safeguarded"), [
    ("There were 640 vulnerable people engaged for safeguarding purposes during the week.", 640),
    ("In all, 212 people were identified for safeguarding.", 212),
    ("More than 15 potentially vulnerable people were also identified, with various "
     "safeguarding measures put in place.", 15),
    ("Over 70 people were arrested and 35 vulnerable people were safeguarded.", 35),
])
def test_people_safeguarded_in_other_words(text: str, safeguarded: int) -> None:
    assert _contract(text)["safeguarded"] == safeguarded


def test_the_weeks_cash_is_a_total_over_one_warrants_part() -> None:
    text = ("Over the course of the week, warrants led to the seizure of 300 wraps and \u00a312,400 "
            "in cash.\n\nA warrant in Dartford led to the seizure of \u00a31,900 in cash and a "
            "knife.")
    assert _contract(text)["cash_gbp"] == 12400


def test_separate_seizures_of_cash_are_still_added() -> None:
    text = ("Officers seized \u00a31,200 in cash at a flat in Dartford. In a second raid, "
            "\u00a3800 in cash was found.")
    assert _contract(text)["cash_gbp"] == 2000


def test_the_suspects_aged_after_two_boys_are_the_two_boys() -> None:
    text = ("Two boys have been arrested after a man was stabbed in a car park. The suspects, "
            "aged 15 and 17, were held at addresses in the town.")
    people = _people(text)
    assert (15, "M", None) in people and (17, "M", None) in people


def test_the_suspects_aged_after_a_group_of_another_size_keep_no_sex() -> None:
    text = ("Three women were spoken to by officers. The suspects, aged 15 and 17, were held at "
            "addresses in the town.")
    people = _people(text)
    assert (15, None, None) in people and (17, None, None) in people


def test_the_speaker_of_a_quotation_takes_no_sex_from_its_pronouns() -> None:
    text = ("A flat in Halifax was closed after a dealer moved in. Ada Brill, 44, a neighbour, "
            "said: \u201cThe dealer had been using the flat as his base for weeks.\u201d")
    assert (44, None, None) in _people(text)


def test_plural_officers_are_no_rival_for_his() -> None:
    text = ("Officers piled in shouting, because the sleepy 19-year-old suspect had picked up a "
            "steering lock to defend his home.")
    assert _people(text) == [(19, "M", None)]
