"""Profile field rules in the core: one validator per field, every problem reported at once."""
from __future__ import annotations

from typing import Any

import pytest
from profile_harness import LABOUR_FIELDS

from rozgar_core.errors import FieldError, InvalidInput
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.profile import ProfileChanges, missing_required

TWENTY_ONE_SKILLS = [f"trade {n}" for n in range(21)]


def error_fields(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        ProfileChanges.parse(raw)
    return [error.field for error in caught.value.errors]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"name": "R"}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 42}, "name"),
        ({"name": None}, "name"),
        ({"name": "Ra\x00mesh"}, "name"),
        ({"name": "Ramesh\x07"}, "name"),
        ({"name": "Ra\ud800mesh"}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "ramesh@localhost"}, "email"),
        ({"email": "two@@example.in"}, "email"),
        ({"email": "r" * 250 + "@example.in"}, "email"),
        ({"email": 7}, "email"),
        ({"address": ""}, "address"),
        ({"address": "  \t "}, "address"),
        ({"address": "x" * 501}, "address"),
        ({"address": "12\x00 MG Road"}, "address"),
        ({"city": ""}, "city"),
        ({"city": "x" * 101}, "city"),
        ({"city": "Pu\x1bne"}, "city"),
        ({"state": "Atlantis"}, "state"),
        ({"state": ""}, "state"),
        ({"pincode": "012345"}, "pincode"),
        ({"pincode": "41100"}, "pincode"),
        ({"pincode": "4110051"}, "pincode"),
        ({"pincode": "41100a"}, "pincode"),
        ({"bio": "x" * 1001}, "bio"),
        ({"bio": 12}, "bio"),
        ({"bio": "pipes\x00taps"}, "bio"),
        ({"bio": "pipes \udfff"}, "bio"),
        ({"skills": []}, "skills"),
        ({"skills": "plumber"}, "skills"),
        ({"skills": ["plumber", "  "]}, "skills"),
        ({"skills": ["x" * 51]}, "skills"),
        ({"skills": [3]}, "skills"),
        ({"skills": TWENTY_ONE_SKILLS}, "skills"),
        ({"skills": None}, "skills"),
        ({"experience_years": -1}, "experienceYears"),
        ({"experience_years": 61}, "experienceYears"),
        ({"experience_years": 2.5}, "experienceYears"),
        ({"experience_years": "5"}, "experienceYears"),
        ({"experience_years": True}, "experienceYears"),
        ({"labour_type": "weekly"}, "labourType"),
        ({"labour_type": "Daily"}, "labourType"),
        ({"labour_type": None}, "labourType"),
        ({"role": "admin"}, "role"),
        ({"is_available": "yes"}, "isAvailable"),
        ({"is_available": None}, "isAvailable"),
        ({"latitude": 90.5, "longitude": 73.8}, "latitude"),
        ({"latitude": -90.5, "longitude": 73.8}, "latitude"),
        ({"latitude": 18.5, "longitude": 180.5}, "longitude"),
        ({"latitude": 18.5, "longitude": -180.5}, "longitude"),
        ({"latitude": "18.5", "longitude": 73.8}, "latitude"),
        ({"latitude": float("nan"), "longitude": 73.8}, "latitude"),
    ],
)
def test_each_bad_value_is_refused_on_its_own_wire_field(raw: dict[str, Any], field: str) -> None:
    assert error_fields(raw) == [field]


@pytest.mark.parametrize("raw", [{"latitude": 18.5}, {"longitude": 73.8}, {"latitude": 18.5, "longitude": None}])
def test_latitude_and_longitude_come_together_or_not_at_all(raw: dict[str, Any]) -> None:
    assert sorted(error_fields(raw)) == ["latitude", "longitude"]


@pytest.mark.parametrize("field", ["phone", "rating", "total_reviews", "is_verified", "id", "created_at"])
def test_fields_no_client_may_set_are_unknown(field: str) -> None:
    assert error_fields({"name": "Ramesh", field: "anything"}) == [field]


def test_every_problem_is_reported_at_once() -> None:
    raw = {
        "name": "R", "email": "bad", "state": "Atlantis", "pincode": "000000", "skills": [],
        "experience_years": 99, "labour_type": "weekly", "latitude": 91, "longitude": 0, "rating": 5,
    }
    assert sorted(error_fields(raw)) == sorted(
        ["name", "email", "state", "pincode", "skills", "experienceYears", "labourType", "latitude", "rating"]
    )


def test_valid_values_come_out_normalised() -> None:
    changes = ProfileChanges.parse({
        "name": "  Ramesh   Kumar ", "email": "Ramesh.K@Example.IN", "state": "mh", "pincode": "411 005",
        "skills": ["प्लंबर", " Plumbers ", "Tile  Setter", "बिजली मिस्त्री"], "experience_years": 7.0,
        "latitude": 18.5, "longitude": 73,
    })
    assert changes.values == {
        "name": "Ramesh Kumar", "email": "Ramesh.K@example.in", "state": "Maharashtra", "pincode": "411005",
        "skills": ["plumber", "tile setter", "electrician"], "experience_years": 7,
        "location": GeoPoint(18.5, 73.0),
    }


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ({"name": "Ra"}, "Ra"),
        ({"name": "x" * 100}, "x" * 100),
        ({"address": "x" * 500}, "x" * 500),
        ({"bio": "x" * 1000}, "x" * 1000),
        ({"experience_years": 0}, 0),
        ({"experience_years": 60}, 60),
        ({"skills": [f"trade {n}" for n in range(20)]}, [f"trade {n}" for n in range(20)]),
        ({"email": None}, None),
        ({"email": "  "}, None),
        ({"bio": ""}, None),
        ({"bio": "Pipes and taps.\n\tTanks too.\r\nCall me."}, "Pipes and taps.\n\tTanks too.\r\nCall me."),
        ({"name": "राम\u200dकुमार"}, "राम\u200dकुमार"),
        ({"is_available": False}, False),
    ],
)
def test_values_at_the_limits_are_accepted(raw: dict[str, Any], value: object) -> None:
    assert list(ProfileChanges.parse(raw).values.values()) == [value]


@pytest.mark.parametrize("labour_type", ["daily", "monthly", "partTime", "fullTime", "contract", "freelance"])
def test_every_labour_type_of_the_contract_is_accepted(labour_type: str) -> None:
    assert ProfileChanges.parse({"labour_type": labour_type}).get("labour_type") == labour_type


def test_clearing_both_coordinates_is_a_change_to_no_location() -> None:
    changes = ProfileChanges.parse({"latitude": None, "longitude": None})
    assert "location" in changes and changes.get("location") is None


def test_absent_fields_stay_absent() -> None:
    changes = ProfileChanges.parse({"bio": "New bio"})
    assert list(changes.values) == ["bio"] and "location" not in changes


def test_a_labour_needs_skills_experience_and_a_labour_type() -> None:
    fields = {name: value for name, value in LABOUR_FIELDS.items() if name not in {"skills", "labour_type"}}
    assert missing_required(fields | {"experience_years": None}, "labour") == [
        FieldError("skills", "Is required"),
        FieldError("experienceYears", "Is required"),
        FieldError("labourType", "Is required"),
    ]


def test_zero_years_of_experience_is_not_missing() -> None:
    assert missing_required(LABOUR_FIELDS | {"experience_years": 0}, "labour") == []


def test_an_employer_needs_only_name_and_address() -> None:
    fields = {"name": "Sunita", "address": "4 FC Road", "city": "Pune", "state": "Goa", "pincode": "403001"}
    assert missing_required(fields, "employer") == []
    assert [error.field for error in missing_required({"skills": ["plumber"]}, "employer")] == [
        "name", "address", "city", "state", "pincode",
    ]
