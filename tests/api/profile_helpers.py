"""Helpers of the profile API tests: valid bodies, logged-in accounts, picture uploads."""
from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from .conftest import Login, bearer

PROFILE = "/api/v1/users/profile"
AVAILABILITY = "/api/v1/users/availability"
PICTURE = "/api/v1/users/upload-picture"
ACCOUNT = "/api/v1/users/account"
SETTINGS = "/api/v1/settings"
SKILLS = "/api/v1/skills"
LABOURS = "/api/v1/labours"

PUNE_PIN = "411005"
EXACT = (18.520431, 73.856744)
LABOUR_BODY: dict[str, Any] = {
    "name": "Ramesh Kumar",
    "address": "12 MG Road, Shivajinagar",
    "city": "Pune",
    "state": "Maharashtra",
    "pincode": PUNE_PIN,
    "bio": "Pipes, taps and tanks",
    "isAvailable": True,
    "skills": ["plumber", "electrician"],
    "experienceYears": 7,
    "labourType": "daily",
}
EMPLOYER_BODY: dict[str, Any] = {
    "name": "Sunita Builders",
    "address": "4 FC Road",
    "city": "Pune",
    "state": "Maharashtra",
    "pincode": PUNE_PIN,
    "role": "employer",
}
# Every field of UserProfile in the wire contract (the own profile), plus role and completeness.
OWN_PROFILE_FIELDS = {
    "id", "phone", "email", "name", "profilePictureUrl", "bio", "address", "city", "state", "pincode",
    "latitude", "longitude", "isAvailable", "skills", "experienceYears", "labourType", "rating",
    "totalReviews", "isVerified", "createdAt", "updatedAt", "role", "isProfileComplete",
}

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Account:
    id: str
    phone: str
    headers: dict[str, str]
    access_token: str
    refresh_token: str


NewAccount = Callable[[], Account]


def fresh_phone() -> str:
    """A valid Indian mobile number no other test of this run has used."""
    return f"98765{next(_numbers):05d}"


def log_in(client: FlaskClient, login: Login, phone: str | None = None) -> Account:
    phone = phone or fresh_phone()
    body = login(phone, f"+91{phone}")
    headers = bearer(body["accessToken"])
    own = client.get(PROFILE, headers=headers)
    assert own.status_code == 200, own.get_json()
    return Account(own.get_json()["user"]["id"], phone, headers, body["accessToken"], body["refreshToken"])


def complete(
    client: FlaskClient, account: Account, body: dict[str, Any] | None = None, **overrides: Any
) -> dict[str, Any]:
    """POST the profile (a labour's unless another body is given) and return the created user."""
    response = client.post(PROFILE, json={**(body or LABOUR_BODY), **overrides}, headers=account.headers)
    assert response.status_code == 201, response.get_json()
    user: dict[str, Any] = response.get_json()["user"]
    return user


def own_profile(client: FlaskClient, account: Account) -> dict[str, Any]:
    response = client.get(PROFILE, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    user: dict[str, Any] = response.get_json()["user"]
    return user


def upload(
    client: FlaskClient, account: Account, data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"
) -> TestResponse:
    return client.post(
        PICTURE,
        headers=account.headers,
        data={"file": (io.BytesIO(data), name, content_type)},
        content_type="multipart/form-data",
    )


def media_path(url: str) -> str:
    """The path of a picture URL served by the app itself."""
    return "/media/" + url.split("/media/", 1)[1]


def media_key(url: str) -> str:
    return url.split("/media/", 1)[1]
