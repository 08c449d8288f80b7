"""Every validation rule of POST and PUT /users/profile: 400 with a field-level entry per problem."""
from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from .conftest import Login, assert_error, field_names
from .profile_helpers import (
    LABOUR_BODY,
    PROFILE,
    Account,
    complete,
    log_in,
    own_profile,
)

TWENTY_ONE_SKILLS = [f"trade {n}" for n in range(21)]

# (field changed, bad value, the fields its errors name)
BAD_VALUES: list[tuple[str, object, list[str]]] = [
    ("name", "R", ["name"]),
    ("name", "x" * 101, ["name"]),
    ("name", "    ", ["name"]),
    ("name", 42, ["name"]),
    ("name", None, ["name"]),
    ("name", "Ra\x00mesh", ["name"]),
    ("name", "Ra\ud800mesh", ["name"]),
    ("email", "not-an-email", ["email"]),
    ("email", "ramesh@localhost", ["email"]),
    ("email", "two@@example.in", ["email"]),
    ("email", "r" * 250 + "@example.in", ["email"]),
    ("email", 7, ["email"]),
    ("address", "", ["address"]),
    ("address", "   ", ["address"]),
    ("address", "x" * 501, ["address"]),
    ("address", None, ["address"]),
    ("address", "12\x00 MG Road", ["address"]),
    ("city", "", ["city"]),
    ("city", "x" * 101, ["city"]),
    ("city", "Pu\x07ne", ["city"]),
    ("state", "Atlantis", ["state"]),
    ("state", "", ["state"]),
    ("state", "Punjab, Pakistan", ["state"]),
    ("pincode", "012345", ["pincode"]),
    ("pincode", "41100", ["pincode"]),
    ("pincode", "4110051", ["pincode"]),
    ("pincode", "41100a", ["pincode"]),
    ("pincode", "", ["pincode"]),
    ("bio", "x" * 1001, ["bio"]),
    ("bio", 12, ["bio"]),
    ("bio", "pipes\x00taps", ["bio"]),
    ("skills", [], ["skills"]),
    ("skills", "plumber", ["skills"]),
    ("skills", ["plumber", "  "], ["skills"]),
    ("skills", ["x" * 51], ["skills"]),
    ("skills", [3], ["skills.0"]),  # the item that is not text
    ("skills", TWENTY_ONE_SKILLS, ["skills"]),
    ("skills", None, ["skills"]),
    ("experienceYears", -1, ["experienceYears"]),
    ("experienceYears", 61, ["experienceYears"]),
    ("experienceYears", 2.5, ["experienceYears"]),
    ("experienceYears", "5", ["experienceYears"]),
    ("experienceYears", True, ["experienceYears"]),
    ("experienceYears", None, ["experienceYears"]),
    ("labourType", "weekly", ["labourType"]),
    ("labourType", "Daily", ["labourType"]),
    ("labourType", "", ["labourType"]),
    ("role", "admin", ["role"]),
    ("isAvailable", "maybe", ["isAvailable"]),
    ("isAvailable", None, ["isAvailable"]),
    ("isAvailable", 1, ["isAvailable"]),
    ("isAvailable", "true", ["isAvailable"]),
]
BAD_LOCATIONS: list[tuple[dict[str, Any], list[str]]] = [
    ({"latitude": 90.5, "longitude": 73.8}, ["latitude"]),
    ({"latitude": -90.5, "longitude": 73.8}, ["latitude"]),
    ({"latitude": 18.5, "longitude": 180.5}, ["longitude"]),
    ({"latitude": 18.5, "longitude": -180.5}, ["longitude"]),
    ({"latitude": "north", "longitude": 73.8}, ["latitude"]),
    ({"latitude": 18.5}, ["latitude", "longitude"]),
    ({"longitude": 73.8}, ["latitude", "longitude"]),
    ({"latitude": 18.5, "longitude": None}, ["latitude", "longitude"]),
]


def _case_id(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:17] + "..."


@pytest.fixture
def account(client: FlaskClient, login: Login) -> Account:
    return log_in(client, login)


@pytest.mark.parametrize(("field", "value", "named"), BAD_VALUES, ids=[f"{f}={_case_id(v)}" for f, v, _ in BAD_VALUES])
def test_post_refuses_each_bad_value_naming_its_field(
    client: FlaskClient, account: Account, field: str, value: object, named: list[str]
) -> None:
    response = client.post(PROFILE, json=LABOUR_BODY | {field: value}, headers=account.headers)
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert sorted(set(field_names(body))) == named
    assert all(error["message"] for error in body["errors"])
    assert own_profile(client, account)["isProfileComplete"] is False


@pytest.mark.parametrize(("field", "value", "named"), BAD_VALUES, ids=[f"{f}={_case_id(v)}" for f, v, _ in BAD_VALUES])
def test_put_refuses_each_bad_value_and_keeps_the_profile(
    client: FlaskClient, account: Account, field: str, value: object, named: list[str]
) -> None:
    before = complete(client, account)
    response = client.put(PROFILE, json={field: value}, headers=account.headers)
    assert sorted(set(field_names(assert_error(response, 400, "VALIDATION_ERROR")))) == named
    assert own_profile(client, account) == before


@pytest.mark.parametrize(("location", "named"), BAD_LOCATIONS, ids=[_case_id(loc) for loc, _ in BAD_LOCATIONS])
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_coordinates_must_be_in_range_and_come_together(
    client: FlaskClient, account: Account, method: str, location: dict[str, Any], named: list[str]
) -> None:
    if method == "PUT":
        complete(client, account)
    body = (LABOUR_BODY if method == "POST" else {}) | location
    response = client.open(PROFILE, method=method, json=body, headers=account.headers)
    assert sorted(set(field_names(assert_error(response, 400, "VALIDATION_ERROR")))) == named


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_coordinates_are_400(client: FlaskClient, account: Account, literal: str) -> None:
    response = client.post(
        PROFILE,
        data=f'{{"name": "Ramesh", "address": "x", "city": "Pune", "state": "Goa", "pincode": "403001", '
             f'"role": "employer", "latitude": {literal}, "longitude": 73.8}}',
        content_type="application/json",
        headers=account.headers,
    )
    assert "latitude" in field_names(assert_error(response, 400, "VALIDATION_ERROR"))


@pytest.mark.parametrize("missing", ["name", "address", "city", "state", "pincode", "skills", "experienceYears", "labourType"])
def test_post_without_a_required_field_is_400_naming_it(client: FlaskClient, account: Account, missing: str) -> None:
    body = {name: value for name, value in LABOUR_BODY.items() if name != missing}
    assert field_names(assert_error(client.post(PROFILE, json=body, headers=account.headers), 400)) == [missing]


def test_post_reports_every_problem_at_once(client: FlaskClient, account: Account) -> None:
    body = {
        "name": "R", "email": "bad", "address": "", "city": "", "state": "Atlantis", "pincode": "012345",
        "bio": "x" * 1001, "skills": [], "experienceYears": 61, "labourType": "weekly",
        "latitude": 91, "longitude": 0, "rating": 5,
    }
    response = client.post(PROFILE, json=body, headers=account.headers)
    assert set(field_names(assert_error(response, 400, "VALIDATION_ERROR"))) == {
        "name", "email", "address", "city", "state", "pincode", "bio", "skills", "experienceYears",
        "labourType", "latitude", "rating",
    }


def test_an_empty_post_names_every_required_field(client: FlaskClient, account: Account) -> None:
    response = client.post(PROFILE, json={}, headers=account.headers)
    assert set(field_names(assert_error(response, 400))) == {
        "name", "address", "city", "state", "pincode", "skills", "experienceYears", "labourType",
    }


def test_put_reports_every_problem_at_once(client: FlaskClient, account: Account) -> None:
    before = complete(client, account)
    body = {"name": None, "pincode": "99", "skills": "plumber", "labourType": "hourly", "phone": "+919000000009"}
    response = client.put(PROFILE, json=body, headers=account.headers)
    assert set(field_names(assert_error(response, 400))) == {"name", "pincode", "skills", "labourType", "phone"}
    assert own_profile(client, account) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Ra"), ("name", "x" * 100), ("address", "x" * 500), ("bio", "x" * 1000), ("bio", "Pipes.\nTaps."), ("experienceYears", 0),
     ("experienceYears", 60), ("skills", [f"trade {n}" for n in range(20)]), ("email", None), ("bio", None),
     ("labourType", "partTime"), ("labourType", "freelance"), ("latitude", None)],
    ids=lambda value: _case_id(value),
)
def test_values_at_the_limits_are_accepted(client: FlaskClient, account: Account, field: str, value: object) -> None:
    extra = {"longitude": None} if field == "latitude" else {}
    user = complete(client, account, {**LABOUR_BODY, field: value, **extra})
    assert user[field] == value


@pytest.mark.parametrize("body", ["[]", '"profile"', "not json", "{"])
def test_a_body_that_is_not_a_json_object_is_400(client: FlaskClient, account: Account, body: str) -> None:
    response = client.put(PROFILE, data=body, content_type="application/json", headers=account.headers)
    assert_error(response, 400)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("name=Changed", "application/x-www-form-urlencoded"), ('{"name": "Changed"}', "text/plain"), (None, None)],
    ids=["form", "json-sent-as-text", "no-body"],
)
def test_an_update_that_is_not_json_is_400_not_an_empty_change(
    client: FlaskClient, account: Account, data: str | None, content_type: str | None
) -> None:
    before = complete(client, account)
    response = client.put(PROFILE, data=data, content_type=content_type, headers=account.headers)
    assert field_names(assert_error(response, 400)) == ["body"]
    assert own_profile(client, account) == before
