"""Phone numbers, plates, vehicles, postcodes and addresses."""

import pytest

from linewatch.text import extract


@pytest.mark.parametrize("written", [
    "07700 900123", "+44 7700 900123", "447700900123", "(07700) 900-123", "07700900123",
    "0044 7700 900123", "07700 900 123",
])
def test_uk_mobile_in_any_written_form_is_e164(written: str) -> None:
    assert extract(f"The runner's phone was {written} according to the source.").phones == [
        "+447700900123"]


def test_possible_but_unallocated_numbers_are_kept() -> None:
    assert extract("Deal line: 07700 912345.").phones == ["+447700912345"]


def test_international_numbers_keep_their_country_code() -> None:
    assert extract("He used a French number, +33 6 12 00 00 11.").phones == ["+33612000011"]


def test_appeal_and_freephone_numbers_are_not_subject_phones() -> None:
    text = ("Call police on 101 or Crimestoppers anonymously on 0800 555 111. "
            "The line number was 07700 900222.")
    assert extract(text).phones == ["+447700900222"]


def test_dates_and_times_are_not_phone_numbers() -> None:
    assert extract("Seen on 11/03/2024 at 2215hrs near the station.").phones == []


def test_plate_is_normalised_with_a_space() -> None:
    ex = extract("Vehicle of interest VRM kx19lmr seen twice.")
    assert [p.plate for p in ex.plate_mentions] == ["KX19 LMR"]


def test_plate_with_invalid_age_identifier_is_ignored() -> None:
    assert extract("Reference AB99 CDE was logged.").plate_mentions == []


def test_vehicle_colour_make_model_and_plate() -> None:
    ex = extract("Officers stopped a silver Ford Focus, registration LD68 WZT, on the A2.")
    assert ex.vehicles == ["silver Ford Focus LD68 WZT"]


def test_model_alone_names_its_make() -> None:
    assert extract("He drives a white Transit van.").vehicles == ["white Ford Transit"]


def test_slang_make_in_a_tip() -> None:
    assert extract("he drives a black merc with tinted windows").vehicles == ["black Mercedes"]


def test_colour_and_body_type_is_a_vehicle() -> None:
    assert extract("The runner rides a red moped.").vehicles == ["red moped"]


def test_plate_given_later_for_the_same_vehicle() -> None:
    text = "They left in a grey Kia Sportage. The car, registration HJ21 RTX, was found later."
    assert extract(text).vehicles == ["grey Kia Sportage HJ21 RTX"]


def test_plate_on_its_own_is_still_a_vehicle() -> None:
    assert extract("ANPR hit on YD70 OPH at 0310hrs.").vehicles == ["YD70 OPH"]


def test_postcodes_and_addresses() -> None:
    ex = extract("Address: flat 2, 14 Example Road, Chatham ME4 4QU.")
    assert [p.value for p in ex.postcode_mentions] == ["ME4 4QU"]
    assert ex.address_mentions[0].value.startswith("flat 2, 14 Example Road")


def test_iso_date_time_is_not_a_phone_number() -> None:
    assert extract("Date/time: 2024-01-19 17:45").phones == []


def test_number_written_right_after_a_date_is_still_found() -> None:
    assert extract("03/02/2024 07700900124 called twice").phones == ["+447700900124"]
