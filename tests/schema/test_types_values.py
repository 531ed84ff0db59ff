import datetime as dt

import pytest

from linewatch.errors import CleanError
from linewatch.schema.types import dates, drugs, grading, money, plate, postcode


@pytest.mark.parametrize("written", ["me44qu", "ME4 4QU", " me4  4qu ", "Me44Qu"])
def test_postcode_any_case_and_spacing(written: str) -> None:
    assert postcode.clean(written) == "ME4 4QU"


def test_postcode_long_outward_code() -> None:
    assert postcode.clean("se256aa") == "SE25 6AA"


@pytest.mark.parametrize("bad", ["notapostcode", "12345", "ME4", ""])
def test_postcode_rejects_non_postcodes(bad: str) -> None:
    with pytest.raises(CleanError):
        postcode.clean(bad)


def test_postcode_outward_and_area() -> None:
    assert postcode.outward("me4 4qu") == "ME4"
    assert postcode.area("SE25 6AA") == "SE"


def test_current_plate_is_compacted_and_displayed() -> None:
    assert plate.clean("ab12 cde") == "AB12CDE"
    assert plate.display("AB12CDE") == "AB12 CDE"
    assert plate.is_current_format("AB62CDE")


def test_plate_with_i_in_last_three_is_not_current_format() -> None:
    assert not plate.is_current_format("AB12CDI")
    with pytest.raises(CleanError):
        plate.clean("AB12 CDI", strict=True)


def test_naive_time_is_london_local() -> None:
    summer = dates.clean_datetime("2026-07-01T12:00:00")
    winter = dates.clean_datetime("2026-01-01T12:00:00")
    assert summer == dt.datetime(2026, 7, 1, 11, 0)
    assert winter == dt.datetime(2026, 1, 1, 12, 0)


def test_time_with_offset_is_that_instant() -> None:
    assert dates.clean_datetime("2026-07-01T12:00:00+02:00") == dt.datetime(2026, 7, 1, 10, 0)
    assert dates.clean_datetime("2026-07-01T12:00:00Z") == dt.datetime(2026, 7, 1, 12, 0)


def test_impossible_date_is_refused() -> None:
    with pytest.raises(CleanError):
        dates.clean_date("2021-02-30")
    with pytest.raises(CleanError):
        dates.clean_date("03/04/2006")


def test_date_with_mapping_format() -> None:
    assert dates.clean_date("03/04/2006", "%d/%m/%Y") == dt.date(2006, 4, 3)


def test_age_on_birthday_boundary() -> None:
    assert dates.age_on(dt.date(2008, 5, 10), dt.date(2026, 5, 9)) == 17
    assert dates.age_on(dt.date(2008, 5, 10), dt.date(2026, 5, 10)) == 18


@pytest.mark.parametrize(("written", "pounds"), [
    ("£20,000", 20000.0), ("20k", 20000.0), ("£35k", 35000.0), ("£1.2m", 1_200_000.0),
    ("1500.50", 1500.5), ("20 grand", 20000.0), (250, 250.0),
])
def test_money_forms(written: object, pounds: float) -> None:
    assert money.clean(written) == pounds


def test_money_refuses_negative_and_words() -> None:
    with pytest.raises(CleanError):
        money.clean("-5")
    with pytest.raises(CleanError):
        money.clean("lots")


@pytest.mark.parametrize(("written", "letter"), [("A", "A"), ("class b", "B"), ("Class C", "C")])
def test_drug_class(written: str, letter: str) -> None:
    assert drugs.clean(written) == letter


def test_drug_class_of_names() -> None:
    assert drugs.class_of("Crack cocaine") == "A"
    assert drugs.class_of("ketamine") == "B"
    assert drugs.class_of("unknown stuff") is None
    with pytest.raises(CleanError):
        drugs.clean("D")


def test_grade_parses_and_weights() -> None:
    grade = grading.Grade.clean("1A P")
    assert str(grade) == "1AP"
    assert grade.weight == 1.0
    assert grading.Grade.clean("3/E/C").weight == 0.0


@pytest.mark.parametrize("bad", ["4A P", "1F P", "1A X", "1A"])
def test_grade_refuses_bad_codes(bad: str) -> None:
    with pytest.raises(CleanError):
        grading.Grade.clean(bad)


def test_plate_random_letters_exclude_i_and_q_only() -> None:
    assert not plate.is_current_format("AB12CDQ")
    assert plate.is_current_format("AB12CDO") and plate.is_current_format("AB12CDZ")
