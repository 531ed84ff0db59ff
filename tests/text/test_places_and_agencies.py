"""Places from the offline gazetteer, police forces and agencies, operations and deal lines."""

from linewatch.text import extract


def test_gazetteer_towns_and_regions_in_order_without_repeats() -> None:
    text = "Raids in South London and Kent led to arrests in Chatham, then again in Kent."
    assert extract(text).locations == ["South London", "Kent", "Chatham"]


def test_lower_case_compass_region_is_normalised() -> None:
    assert extract("The dealers came from south-east London.").locations == ["South East London"]


def test_place_inside_a_force_name_is_not_a_location() -> None:
    assert extract("Kent Police made the arrests.").locations == []


def test_surname_that_is_also_a_town_is_not_a_location() -> None:
    text = "Kyle Preston, 23, of Luton, was charged. Preston will appear in court."
    assert extract(text).locations == ["Luton"]


def test_ambiguous_names_need_a_locative_word() -> None:
    assert extract("Reading the report, officers acted fast.").locations == []
    assert extract("He was arrested in Reading.").locations == ["Reading"]


def test_month_is_not_a_town() -> None:
    assert extract("The investigation began in March.").locations == []


def test_street_names_are_not_towns() -> None:
    assert extract("A flat on Melbourne Road, Leicester was searched.").locations == ["Leicester"]


def test_the_x_area_is_a_place_even_when_unknown() -> None:
    assert "Hightown" in extract("Drugs were sold in the Hightown area of Crewe.").locations


def test_met_written_many_ways_is_the_metropolitan_police() -> None:
    for text in ("Met Police officers attended.", "The Met said the raids went well.",
                 "Met detectives charged him.", "the Metropolitan Police Service confirmed"):
        assert extract(text).agencies == ["Metropolitan Police"], text


def test_met_office_is_not_the_met() -> None:
    assert extract("The Met Office issued a weather warning.").agencies == []


def test_any_place_police_or_constabulary_is_a_force() -> None:
    text = "Norfolk Constabulary worked with Thames Valley Police and the NCA."
    assert extract(text).agencies == ["Norfolk Constabulary", "Thames Valley Police",
                                      "National Crime Agency"]


def test_crimestoppers_is_not_an_agency_that_took_part() -> None:
    text = "Anyone with information should call Crimestoppers. Essex Police led the operation."
    assert extract(text).agencies == ["Essex Police"]


def test_a_force_unit_adds_no_agency() -> None:
    text = "DC Amy Patel, of the Violent Crime Taskforce, said the Met would not stop."
    assert extract(text).agencies == ["Metropolitan Police"]


def test_police_station_is_not_a_force() -> None:
    assert extract("He was taken to Kent Police Station.").agencies == []


def test_operation_names_are_normalised() -> None:
    assert extract("Op Viper officers made arrests.").operation_name == "Operation Viper"
    assert extract("Detectives from Project Adder said").operation_name == "Project Adder"
    assert extract("as part of Operation Orochi.").operation_name == "Operation Orochi"


def test_deal_line_names() -> None:
    text = ("The 'Tony' line and the Bobby line were closed; a third line called "
            "\u201cAce\u201d is still running.")
    assert extract(text).to_dict()["deal_lines"] == ["Tony", "Bobby", "Ace"]


def test_two_forces_joined_by_and_are_both_agencies() -> None:
    from linewatch.text import extract

    agencies = extract("Kent Police and Essex Police executed warrants.").to_contract()["agencies"]
    assert agencies == ["Kent Police", "Essex Police"]
    joint = extract("Avon and Somerset Police and Kent Police took part.").to_contract()
    assert joint["agencies"] == ["Avon and Somerset Police", "Kent Police"]


def test_a_list_of_areas_names_each_place_even_when_the_gazetteer_lacks_it() -> None:
    from linewatch.text import extract

    assert extract("Warrants were executed in the Oxhey, Larkfield Vale and Dunmore areas."
                   ).locations == ["Oxhey", "Larkfield Vale", "Dunmore"]
    assert extract("Raids took place in areas including Crayburn, Wethermoor and Bridge of "
                   "Tarn.").locations == ["Crayburn", "Wethermoor", "Bridge of Tarn"]
    assert extract("Officers visited the Monday, Tuesday and Friday areas of work."
                   ).locations == []
