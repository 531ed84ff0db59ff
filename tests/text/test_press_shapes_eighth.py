"""Shapes of police writing studied in the eighth round of issue 22: a street written inside a
run of capitalised words, a description after a relative clause ("The passenger who got out of
the car, a 29-year-old man"), a second driver of another age, makes as the text writes them
("VW Golf"), "£21,900 worth of cash", a named part of a county ("East Lancashire"), a class
written with a hyphen ("a Class- A drug") and a starter pistol. Every sentence is written for
these tests; names, streets and events are invented (the gazetteer's own towns and counties are
used where a rule reads them)."""

from __future__ import annotations

import pytest
from tests.text.press_shapes import contract as _contract
from tests.text.press_shapes import people as _people

# -- a street is not a person ------------------------------------------------------------------

def test_a_street_after_on_is_no_person_even_when_a_group_is_arrested() -> None:
    text = ("Two women, aged 31 and 44, were held after searches at homes on Larkmoor Walk in "
            "Brightfields and Cobble Court, on Tansy Close in Hulme, in the early hours of "
            "Monday.\n\nThey were arrested on suspicion of conspiracy to supply drugs and money "
            "laundering. Both are now in police custody.")
    out = _contract(text)
    assert out["arrests"] == 2
    assert _people(text) == [(31, "F", None), (44, "F", None)]


@pytest.mark.parametrize("street", ["Ferngate Road", "Pellow Mews", "Quarry Rise"])
def test_streets_of_any_kind_after_at_are_no_people(street: str) -> None:
    text = (f"Officers forced entry at {street} in the early hours. A 52-year-old man was "
            "arrested and they were all taken to custody.")
    assert _people(text) == [(52, "M", None)]


# -- one person described twice ------------------------------------------------------------------

def test_a_description_after_a_relative_clause_is_the_person_told_before() -> None:
    text = ("Officers on patrol saw a grey hatchback parked in a lay-by. One passenger got out "
            "holding a rucksack. The officers chased and caught him, and found cannabis in the "
            "rucksack.\n\nA second suspect, a teenage girl, was found nearby.\n\n"
            "The passenger who ran from the car, a 33-year-old man, was arrested on suspicion of "
            "possession with intent to supply.")
    assert _people(text) == [(33, "M", None), (None, "F", None)]


def test_a_description_of_another_age_is_someone_else() -> None:
    text = ("The driver, a 45-year-old man, was arrested. The passenger who sat in the back, a "
            "19-year-old man, was also arrested.")
    assert _people(text) == [(19, "M", None), (45, "M", None)]
    assert _contract(text)["arrests"] == 2


def test_a_second_driver_of_another_age_is_a_second_person() -> None:
    text = ("Officers carried out a roadside test on the driver, a 58-year-old man, and he was "
            "arrested on suspicion of drug driving.\n\nMeanwhile, a second car left the road at "
            "the next junction. Officers found it at a petrol station.\n\nThe 23-year-old "
            "driver was arrested on suspicion of drug driving and possessing cannabis.")
    out = _contract(text)
    assert out["arrests"] == 2
    assert sorted(p["age"] for p in out["persons"]) == [23, 58]


def test_the_same_driver_told_again_with_the_same_age_is_one_person() -> None:
    text = ("The driver, a 41-year-old man, was stopped on the bypass. The 41-year-old driver "
            "was arrested on suspicion of drug driving.")
    assert _people(text) == [(41, "M", None)]


# -- vehicles, cash, places, drugs, weapons --------------------------------------------------------

@pytest.mark.parametrize(("text", "vehicles"), [
    ("Officers stopped a VW Polo on the ring road.", ["VW Polo"]),
    ("A silver Mercedes-Benz Sprinter was seized at the docks.", ["silver Mercedes-Benz Sprinter"]),
    ("A VW Passat was stopped. The Passat was then searched.", ["VW Passat"]),
    ("he was seen driving a red merc near the park", ["red Mercedes"]),
])
def test_a_make_is_written_as_the_text_writes_it(text: str, vehicles: list[str]) -> None:
    assert _contract(text)["vehicles"] == vehicles


@pytest.mark.parametrize(("text", "cash"), [
    ("Five phones, £14,350 worth of cash and a knife were seized.", 14350),
    ("Officers found £2,500-worth of cash in a shoebox and seized it.", 2500),
])
def test_an_amount_worth_of_cash_is_cash(text: str, cash: int) -> None:
    assert _contract(text)["cash_gbp"] == cash


def test_an_amount_worth_of_drugs_is_still_no_cash() -> None:
    assert _contract("Officers seized £6,000 worth of heroin at the flat.")["cash_gbp"] is None


@pytest.mark.parametrize(("text", "places"), [
    ("Eleven people were arrested across East Lancashire during the week.", ["East Lancashire"]),
    ("Warrants were executed in West Cumbria and in Carlisle.", ["West Cumbria", "Carlisle"]),
    ("Officers in North Yorkshire made six arrests.", ["North Yorkshire"]),
])
def test_a_capitalised_compass_word_names_a_part_of_a_county(text: str,
                                                            places: list[str]) -> None:
    assert _contract(text)["locations"] == places


@pytest.mark.parametrize(("text", "places"), [
    ("The gang sold heroin in north Cumbria and beyond.", ["Cumbria"]),
    ("He will appear before the North Staffordshire Justice Centre next week.", ["Staffordshire"]),
])
def test_a_direction_or_a_court_is_no_named_part(text: str, places: list[str]) -> None:
    assert _contract(text)["locations"] == places


@pytest.mark.parametrize("written", ["a Class- A drug", "a class-A drug", "a Class -B drug"])
def test_a_class_written_with_a_hyphen_is_a_class(written: str) -> None:
    text = f"What is thought to be {written} was found in a hedge near the bus stop."
    assert [d["class"] for d in _contract(text)["drugs"]] == [written[-6]]


def test_a_hyphened_class_in_offence_wording_is_no_drug_seized() -> None:
    text = "He was charged with possession with intent to supply a Class- A drug."
    assert _contract(text)["drugs"] == []


def test_a_starter_pistol_is_not_a_pistol() -> None:
    text = "Police found a starter pistol, two knives and cocaine at the flat."
    assert sorted(_contract(text)["weapons"]) == ["knife", "starter pistol"]


def test_a_pistol_beside_a_starting_pistol_is_both() -> None:
    text = "A pistol and a starting pistol were recovered from the loft."
    assert sorted(_contract(text)["weapons"]) == ["pistol", "starter pistol"]


# -- people told again, lawyers, job titles, month surnames --------------------------------------

def test_also_of_what_the_person_did_next_does_not_make_a_second_person() -> None:
    text = ("A Gloucester woman has been arrested on suspicion of trafficking offences.\n\n"
            "Detectives searched two flats in Bristol on Wednesday.\n\n"
            "A 19-year-old man was arrested on suspicion of drug supply.\n\n"
            "At the address in Gloucester, a 41-year-old woman was arrested on suspicion of "
            "trafficking offences, and she has also been released on bail.")
    out = _contract(text)
    assert out["arrests"] == 2
    assert _people(text) == [(19, "M", None), (41, "F", "Gloucester")]


def test_a_second_woman_told_with_also_is_still_a_second_person() -> None:
    text = ("A Gloucester woman has been arrested on suspicion of trafficking offences.\n\n"
            "At the address in Gloucester, a 41-year-old woman was also arrested.")
    assert len(_contract(text)["persons"]) == 2


@pytest.mark.parametrize("role", ["defending Dunne", "for the defence", "mitigating"])
def test_a_lawyer_named_beside_the_defendant_is_no_person(role: str) -> None:
    text = (f"Carl Dunne, 36, of Hexham, was jailed for four years. Nina Holt, {role}, of Tyne "
            "Walk, Hexham, said her client had been in debt to the gang.")
    assert _people(text) == [(36, None, "Hexham")]


def test_a_lower_case_job_word_before_a_name_makes_an_official() -> None:
    text = ("Carl Dunne, 44, was arrested at a services, said prosecutor Nina Holt, of Leeds, who "
            "told magistrates the case was too serious.")
    assert _people(text) == [(44, None, None)]


def test_a_capitalised_job_title_after_an_indefinite_noun_is_no_person() -> None:
    text = ("A woman was exploited by a dealer. The survivor is now safe and has been supported "
            "by a Victim Navigator to get help with her addiction.")
    assert _people(text) == [(None, "F", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The court heard that 39-year-old Dean May was stopped on the motorway.", [(39, None, None)]),
    ("Dean May, 39, of Redcar, was jailed for three years.", [(39, None, "Redcar")]),
    ("Officers raided the flat on Monday 5 May and found cocaine.", []),
    ("Between April and May officers made twelve arrests.", []),
])
def test_a_month_ends_a_name_only_after_a_forename(text: str, expected: list[tuple[object, ...]]
                                                    ) -> None:
    assert _people(text) == expected


def test_the_defendant_with_one_person_told_is_that_person() -> None:
    text = ("A motorist has appeared in court accused of carrying cocaine. The court heard "
            "that 51-year-old Dean May was stopped on the motorway on 2 March.\n\n"
            "The defendant, of Chapel Lane, Redcar, was remanded in custody. He will appear at "
            "the crown court next month.")
    assert _people(text) == [(51, "M", "Redcar")]


def test_a_councillor_titled_coun_is_an_official() -> None:
    text = ("The 16-year-old boy was caught selling heroin near a park.\n\n"
            "Council spokesman on youth services Coun Mary Frith called for more support. She "
            "said the case was a warning to parents.")
    assert _people(text) == [(16, "M", None)]


def test_the_aged_youngster_after_a_teenager_stopped_before_is_that_teenager() -> None:
    text = ("Later that day officers stopped a teenager after they saw he had a mask on his face.\n\n"
            "Wearing a mask in the heat is unusual, so officers searched the 16-year-old there and "
            "then.\n\nA second boy walked up and tried to stop the search.")
    ages = sorted((p["age"] or 0, p["sex"]) for p in _contract(text)["persons"])
    assert ages == [(0, "M"), (16, "M")]



@pytest.mark.parametrize(("text", "vehicles"), [
    ("Officers stopped a Peugeot car on the A66 near the services.", ["Peugeot"]),
    ("A Renault van was seized with the drugs inside.", ["Renault"]),
    ("He said Renault and Peugeot both sponsor the race.", []),
])
def test_a_make_before_a_body_word_is_a_vehicle(text: str, vehicles: list[str]) -> None:
    assert _contract(text)["vehicles"] == vehicles


@pytest.mark.parametrize(("text", "person"), [
    ("Officers stopped the van and arrested the driver, a 34-year-old man from Leeds, on "
     "suspicion of drug driving.", (34, "M", "Leeds")),
    ("Detectives later arrested the tenant, a 61-year-old woman, at the flat.", (61, "F", None)),
])
def test_arrested_the_role_then_its_description_is_an_arrest(text: str,
                                                              person: tuple[object, ...]) -> None:
    out = _contract(text)
    assert out["arrests"] == 1
    assert _people(text) == [person]
