"""Phone: only Indian mobiles are accepted, and every way of writing one gives the same E.164."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rozgar_core.errors import InvalidInput
from rozgar_core.model import Phone

ten_digits = st.from_regex(r"[6-9][0-9]{9}", fullmatch=True)


def written_forms(national: str) -> list[str]:
    return [
        national,
        "0" + national,
        f"+91 {national[:5]}-{national[5:]}",
        "91" + national,
        "+91" + national,
        f"{national[:5]} {national[5:]}",
    ]


def parse_or_none(raw: object) -> str | None:
    try:
        return Phone.parse(raw).e164
    except InvalidInput as error:
        assert [e.field for e in error.errors] == ["phone"]
        return None


def assert_refused(raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        Phone.parse(raw)
    assert [e.field for e in caught.value.errors] == ["phone"]


@settings(max_examples=300)
@given(ten_digits)
def test_every_written_form_of_a_mobile_gives_one_and_the_same_e164(national: str) -> None:
    results = {parse_or_none(form) for form in written_forms(national)}
    assert results in ({None}, {"+91" + national})


@pytest.mark.parametrize("national", ["9876543210", "7012345678", "8123456789", "9000000001"])
def test_known_mobiles_are_accepted_in_every_form(national: str) -> None:
    assert {Phone.parse(form).e164 for form in written_forms(national)} == {"+91" + national}


@pytest.mark.parametrize(
    "raw", ["(+91) 98765 43210", "0091 98765 43210", "+91.98765.43210", "\t9876543210\n", "+91 0 9876543210"]
)
def test_common_punctuation_and_prefixes_are_accepted(raw: str) -> None:
    assert Phone.parse(raw).e164 == "+919876543210"


@settings(max_examples=100)
@given(ten_digits)
def test_parsing_an_e164_gives_the_same_phone_back(national: str) -> None:
    e164 = parse_or_none(national)
    if e164 is not None:
        assert Phone.parse(e164) == Phone(e164)
        assert Phone(e164).national == national


@settings(max_examples=100)
@given(st.sampled_from(["1", "44", "92", "971", "880", "977", "86", "61"]), st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_foreign_numbers_are_refused(country_code: str, digits: str) -> None:
    assert_refused(f"+{country_code}{digits}")
    assert_refused(f"00{country_code} {digits}")


@pytest.mark.parametrize(
    "landline",
    [
        "011 2345 6789",  # Delhi
        "022 2345 6789",  # Mumbai
        "080 2345 6789",  # Bengaluru: ten digits starting with 8, still a landline
        "8023456789",
        "04023456789",
        "+91 22 2345 6789",
        "1800 123 4567",  # toll free
    ],
)
def test_landlines_and_service_numbers_are_refused(landline: str) -> None:
    assert_refused(landline)


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=30).filter(lambda s: any(c.isascii() and c.isalpha() for c in s)))
def test_any_text_with_a_letter_is_refused(raw: str) -> None:
    assert_refused(raw)


@pytest.mark.parametrize(
    "garbage",
    [
        "98765FLOWE",  # keypad letters would otherwise become someone else's number
        "abc9876543210",
        "9876543210 ext 5",
        "98765 43210 x1",
        "9876543210;ext=1",
        "tel:+91-98765-43210",
        "98765-43210!!",
        "+91+9876543210",
        "9876543210 9876543210",
        "98765",
        "98765432101",
        "5876543210",
        "",
        "   ",
        "+",
        "9" * 40,
    ],
)
def test_garbage_is_refused(garbage: str) -> None:
    assert_refused(garbage)


@pytest.mark.parametrize("not_text", [9876543210, None, ["9876543210"], {"phone": "9876543210"}, 98.7])
def test_values_that_are_not_strings_are_refused(not_text: object) -> None:
    assert_refused(not_text)


def test_the_error_names_the_field_it_was_asked_for() -> None:
    with pytest.raises(InvalidInput) as caught:
        Phone.parse("12345", field="contactPhone")
    assert [e.field for e in caught.value.errors] == ["contactPhone"]


@pytest.mark.parametrize("not_e164", ["9876543210", "+9198765432", "+12025550143", "+91987654321a"])
def test_building_a_phone_directly_validates_the_e164(not_e164: str) -> None:
    with pytest.raises(InvalidInput):
        Phone(not_e164)


def test_masked_form_shows_only_the_last_four_digits() -> None:
    phone = Phone.parse("9876543210")
    assert phone.masked == "+91******3210"
    assert "98765" not in phone.masked
    assert str(phone) == "+919876543210"
