"""/users/profile, /users/availability and /skills through HTTP on the in-memory container."""
from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.geo.memory import MemoryGeocoder
from rozgar_core.model.location import GeoPoint

from .conftest import Login, assert_error, field_names
from .profile_helpers import (
    ACCOUNT,
    AVAILABILITY,
    EMPLOYER_BODY,
    EXACT,
    LABOUR_BODY,
    OWN_PROFILE_FIELDS,
    PICTURE,
    PROFILE,
    PUNE_PIN,
    SETTINGS,
    SKILLS,
    NewAccount,
    complete,
    log_in,
    own_profile,
)

PUNE_POINT = GeoPoint(18.5308, 73.8475)
MUMBAI_POINT = GeoPoint(18.9388, 72.8354)


@pytest.fixture
def new_account(client: FlaskClient, login: Login) -> NewAccount:
    return lambda: log_in(client, login)


@pytest.fixture
def geocoder(container: Container) -> MemoryGeocoder:
    geocoder = container.geocoder()
    assert isinstance(geocoder, MemoryGeocoder)
    geocoder.add(PUNE_PIN, PUNE_POINT)
    geocoder.add("400001", MUMBAI_POINT)
    return geocoder


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", PROFILE), ("POST", PROFILE), ("PUT", PROFILE), ("PATCH", AVAILABILITY), ("POST", PICTURE),
     ("DELETE", ACCOUNT), ("GET", SETTINGS), ("PUT", SETTINGS)],
)
@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic abc"])
def test_every_endpoint_needs_a_valid_access_token(
    client: FlaskClient, method: str, path: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = client.open(path, method=method, headers=headers, json={})
    assert_error(response, 401)


def test_a_new_account_reads_with_null_profile_fields(client: FlaskClient, new_account: NewAccount) -> None:
    account = new_account()
    user = own_profile(client, account)
    assert set(user) == OWN_PROFILE_FIELDS
    assert (user["id"], user["phone"], user["isProfileComplete"]) == (account.id, f"+91{account.phone}", False)
    nulls = ("email", "name", "profilePictureUrl", "bio", "address", "city", "state", "pincode", "latitude",
             "longitude", "experienceYears", "labourType")
    assert {name: user[name] for name in nulls} == dict.fromkeys(nulls)


def test_completing_the_profile_answers_201_with_the_whole_profile(
    client: FlaskClient, new_account: NewAccount
) -> None:
    account = new_account()
    response = client.post(PROFILE, json=LABOUR_BODY | {"email": "ramesh@example.in"}, headers=account.headers)

    assert response.status_code == 201
    body = response.get_json()
    assert body["success"] is True and body["message"]
    user = body["user"]
    assert set(user) == OWN_PROFILE_FIELDS
    assert {name: user[name] for name in ("name", "address", "city", "state", "pincode", "bio", "isAvailable",
                                          "skills", "experienceYears", "labourType")} == LABOUR_BODY
    assert (user["email"], user["role"], user["isProfileComplete"]) == ("ramesh@example.in", "labour", True)
    assert (user["rating"], user["totalReviews"], user["isVerified"]) == (0.0, 0, False)
    assert own_profile(client, account) == user


def test_a_second_completion_is_409_and_changes_nothing(client: FlaskClient, new_account: NewAccount) -> None:
    account = new_account()
    first = complete(client, account)
    response = client.post(PROFILE, json=LABOUR_BODY | {"name": "Someone Else"}, headers=account.headers)
    assert assert_error(response, 409)["code"] == "PROFILE_EXISTS"
    assert own_profile(client, account) == first


@pytest.mark.parametrize(
    "change",
    [{"name": "Ramesh K"}, {"bio": "New bio"}, {"isAvailable": False}, {"experienceYears": 0},
     {"labourType": "contract"}, {"skills": ["welder"]}, {"email": "r@example.in"}, {"city": "Pimpri"},
     {"latitude": EXACT[0], "longitude": EXACT[1]}, {}],
    ids=lambda change: ",".join(change) or "empty",
)
def test_a_partial_update_changes_only_the_fields_it_gives(
    client: FlaskClient, new_account: NewAccount, change: dict[str, Any]
) -> None:
    account = new_account()
    before = complete(client, account)

    response = client.put(PROFILE, json=change, headers=account.headers)

    assert response.status_code == 200, response.get_json()
    after = response.get_json()["user"]
    assert {name: after[name] for name in change} == change
    kept = set(OWN_PROFILE_FIELDS) - set(change) - {"updatedAt"}
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert own_profile(client, account) == after


@pytest.mark.parametrize("method", ["POST", "PUT"])
@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "+919999999999"), ("rating", 5), ("totalReviews", 100), ("isVerified", True),
     ("id", "6f1c2a48-3c3e-4c47-9d0e-4b1b8f8b1e11"), ("createdAt", "2020-01-01T00:00:00.000Z"),
     ("updatedAt", "2020-01-01T00:00:00.000Z"), ("profilePictureUrl", "https://evil.example/x.jpg"),
     ("isProfileComplete", True), ("isAdmin", True), ("favouriteColour", "blue")],
)
def test_fields_a_client_may_never_set_are_400_and_change_nothing(
    client: FlaskClient, new_account: NewAccount, method: str, field: str, value: object
) -> None:
    account = new_account()
    before = complete(client, account)
    body = (LABOUR_BODY if method == "POST" else {"bio": "changed"}) | {field: value}

    response = client.open(PROFILE, method=method, json=body, headers=account.headers)

    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == [field]
    assert own_profile(client, account) == before


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_an_email_of_another_account_is_409(client: FlaskClient, new_account: NewAccount, method: str) -> None:
    complete(client, new_account(), email="ramesh@example.in")
    account = new_account()
    if method == "PUT":
        complete(client, account)
    body = (LABOUR_BODY if method == "POST" else {}) | {"email": "ramesh@example.in"}

    response = client.open(PROFILE, method=method, json=body, headers=account.headers)

    assert assert_error(response, 409)["code"] == "EMAIL_TAKEN"
    assert own_profile(client, account)["email"] is None


def test_an_employer_needs_no_skills_experience_or_labour_type(client: FlaskClient, new_account: NewAccount) -> None:
    assert not {"skills", "experienceYears", "labourType"} & set(EMPLOYER_BODY)
    user = complete(client, new_account(), EMPLOYER_BODY)
    assert (user["role"], user["skills"], user["experienceYears"], user["labourType"]) == ("employer", [], None, None)


def test_a_labour_without_a_role_is_a_labour(client: FlaskClient, new_account: NewAccount) -> None:
    assert complete(client, new_account())["role"] == "labour"


def test_an_employer_turning_labour_must_give_the_labour_fields(client: FlaskClient, new_account: NewAccount) -> None:
    account = new_account()
    client.post(PROFILE, json=EMPLOYER_BODY, headers=account.headers)
    response = client.put(PROFILE, json={"role": "labour"}, headers=account.headers)
    assert sorted(field_names(assert_error(response, 400))) == ["experienceYears", "labourType", "skills"]
    assert own_profile(client, account)["role"] == "employer"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("Maharashtra", "Maharashtra"), ("MAHARASHTRA", "Maharashtra"), ("mh", "Maharashtra"),
     ("  tamil   nadu ", "Tamil Nadu"), ("Orissa", "Odisha"), ("J&K", "Jammu and Kashmir"),
     ("दिल्ली", "Delhi"), ("pondicherry", "Puducherry"), ("Andaman & Nicobar Islands", "Andaman and Nicobar Islands")],
)
def test_states_are_stored_by_their_canonical_name(
    client: FlaskClient, new_account: NewAccount, written: str, canonical: str
) -> None:
    account = new_account()
    assert complete(client, account, state=written)["state"] == canonical
    response = client.put(PROFILE, json={"state": written.lower()}, headers=account.headers)
    assert response.get_json()["user"]["state"] == canonical


def test_skills_are_normalised_to_one_spelling_per_trade(client: FlaskClient, new_account: NewAccount) -> None:
    skills = ["प्लंबर", "Plumber", " PLUMBERS ", "बिजली मिस्त्री", "  Tile   Setter ", "electrician"]
    assert complete(client, new_account(), skills=skills)["skills"] == ["plumber", "electrician", "tile setter"]


def test_without_coordinates_the_profile_is_placed_at_its_pincode(
    client: FlaskClient, new_account: NewAccount, geocoder: MemoryGeocoder
) -> None:
    account = new_account()
    user = complete(client, account)
    assert (user["latitude"], user["longitude"]) == (PUNE_POINT.latitude, PUNE_POINT.longitude)
    moved = client.put(PROFILE, json={"pincode": "400001", "city": "Mumbai"}, headers=account.headers).get_json()
    assert (moved["user"]["latitude"], moved["user"]["longitude"]) == (MUMBAI_POINT.latitude, MUMBAI_POINT.longitude)


def test_given_coordinates_are_kept_exactly(client: FlaskClient, new_account: NewAccount, geocoder: MemoryGeocoder) -> None:
    account = new_account()
    user = complete(client, account, latitude=EXACT[0], longitude=EXACT[1])
    assert (user["latitude"], user["longitude"]) == EXACT
    client.put(PROFILE, json={"pincode": "400001", "city": "Mumbai"}, headers=account.headers)
    assert (own_profile(client, account)["latitude"], own_profile(client, account)["longitude"]) == EXACT


def test_an_unknown_pincode_leaves_the_coordinates_empty(client: FlaskClient, new_account: NewAccount) -> None:
    user = complete(client, new_account(), pincode="799001", state="Tripura", city="Agartala")
    assert (user["latitude"], user["longitude"]) == (None, None)


@pytest.mark.parametrize("available", [True, False])
def test_availability_is_switched(client: FlaskClient, new_account: NewAccount, available: bool) -> None:
    account = new_account()
    complete(client, account, isAvailable=not available)

    response = client.patch(AVAILABILITY, json={"isAvailable": available}, headers=account.headers)

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"success", "message", "id", "isAvailable"} and body["message"]
    assert (body["success"], body["id"], body["isAvailable"]) == (True, account.id, available)
    assert own_profile(client, account)["isAvailable"] is available


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "isAvailable"), ({"isAvailable": "maybe"}, "isAvailable"), ({"isAvailable": None}, "isAvailable"),
     ({"isAvailable": 0}, "isAvailable"), ({"isAvailable": "false"}, "isAvailable"),
     ({"isAvailable": "no"}, "isAvailable"), ({"isAvailable": True, "rating": 5}, "rating")],
)
def test_a_bad_availability_body_is_400(client: FlaskClient, new_account: NewAccount, body: dict[str, Any], field: str) -> None:
    account = new_account()
    complete(client, account)
    assert field_names(assert_error(client.patch(AVAILABILITY, json=body, headers=account.headers), 400)) == [field]
    assert own_profile(client, account)["isAvailable"] is True


def test_the_skill_catalogue_has_english_and_hindi_names(client: FlaskClient) -> None:
    response = client.get(SKILLS)
    assert response.status_code == 200
    skills = {skill["slug"]: skill for skill in response.get_json()["skills"]}
    assert skills["plumber"]["name"] == "Plumber" and skills["plumber"]["nameHi"] == "प्लंबर"
    assert all(skill["name"] and skill["nameHi"] for skill in skills.values())
