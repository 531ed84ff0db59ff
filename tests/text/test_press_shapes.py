"""More shapes of police writing (issue 22, second round): pronouns inside sentences, homes
given through a pronoun, counts of separate events side by side, cash ranges and totals,
safeguarding wording, a role as the only description of someone arrested, a counted group
from a town. Every sentence is written for these tests; names, streets and events are
invented."""

from __future__ import annotations

from typing import Any

from linewatch.text import extract


def _brief(text: str) -> list[tuple[Any, ...]]:
    return [(p["age"], p["sex"], p["town"]) for p in extract(text).to_dict()["persons"]]


# -- pronouns inside a sentence -----------------------------------------------------------

def test_he_later_in_the_sentence_gives_the_one_person_before_it_a_sex() -> None:
    text = "A 31-year-old was arrested in the car park after he tried to run from officers."
    assert _brief(text) == [(31, "M", None)]


def test_her_inside_a_sentence_is_a_woman() -> None:
    text = "Tamsin Rowe, 44, of Gorse Lane, Dunstable, admitted the offence and her sentence " \
           "was adjourned."
    assert _brief(text) == [(44, "F", "Dunstable")]


def test_a_sentence_opening_his_refers_to_the_last_person_alone_in_their_sentence() -> None:
    text = ("Idris Vane, 29, was jailed for three years. His co-accused Kit Marlow, 30, was "
            "given a suspended sentence.")
    people = extract(text).to_dict()["persons"]
    assert [(p["name"], p["sex"]) for p in people] == [("Idris Vane", "M"), ("Kit Marlow", None)]


def test_a_pronoun_after_two_people_decides_nothing() -> None:
    text = "Bram Tully, 25, and Cass Orrin, 27, were charged after his phone was examined."
    assert _brief(text) == [(25, None, None), (27, None, None)]


def test_a_pronoun_after_someone_the_rules_do_not_list_decides_nothing() -> None:
    text = ("Corin Abbot, 24, threatened a frightened addict, who let the gang use her flat in "
            "Hatfield.")
    assert _brief(text) == [(24, None, None)]


def test_the_speaker_and_an_official_are_not_the_person() -> None:
    text = ("A 19-year-old was charged with possession of a knife. Detective Sergeant Nia Pell "
            "said she was pleased with the outcome.")
    assert _brief(text) == [(19, None, None)]
    assert _brief("A 40-year-old was arrested. A spokesman said he could not comment.") == [
        (40, None, None)]


def test_a_pronoun_never_overrides_a_noun() -> None:
    text = "A 52-year-old woman was detained after his van was stopped on the bypass."
    assert _brief(text) == [(52, "F", None)]


def test_his_flat_in_a_town_is_that_persons_home() -> None:
    text = "For months a vulnerable 58-year-old man was exploited by dealers in his flat in Ashford."
    assert _brief(text) == [(58, "M", "Ashford")]
    # where someone was arrested is not a home
    assert _brief("A 33-year-old man was arrested in Ashford.") == [(33, "M", None)]


# -- counts -------------------------------------------------------------------------------

def test_arrest_counts_of_separate_places_side_by_side_are_added() -> None:
    text = "The day ended with four arrests made at Wigan and two arrests made at Bolton."
    assert extract(text).arrests == 6
    assert extract("Officers made five arrests in Derby and three in Ilkeston.").arrests == 8


def test_a_total_and_its_part_are_not_added() -> None:
    assert extract("Police made 40 arrests, including 9 arrests in Luton.").arrests == 40
    assert extract("There were 30 arrests across the county, of which 12 arrests were in "
                   "Reading.").arrests == 30


def test_an_adjective_between_number_and_arrests() -> None:
    assert extract("Officers made eleven drug-related arrests during the week.").arrests == 11


def test_a_role_alone_is_somebody_when_arrested_and_nobody_came_before() -> None:
    text = "A grey van was stopped on the A14. The driver was arrested on suspicion of theft."
    assert _brief(text) == [(None, None, None)]
    assert extract(text).arrests == 1
    # "the victim" alone is still nobody in particular
    assert _brief("The victim was taken to hospital with minor injuries.") == []


def test_a_counted_group_from_a_town_is_that_many_people() -> None:
    text = "Three Rochdale men have been charged with conspiracy to supply cocaine."
    assert _brief(text) == [(None, "M", "Rochdale")] * 3


# -- cash ---------------------------------------------------------------------------------

def test_a_range_of_cash_is_no_exact_amount() -> None:
    assert extract("Between £30,000 and £40,000 in cash was found in the loft.").cash_gbp is None
    assert extract("Officers recovered £30,000 to £40,000 in cash.").cash_gbp is None
    assert extract("Officers recovered £30,000 and £4,000 in cash.").cash_gbp == 34000


def test_a_total_in_a_sentence_opening_in_total_wins_over_its_parts() -> None:
    text = ("Officers seized £12,000 in cash in Harlow and £8,000 in cash in Epping. In total, "
            "police seized £20,000 during the week.")
    assert extract(text).cash_gbp == 20000


def test_a_small_total_inside_a_larger_amount_is_a_part() -> None:
    text = ("Officers seized more than £30,000 in cash. Two men were arrested, with officers "
            "seizing a total of £2,000 from them.")
    assert extract(text).cash_gbp == 30000


def test_counterfeit_money_and_the_value_of_a_car_are_not_cash() -> None:
    text = "Police recovered £6,000 in cash, £300 of counterfeit notes and a stolen £45,000 Audi."
    assert extract(text).cash_gbp == 6000


def test_a_garbled_figure_is_not_read_as_a_small_amount() -> None:
    assert extract("Police seized £5,000 in cash and £2oo,ooo of cannabis.").cash_gbp == 5000


# -- safeguarding -------------------------------------------------------------------------

def test_safeguarding_wording() -> None:
    assert extract("One vulnerable woman thought to be a victim of cuckooing was "
                   "safeguarded.").safeguarded == 1
    assert extract("The force has 'safeguarded' 41 people this year.").safeguarded == 41
    assert extract("Officers took safeguarding action to support 14 vulnerable "
                   "people.").safeguarded == 14


# -- groups referred back to --------------------------------------------------------------

def test_the_men_refers_to_the_people_of_the_last_sentence_with_several() -> None:
    text = ("Ari Bell, 22, and Jo Kemp, 24, were stopped in a car in Hull. The men were charged "
            "with possession with intent to supply cocaine.")
    people = extract(text).to_dict()["persons"]
    assert [(p["age"], p["sex"]) for p in people] == [(22, "M"), (24, "M")]
    assert all("possession with intent to supply cocaine" in p["offences"] for p in people)


def test_the_women_is_not_given_to_a_man() -> None:
    text = ("A 30-year-old man and Lia Fenn, 28, were arrested. The women were released on "
            "bail.")
    assert _brief(text) == [(30, "M", None), (28, None, None)]


def test_the_teenager_refers_to_the_last_person_under_twenty() -> None:
    text = ("A 41-year-old man and a 16-year-old were arrested in Dover. The teenager was later "
            "charged with possession of a knife.")
    people = extract(text).to_dict()["persons"]
    assert [p["age"] for p in people] == [41, 16]
    assert "charged" in people[1]["story_roles"] and "charged" not in people[0]["story_roles"]


# -- vehicles -----------------------------------------------------------------------------

def test_a_model_followed_by_a_word_that_looks_like_a_plate_is_a_model() -> None:
    assert extract("A Volvo XC90 was seized with the drugs.").vehicles == ["Volvo XC90"]
    assert extract("A Volvo XC60 and a Peugeot 308 were stopped.").vehicles == [
        "Volvo XC60", "Peugeot 308"]
    assert extract("Officers stopped a grey Ford Focus YD21 KPL on the M1.").vehicles == [
        "grey Ford Focus YD21 KPL"]


def test_vehicles_by_make_model_colour_and_plate_and_as_seized_items() -> None:
    text = ("Police seized a black Mercedes C220, a silver Skoda Octavia registration KX19 PLM "
            "and a white van, and stopped a red car nearby.")
    assert extract(text).vehicles == ["black Mercedes C220", "silver Skoda Octavia KX19 PLM",
                                      "white van", "red car"]


# -- people in lists and with relations ---------------------------------------------------

def test_a_relation_before_a_name_gives_the_sex() -> None:
    text = "Tom Reed, 19, and his brother Sam Reed, 23, both of Kent Road, Hull, were jailed."
    assert _brief(text) == [(19, "M", "Hull"), (23, "M", "Hull")]
    assert _brief("Mother-of-two Ada Pike, 25, from Selby, was jailed.") == [(25, "F", "Selby")]
    assert _brief("Ada Pike, 25, was jailed with her partner Tom Reed, 29.") == [
        (25, "F", None), (29, None, None)]


def test_a_noun_with_a_bare_age_between_commas_or_in_brackets() -> None:
    text = "Officers arrested a 17-year-old from Leeds and a man, 20, from Bradford."
    assert _brief(text) == [(17, None, "Leeds"), (20, "M", "Bradford")]
    assert _brief("A woman (35) was also arrested.") == [(35, "F", None)]


def test_a_list_of_defendants_separated_by_semicolons() -> None:
    text = ("The defendants were: Tom Reed, 19, from Hull; Ben Lowe, 21, from Goole; and Ada "
            "Pike, 25, from Selby.")
    assert _brief(text) == [(19, None, "Hull"), (21, None, "Goole"), (25, None, "Selby")]


# -- drugs and weapons --------------------------------------------------------------------

def test_drugs_named_in_offence_wording_are_not_finds() -> None:
    text = ("He was charged with a number of offences, including possession of Class A and "
            "Class B drugs. Police made 12 arrests for suspected Class A drug dealing.")
    assert extract(text).drugs == []
    text = "Both were charged with conspiracy to supply class A drugs – heroin and crack cocaine."
    assert extract(text).drugs == []
    assert extract("Officers found crack pipes in the kitchen.").drugs == []
    assert [d.name for d in extract("Officers found crack cocaine in the kitchen.").drugs] == [
        "crack cocaine"]


def test_more_weapon_words_and_what_is_not_a_weapon() -> None:
    text = "Officers seized two air weapons, a meat cleaver and a machine pistol."
    assert extract(text).weapons == ["air weapon", "meat cleaver", "machine pistol"]
    text = ("A knife detection arch was used at the station and the council spoke about gun and "
            "gang crime and a firearms discharge last year.")
    assert extract(text).weapons == []


def test_a_list_of_forces_names_agencies_not_places() -> None:
    e = extract("Seven forces took part. The forces were Dorset, Wiltshire and Gloucestershire.")
    assert e.agencies == ["Dorset Police", "Wiltshire Police", "Gloucestershire Police"]
    assert e.locations == []
    e = extract("Officers from forces including Surrey, Sussex and Kent took part.")
    assert e.agencies == ["Surrey Police", "Sussex Police", "Kent Police"]


def test_forces_written_with_a_small_p_and_unit_forces() -> None:
    e = extract("Avon and Somerset police said two men were arrested in Yeovil.")
    assert e.agencies == ["Avon and Somerset Police"] and e.locations == ["Yeovil"]
    assert extract("Dorset police officers searched the flat.").agencies == ["Dorset Police"]
    e = extract("The North East Motorway Police stopped a van in Gateshead.")
    assert e.agencies == ["North East Motorway Police"] and e.locations == ["Gateshead"]
    assert extract("Hampshire police said the road was closed.").agencies == [
        "Hampshire and Isle of Wight Constabulary"]


def test_cash_taken_by_officers_is_seized() -> None:
    assert extract("Police officers also took £4,200 and nine phones.").cash_gbp == 4200


def test_a_third_person_arrested_means_at_least_three() -> None:
    text = ("Two men appeared in court charged with supplying cocaine. Police said a third person "
            "has been arrested.")
    assert extract(text).arrests == 3
    assert extract("A man was held in Hull. A second man was arrested later.").arrests == 2


def test_a_street_then_a_former_street_both_in_a_town() -> None:
    text = "Cole Marsh, 25, of Tern Street, and formerly of Ash Road, both in Reading, was jailed."
    assert _brief(text) == [(25, None, "Reading")]
    assert _brief("Cole Marsh, 25, was arrested in Reading.") == [(25, None, None)]


def test_a_sentence_opening_with_a_preposition_and_a_place_is_no_name() -> None:
    e = extract("In Cumbria the week brought three arrests.")
    assert e.locations == ["Cumbria"] and e.to_dict()["persons"] == []
    people = extract("With Tom Reed, 23, was Ada Pike, 30.").to_dict()["persons"]
    assert [(p["name"], p["age"]) for p in people] == [("Tom Reed", 23), ("Ada Pike", 30)]
