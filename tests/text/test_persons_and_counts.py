"""People (age, sex, home town, offences), and the arrest, warrant and safeguarding counts."""

from linewatch.text import extract


def _persons(text: str) -> list[dict[str, object]]:
    return extract(text).to_contract()["persons"]


def test_two_people_sharing_a_town_and_an_offence() -> None:
    text = ("Among those arrested were a 19-year-old woman and a 52-year-old man from Dartford, "
            "both arrested on suspicion of money laundering.")
    assert _persons(text) == [
        {"age": 19, "sex": "F", "town": "Dartford", "offences": ["money laundering"]},
        {"age": 52, "sex": "M", "town": "Dartford", "offences": ["money laundering"]},
    ]


def test_each_person_keeps_their_own_town_and_offence() -> None:
    text = ("A 17-year-old boy from Luton was arrested for possession of a bladed article, and "
            "a 30-year-old woman from Dunstable was arrested on suspicion of money laundering.")
    assert _persons(text) == [
        {"age": 17, "sex": "M", "town": "Luton", "offences": ["possession of a bladed article"]},
        {"age": 30, "sex": "F", "town": "Dunstable", "offences": ["money laundering"]},
    ]


def test_plural_noun_with_ages_gives_one_person_per_age() -> None:
    people = _persons("Two men aged 22 and 35 from Wigan were arrested.")
    assert [(p["age"], p["sex"], p["town"]) for p in people] == [(22, "M", "Wigan"),
                                                                 (35, "M", "Wigan")]


def test_age_range_describes_nobody_in_particular() -> None:
    assert _persons("Nine men aged between 18 and 40 were arrested.") == []


def test_named_defendant_and_later_surname() -> None:
    text = ("Tom Harlow, 29, of Gravesend, was jailed. Harlow admitted conspiracy to supply "
            "cocaine.")
    ex = extract(text)
    assert ex.to_contract()["persons"] == [
        {"age": 29, "sex": None, "town": "Gravesend", "offences": ["conspiracy to supply cocaine"]}]
    assert ex.to_dict()["names"] == ["Tom Harlow"]


def test_officers_and_judges_are_not_persons_of_interest() -> None:
    text = "Detective Inspector Sara Cole and Judge Peter Lang commented on the case."
    ex = extract(text)
    assert ex.persons == []
    assert [m.value for m in ex.official_mentions] == ["Sara Cole", "Peter Lang"]


def test_unnamed_lead_is_the_named_defendant() -> None:
    text = ("A Bolton man has been jailed for running a drug line.\n\n"
            "Adam Pike, 33, of Bolton, admitted being concerned in the supply of heroin.")
    assert _persons(text) == [{"age": 33, "sex": "M", "town": "Bolton",
                               "offences": ["being concerned in the supply of heroin"]}]


def test_the_boy_refers_back_to_the_boy() -> None:
    text = ("A 15-year-old boy and a 40-year-old man were arrested. The boy was also arrested "
            "for possession of cannabis.")
    people = _persons(text)
    assert people[0]["offences"] == ["possession of cannabis"]
    assert people[1]["offences"] == []


def test_sex_comes_from_a_pronoun_only_when_it_can_mean_one_person() -> None:
    assert _persons("Jo Reed, 31, of Derby, was charged. She was remanded.")[0]["sex"] == "F"
    both = _persons("Jo Reed, 31, and Sam Hart, 40, were charged. She was remanded.")
    assert [p["sex"] for p in both] == [None, None]
    assert _persons('Jo Reed, 31, was charged. An officer said: "He ran off."')[0]["sex"] is None


def test_register_entries_in_intel_logs() -> None:
    text = 'Subject 1: male, 17yrs, known as "Blaze", believed from Croydon.'
    ex = extract(text)
    assert ex.to_contract()["persons"] == [{"age": 17, "sex": "M", "town": "Croydon",
                                            "offences": []}]
    assert ex.persons[0].nicknames == ["Blaze"]


def test_informal_ages_in_tips() -> None:
    people = _persons("two lads keep coming round, one looks about 15 and the other maybe 19")
    assert [(p["age"], p["sex"]) for p in people] == [(15, "M"), (19, "M")]


def test_arrests_from_an_explicit_count_in_words() -> None:
    assert extract("Thirty-four people were arrested across the county.").arrests == 34
    assert extract("Police arrested 41 people during the week.").arrests == 41
    assert extract("The operation led to a total of 12 arrests.").arrests == 12


def test_among_n_arrested_is_the_total_not_the_subgroup() -> None:
    assert extract("Two people from Dover were among seven arrested.").arrests == 7


def test_arrests_fall_back_on_the_people_described() -> None:
    text = "A 20-year-old man and a 24-year-old woman were arrested in Hull."
    assert extract(text).arrests == 2


def test_arrests_unknown_is_null() -> None:
    assert extract("A man was jailed for six years at Hull Crown Court.").arrests is None


def test_a_further_arrest_is_added() -> None:
    text = "Officers arrested five people. Essex Police arrested a further man in Harlow."
    assert extract(text).arrests == 6


def test_warrants_in_several_wordings() -> None:
    assert extract("Officers carried out seven warrants at dawn.").warrants == 7
    assert extract("Detectives executed 7 search warrants.").warrants == 7
    assert extract("Warrants were executed at 14 addresses.").warrants == 14
    assert extract("Officers executed a search warrant at a flat.").warrants == 1


def test_addresses_searched_is_a_count_not_warrants() -> None:
    ex = extract("11 addresses were searched in Luton.")
    assert ex.warrants is None
    assert [(c.value, c.noun) for c in ex.count_mentions] == [(11, "addresses")]


def test_safeguarded_counts() -> None:
    assert extract("12 vulnerable people were safeguarded.").safeguarded == 12
    assert extract("Officers safeguarded three children.").safeguarded == 3
    assert extract("Officers put safeguarding measures in place.").safeguarded is None
