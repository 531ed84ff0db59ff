"""Shapes real police writing uses for people, counts and vehicles (sentences written for these
tests; every name, street and event is invented)."""

from __future__ import annotations

from typing import Any

from linewatch.text import extract


def _people(text: str) -> list[dict[str, Any]]:
    return extract(text).to_dict()["persons"]


def _brief(text: str) -> list[tuple[Any, ...]]:
    return [(p["age"], p["sex"], p["town"]) for p in _people(text)]


# -- people -----------------------------------------------------------------------------------

def test_home_is_the_town_after_a_street_without_a_house_number() -> None:
    people = _people("Dara Quill, 23, of Fenwick Road, Gillingham, was jailed for four years.")
    assert (people[0]["name"], people[0]["age"], people[0]["town"]) == (
        "Dara Quill", 23, "Gillingham")
    assert "Fenwick Road" not in extract("Dara Quill, 23, of Fenwick Road, Gillingham, was "
                                         "jailed.").locations


def test_a_list_of_defendants_with_streets_and_counties_shares_the_offence() -> None:
    text = ("Pip Orme, 23, of Tern Road, Wallasey, Merseyside, Ned Vosk, 22, of Heron Way, "
            "Wallasey, and Lyle Catt, 24, of Wren Lane, Runcorn, were found guilty of "
            "conspiring to supply heroin.")
    people = _people(text)
    assert [(p["age"], p["town"]) for p in people] == [(23, "Wallasey"), (22, "Wallasey"),
                                                       (24, "Runcorn")]
    assert all(p["offences"] == ["conspiracy to supply heroin"] for p in people)
    assert all(p["story_roles"] == ["convicted"] for p in people)


def test_two_men_with_ages_and_a_shared_town() -> None:
    assert _brief("Two men, aged 19 and 21, both from Leeds, were charged.") == [
        (19, "M", "Leeds"), (21, "M", "Leeds")]
    assert _brief("The two men – aged 30 and 34 – were bailed.") == [(30, "M", None),
                                                                     (34, "M", None)]


def test_bullet_list_of_sentences_gives_roles_and_terms() -> None:
    text = ("The following were sentenced at crown court:\n"
            "- Ellis Marr, 24, of Rainham, was jailed for six years.\n"
            "- Nadia Fenn, 31, of Strood, received a suspended sentence.\n"
            "- A 16-year-old boy from Chatham, who cannot be named, was given a referral order.")
    people = _people(text)
    assert [(p["name"], p["age"], p["town"]) for p in people] == [
        ("Ellis Marr", 24, "Rainham"), ("Nadia Fenn", 31, "Strood"), (None, 16, "Chatham")]
    assert [p["sentence"] for p in people] == ["six years", "a suspended sentence",
                                               "a referral order"]
    assert all(p["story_roles"] == ["sentenced"] for p in people)


def test_a_longer_term_and_a_sentence_given_to_two_named_together() -> None:
    text = ("Tam Rook, 30, and Jude Pell, 28, admitted the offences. Rook was jailed for six "
            "years and nine months, while Pell was given five and a half years.")
    people = {p["name"]: p for p in _people(text)}
    assert people["Tam Rook"]["sentence"] == "six years and nine months"
    assert people["Jude Pell"]["sentence"] == "five and a half years"
    assert people["Jude Pell"]["story_roles"] == ["convicted", "sentenced"]


def test_the_teenager_and_he_refer_back_to_the_boy() -> None:
    text = ("A 17-year-old boy from Croydon was arrested in Hastings. The teenager was later "
            "charged with possession of a bladed article. He has been remanded.")
    people = _people(text)
    assert len(people) == 1
    assert people[0]["offences"] == ["possession of a bladed article"]
    assert people[0]["story_roles"] == ["arrested", "charged"]


def test_the_pair_and_both_refer_to_the_two_people_before() -> None:
    text = ("Kade Morrow, 19, and Tilly Brand, 21, both of Sittingbourne, were arrested. "
            "The pair were charged with being concerned in the supply of cocaine.")
    people = _people(text)
    assert [(p["age"], p["town"]) for p in people] == [(19, "Sittingbourne"),
                                                        (21, "Sittingbourne")]
    assert all(p["offences"] == ["being concerned in the supply of cocaine"] for p in people)
    assert all(p["story_roles"] == ["arrested", "charged"] for p in people)


def test_a_victim_and_a_safeguarded_child_have_their_roles() -> None:
    people = _people("A 15-year-old boy was exploited by the gang. Officers said the boy was "
                     "safeguarded.")
    assert people[0]["story_roles"] == ["victim", "safeguarded"]


def test_groups_with_a_home_town_are_people_and_without_one_a_count() -> None:
    assert sorted(_brief("Those arrested were two men and one woman in their 20s from "
                         "Kirkby, and two men from Thornton."), key=str) == sorted(
        [(None, "M", "Kirkby"), (None, "M", "Kirkby"), (None, "F", "Kirkby"),
         (None, "M", "Thornton"), (None, "M", "Thornton")], key=str)
    assert _brief("Six people (five men and a woman) were arrested.") == []


def test_an_age_before_a_name_and_an_age_after_a_surname() -> None:
    assert _brief("An appeal by 22-year-old Ricky Lane Tobin was dismissed.") == [
        (22, None, None)]
    text = ("Gang member Jory Tarn Welt recruited a boy. Welt, 20, of Southwark, was "
            "sentenced. He admitted supplying Class A drugs.")
    welt = _people(text)[0]
    assert (welt["name"], welt["age"], welt["sex"], welt["town"]) == (
        "Jory Tarn Welt", 20, "M", "Southwark")
    assert welt["offences"] == ["supplying Class A drugs"]


def test_a_prosecutor_is_an_official_and_her_pronoun_is_not_the_defendants() -> None:
    text = ("Remy Oake, of Hackney, pleaded guilty. Prosecutor Ada Finch told the court the "
            "line ran from London. She said the risk was high.")
    result = extract(text)
    assert [p.name for p in result.persons] == ["Remy Oake"]
    assert result.persons[0].sex is None
    assert "Ada Finch" in [m.value for m in result.official_mentions]


def test_a_court_and_an_act_are_not_people() -> None:
    assert _people("He told the Criminal Appeal Court about an offence under the Modern "
                   "Slavery Act.") == []


def test_informal_ages_join_the_group_they_belong_to() -> None:
    assert _brief("two lads from Luton keep coming, one of them is about 17") == [
        (17, "M", "Luton"), (None, "M", "Luton")]


# -- counts -----------------------------------------------------------------------------------

def _counts(text: str) -> dict[str, Any]:
    return extract(text).to_dict()["counts"]


def test_counts_in_words_numbers_and_further_ones() -> None:
    assert _counts("Seven people were arrested.")["arrests"] == 7
    assert _counts("19 arrests for drug related offences were made.")["arrests"] == 19
    counts = _counts("Eleven people were arrested. A further three were later charged.")
    assert (counts["arrests"], counts["charged"]) == (11, 3)
    assert _counts("Four people were charged and a further two have been charged since."
                   )["charged"] == 6


def test_a_total_and_its_parts_are_not_added() -> None:
    counts = _counts("Officers made 50 arrests, including 12 in Kent, and seized 30 mobile "
                     "phones, 12 weapons including five knives, and two cars.")
    assert (counts["arrests"], counts["phones"], counts["weapons"], counts["vehicles"]) == (
        50, 30, 12, 2)


def test_table_rows_and_bullets_are_read_one_line_at_a_time() -> None:
    counts = _counts("Results of the week:\nArrests: 12\n| Warrants executed | 5 |\n"
                     "- Vulnerable people safeguarded: 4\nCharged: 3")
    assert (counts["arrests"], counts["warrants"], counts["safeguarded"],
            counts["charged"]) == (12, 5, 4, 3)


def test_two_groups_safeguarded_together_are_added() -> None:
    assert _counts("A total of 43 children and 69 vulnerable adults were safeguarded."
                   )["safeguarded"] == 112
    assert _counts("Officers took safeguarding action for seven vulnerable people."
                   )["safeguarded"] == 7
    assert _counts("Nine arrests were made and a missing child safeguarded.")["safeguarded"] == 1


def test_people_arrested_one_at_a_time_are_counted() -> None:
    assert _counts("One person was arrested for supplying drugs, while another individual was "
                   "arrested for carrying a knife.")["arrests"] == 2


def test_street_value_of_drugs() -> None:
    counts = _counts("Heroin with a street value of £12,000 and £4,500 in cash were seized.")
    assert counts["drug_value_gbp"] == 12000
    assert extract("Heroin with a street value of £12,000 and £4,500 in cash were seized."
                   ).cash_gbp == 4500


# -- vehicles ---------------------------------------------------------------------------------

def test_vehicles_by_make_model_colour_and_plate_and_as_seized_items() -> None:
    vehicles = extract("Officers seized a BMW X5, a white Transit van and a silver Ford "
                       "Fiesta, registration KP19 XRT.").vehicles
    assert vehicles == ["BMW X5", "white Ford Transit", "silver Ford Fiesta KP19 XRT"]
    assert extract("A blue Vauxhall Corsa (AB21 CDE) was stopped.").vehicles == [
        "blue Vauxhall Corsa AB21 CDE"]


def test_a_car_alone_describes_no_vehicle_but_a_coloured_one_does() -> None:
    assert extract("Officers stopped a car on the ring road.").vehicles == []
    assert extract("The pair were seen in a black car.").vehicles == ["black car"]


def test_a_headline_age_and_a_description_repeated_in_a_quote_are_one_person() -> None:
    text = ("Woman, 57, held after drugs found in car\n\n"
            "A woman was stopped on the motorway on Tuesday. A 57-year-old woman, from "
            "Bedford, has been arrested on suspicion of possession with intent to supply a "
            "controlled drug of class A.\n\n"
            "A spokesperson said: \"A 57-year-old woman, from Bedford, has been arrested.\"")
    people = _people(text)
    assert [(p["age"], p["sex"], p["town"]) for p in people] == [(57, "F", "Bedford")]
    assert people[0]["offences"] == ["possession with intent to supply Class A drugs"]


def test_the_person_in_the_opening_line_gains_a_town_given_later() -> None:
    text = ("Police charged a 38-year-old man after a week of action.\n\n"
            "There were three arrests, including a Corby man charged with possession of a "
            "bladed article.")
    assert _brief(text) == [(38, "M", "Corby")]


def test_another_person_in_the_same_words_stays_another_person() -> None:
    text = ("A 19-year-old man from Leeds was arrested. A 19-year-old man from Leeds was also "
            "arrested later that day.")
    assert _brief(text) == [(19, "M", "Leeds"), (19, "M", "Leeds")]


def test_a_commissioner_is_an_official() -> None:
    text = "Police and Crime Commissioner Stella Barr said the arrests mattered."
    assert extract(text).persons == []


def test_a_journey_from_a_town_is_not_a_home() -> None:
    text = "Arlo Penn admitted driving a 14-year-old boy to Wales from Bristol."
    boy = [p for p in _people(text) if p["name"] is None]
    assert [(p["age"], p["town"]) for p in boy] == [(14, None)]
    assert _brief("A 14-year-old boy from Bristol was found in Wales.") == [(14, "M", "Bristol")]


def test_the_age_opening_a_later_sentence_is_the_named_person_before_it() -> None:
    text = ("Arlo Penn recruited the 15-year-old in a park.\n\n"
            "Penn admitted child trafficking.\n\n"
            "The 20-year-old also admitted conspiring to supply heroin.")
    people = {p["name"]: p for p in _people(text)}
    assert people["Arlo Penn"]["age"] == 20
    assert people["Arlo Penn"]["offences"] == ["child trafficking",
                                               "conspiracy to supply heroin"]
    assert people[None]["age"] == 15


def test_a_group_arrested_for_an_offence_passes_it_to_the_people_listed_later() -> None:
    text = ("The seven men and one woman were arrested on suspicion of possession of Class A "
            "and Class B drugs with intent to supply.\n\n"
            "Those arrested were two men and one woman from Kirkby.")
    people = _people(text)
    assert sorted((p["sex"], p["town"]) for p in people) == [
        ("F", "Kirkby"), ("M", "Kirkby"), ("M", "Kirkby")]
    assert all(p["offences"] == ["possession with intent to supply Class A drugs",
                                 "possession with intent to supply Class B drugs"]
               for p in people)


# -- cash and what drugs are worth ------------------------------------------------------------

def test_money_of_drugs_is_their_value_not_cash() -> None:
    for text in ("Officers seized £600 of cocaine and £670 of heroin.",
                 "They seized more than £2,000-worth of drugs.",
                 "Police arrested nine people and seized £5 million in cocaine.",
                 "A £250,000 drugs haul was found in the boot."):
        result = extract(text)
        assert result.cash_gbp is None, text
        assert result.to_dict()["counts"]["drug_value_gbp"] is not None, text
    assert extract("They found £2,500 of cocaine along with £2,000 cash.").cash_gbp == 2000


def test_a_rounded_amount_and_the_exact_one_are_the_same_cash() -> None:
    text = ("Officers seized more than £34,000 in cash during the week.\n"
            "- £34,710 cash seized")
    assert extract(text).cash_gbp == 34710
    assert extract("Police seized £20,000 in cash at one flat and £5,000 in cash at another."
                   ).cash_gbp == 25000


def test_somebody_arrested_with_nothing_known_is_still_a_person_and_counted_once() -> None:
    text = ("One person was arrested for being concerned in the supply of controlled drugs, "
            "while another individual was arrested for possession of a bladed article.")
    result = extract(text)
    assert [(p.age, p.sex, p.town, p.offences) for p in result.persons] == [
        (None, None, None, ["being concerned in the supply of controlled drugs"]),
        (None, None, None, ["possession of a bladed article"])]
    assert result.arrests == 2
    assert extract('She said: "If a person is arrested, we act."').persons == []
    assert extract("A person can be arrested for this.").persons == []


def test_capitalised_words_that_are_not_people() -> None:
    assert _people("UK: More Than 90 Arrested In Week Of Action\n\nNinety people were "
                   "arrested.") == []
    assert _people("Results:\n44 Drug Awareness Referrals were made and five people were "
                   "arrested.") == []
    assert _people("Warrants were executed in the Westwood, Oak Tree Hill and Saddleworth "
                   "areas and nine people were arrested.") == []
    assert [p["name"] for p in _people("Jordan Pike Jailed\n\nJordan Pike, 31, of Derby, "
                                       "was jailed.")] == ["Jordan Pike"]


# -- forces named together --------------------------------------------------------------------

def test_forces_named_in_one_list_are_each_an_agency_and_not_a_place() -> None:
    result = extract("Officers from Avon and Somerset, Dorset and Wiltshire police joined the "
                     "South West Regional Organised Crime Unit in Swindon.")
    assert result.agencies == ["Avon and Somerset Police", "Dorset Police", "Wiltshire Police",
                               "South West Regional Organised Crime Unit"]
    assert result.locations == ["Swindon"]
    assert extract("Crews met at Leeds and Bradford police stations.").agencies == []


def test_an_offence_after_a_sentence_length_and_a_courier_who_is_someone_else() -> None:
    people = _people("A 23-year-old man has been jailed for four years after supplying class A "
                     "drugs in Margate.")
    assert people[0]["offences"] == ["supplying Class A drugs"]
    text = ("A male known as 'Zed' runs the line from a flat in Norwich. He is supplied by a "
            "courier from Tottenham.")
    assert sorted(_brief(text), key=str) == sorted([(None, "M", None),
                                                    (None, None, "Tottenham")], key=str)


def test_an_agency_name_broken_over_two_lines_is_still_that_agency() -> None:
    assert extract("Officers from Scotland\nYard took part.").agencies == [
        "Metropolitan Police"]


# -- tables and one-line entries of defendants -------------------------------------------------

def test_a_table_of_defendants_gives_each_person_with_age_town_and_term() -> None:
    text = ("The defendants and their sentences:\n\n"
            "| Name | Age | Home town | Sentence |\n"
            "|---|---|---|---|\n"
            "| Ellis Marr | 24 | Rainham | six years |\n"
            "| Nadia Fenn | 31 | Strood | two years, suspended |\n")
    people = _people(text)
    assert [(p["name"], p["age"], p["town"], p["sentence"], p["story_roles"]) for p in people] == [
        ("Ellis Marr", 24, "Rainham", "six years", ["sentenced"]),
        ("Nadia Fenn", 31, "Strood", "two years, suspended", ["sentenced"])]
    assert "Ellis Marr" in extract(text).to_dict()["names"]


def test_one_defendant_a_line_with_a_dash_before_the_term() -> None:
    text = "Sentenced:\nEllis Marr, 24, Rainham – six years\nNadia Fenn (31), Strood – 18 months"
    assert [(p["name"], p["age"], p["town"], p["sentence"]) for p in _people(text)] == [
        ("Ellis Marr", 24, "Rainham", "six years"), ("Nadia Fenn", 31, "Strood", "18 months")]
    pending = _people("Listed:\nEllis Marr, 24, Rainham – appeal pending")
    assert [(p["sentence"], p["story_roles"]) for p in pending] == [(None, [])]
