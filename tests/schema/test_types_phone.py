import pytest

from linewatch.errors import CleanError
from linewatch.schema.types import phone


@pytest.mark.parametrize("written", [
    "07700 900123", "+44 7700 900123", "447700900123", "(07700) 900-123", "0044 7700 900123",
    "07700-900-123",
])
def test_common_uk_forms_become_e164(written: str) -> None:
    assert phone.clean(written) == "+447700900123"


def test_possible_but_unallocated_number_is_accepted() -> None:
    # 07700 9xxxxx is reserved for drama: possible, not valid. Communications data holds such.
    assert phone.clean("07700 912345") == "+447700912345"


def test_foreign_number_keeps_its_country_code() -> None:
    assert phone.clean("+33 6 12 34 56 78") == "+33612345678"


def test_uk_landline_is_cleaned_by_phonenumbers() -> None:
    assert phone.clean("020 7946 0000") == "+442079460000"


@pytest.mark.parametrize("bad", ["", "withheld", "Private", "not a number", "12", "=cmd|x"])
def test_non_numbers_are_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(CleanError):
        phone.clean(bad)


def test_display_uses_national_form_for_uk() -> None:
    assert phone.display("+447700900123") == "07700 900123"
