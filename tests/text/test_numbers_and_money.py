"""Numbers, money and drug quantities as police and news texts write them."""

import pytest

from linewatch.text import extract
from linewatch.text.numbers import parse_money, parse_number


@pytest.mark.parametrize(("written", "value"), [
    ("seven", 7), ("Thirty-four", 34), ("twenty one", 21), ("1,468", 1468), ("2.3", 2.3),
    ("a dozen", 12), ("one hundred and twelve", 112), ("eleven", 11),
])
def test_numbers_in_digits_and_words(written: str, value: float) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize(("written", "pounds"), [
    ("£20,000", 20000), ("£35k", 35000), ("£1.2 million", 1_200_000), ("£1.2m", 1_200_000),
    ("20 grand", 20000), ("£480", 480), ("£2.5k", 2500), ("two grand", 2000),
])
def test_money_forms(written: str, pounds: float) -> None:
    assert parse_money(written) == pounds


def test_money_with_k_suffix_is_thousands() -> None:
    assert extract("Officers found £9k in cash under a floorboard.").cash_gbp == 9000


def test_approximate_cash_keeps_the_number_and_marks_it_approximate() -> None:
    ex = extract("Around £14,000 cash was seized from a car boot.")
    assert ex.cash_gbp == 14000
    assert ex.money_mentions[0].approximate


def test_cash_needs_cash_or_a_seizure_not_a_street_value() -> None:
    ex = extract("Officers seized cannabis with a street value of £40,000.")
    assert ex.cash_gbp is None


def test_drugs_worth_an_amount_is_not_cash() -> None:
    assert extract("Detectives seized heroin worth around £6,000.").cash_gbp is None


def test_confiscation_orders_and_profits_are_not_cash_seized() -> None:
    text = ("A dealer was ordered to repay £300,000. The court heard the line made £5,000 a "
            "week.")
    assert extract(text).cash_gbp is None


def test_cash_in_quoted_speech_is_not_counted() -> None:
    text = 'He told a friend: "we found 20 grand in cash in a bag last week, easy money".'
    assert extract(text).cash_gbp is None


def test_separate_cash_finds_are_added_up() -> None:
    text = "£3,000 in cash was found at one flat and £1,500 in cash at another."
    assert extract(text).cash_gbp == 4500


def test_quantities_are_normalised() -> None:
    ex = extract("Police recovered 2.3 kilos of cocaine, 300 grams of heroin and 50 wraps "
                 "of crack cocaine.")
    drugs = {d.name: d.quantity for d in ex.drugs}
    assert drugs == {"cocaine": "2.3kg", "heroin": "300g", "crack cocaine": "50 wraps"}


def test_tablets_written_after_the_drug_name_are_a_quantity() -> None:
    ex = extract("A search found 120 diazepam tablets in a kitchen drawer.")
    assert ex.drugs[0].quantity == "120 tablets"
