"""A labour seen by other users through GET /labours/:id: the public view, and the cache behind it."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from flask.testing import FlaskClient
from support import images

from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.memory.uow import MemoryUnitOfWork
from rozgar_core.model.location import GeoPoint, distance_km, snap_to_grid
from rozgar_core.use_cases.profiles.cache_keys import PROFILE_TTL_SECONDS

from .conftest import REFRESH, Login, assert_error, bearer
from .profile_helpers import (
    ACCOUNT,
    AVAILABILITY,
    EMPLOYER_BODY,
    EXACT,
    LABOURS,
    PROFILE,
    Account,
    complete,
    log_in,
    own_profile,
    upload,
)

# UserProfile minus email and timestamps (and minus the exact address), as the wire contract says.
PUBLIC_FIELDS = {
    "id", "phone", "name", "profilePictureUrl", "bio", "city", "state", "pincode", "latitude", "longitude",
    "isAvailable", "skills", "experienceYears", "labourType", "rating", "totalReviews", "isVerified",
}



@pytest.fixture
def labour(client: FlaskClient, login: Login) -> Account:
    account = log_in(client, login)
    complete(client, account, email="ramesh@example.in", latitude=EXACT[0], longitude=EXACT[1])
    return account


@pytest.fixture
def viewer(client: FlaskClient, login: Login) -> Account:
    account = log_in(client, login)
    complete(client, account, EMPLOYER_BODY)
    return account


def seen_by(client: FlaskClient, viewer: Account, labour_id: str, query: str = "") -> dict[str, Any]:
    response = client.get(f"{LABOURS}/{labour_id}{query}", headers=viewer.headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"success", "labour"} and body["success"] is True
    seen: dict[str, Any] = body["labour"]
    return seen


def test_others_see_no_email_no_address_and_no_timestamps(client: FlaskClient, labour: Account, viewer: Account) -> None:
    seen = seen_by(client, viewer, labour.id)
    assert set(seen) == PUBLIC_FIELDS
    own = own_profile(client, labour)
    assert {name: seen[name] for name in PUBLIC_FIELDS - {"latitude", "longitude"}} == {
        name: own[name] for name in PUBLIC_FIELDS - {"latitude", "longitude"}
    }


def test_others_see_snapped_coordinates_and_the_owner_sees_the_exact_ones(
    client: FlaskClient, labour: Account, viewer: Account
) -> None:
    seen = seen_by(client, viewer, labour.id)
    shown = GeoPoint(seen["latitude"], seen["longitude"])
    assert shown == snap_to_grid(GeoPoint(*EXACT)) and (shown.latitude, shown.longitude) != EXACT
    assert distance_km(shown, GeoPoint(*EXACT)) < 1.0
    own = own_profile(client, labour)
    assert (own["latitude"], own["longitude"]) == EXACT


def test_the_distance_is_measured_from_the_snapped_point(client: FlaskClient, labour: Account, viewer: Account) -> None:
    seen = seen_by(client, viewer, labour.id, "?latitude=18.6&longitude=73.9")
    expected = round(distance_km(GeoPoint(18.6, 73.9), snap_to_grid(GeoPoint(*EXACT))), 1)
    assert seen["distance"] == expected


def test_an_employer_is_never_listed_as_a_labour(client: FlaskClient, labour: Account, viewer: Account) -> None:
    assert_error(client.get(f"{LABOURS}/{viewer.id}", headers=labour.headers), 404)
    listed = client.get(LABOURS, headers=labour.headers).get_json()["labours"]
    assert viewer.id not in [found["id"] for found in listed]


def test_an_incomplete_profile_is_not_found(client: FlaskClient, login: Login, viewer: Account) -> None:
    assert_error(client.get(f"{LABOURS}/{log_in(client, login).id}", headers=viewer.headers), 404)


@pytest.mark.parametrize("labour_id", ["6f1c2a48-3c3e-4c47-9d0e-4b1b8f8b1e11", "not-a-uuid", "1%20OR%201=1"])
def test_an_unknown_id_is_404(client: FlaskClient, viewer: Account, labour_id: str) -> None:
    assert_error(client.get(f"{LABOURS}/{labour_id}", headers=viewer.headers), 404)


def test_reading_a_labour_needs_an_access_token(client: FlaskClient, labour: Account) -> None:
    assert_error(client.get(f"{LABOURS}/{labour.id}"), 401)


def _rename_behind_the_api(store: MemoryStore, user_id: str, name: str) -> None:
    """A database write that skips the use cases, so nothing evicts the cached profile."""
    with MemoryUnitOfWork(store) as uow:
        user = uow.users.get(user_id)
        assert user is not None
        uow.users.save_profile(replace(user, name=name))
        uow.commit()


def test_reads_by_others_are_cached(
    cache_backend: str, store: MemoryStore, client: FlaskClient, labour: Account, viewer: Account
) -> None:
    assert seen_by(client, viewer, labour.id)["name"] == "Ramesh Kumar"
    _rename_behind_the_api(store, labour.id, "Renamed Directly")
    assert seen_by(client, viewer, labour.id)["name"] == "Ramesh Kumar"
    assert own_profile(client, labour)["name"] == "Renamed Directly"


def test_a_cached_read_expires_after_thirty_minutes(
    clock: ManualClock, store: MemoryStore, client: FlaskClient, labour: Account, viewer: Account
) -> None:
    seen_by(client, viewer, labour.id)
    _rename_behind_the_api(store, labour.id, "Renamed Directly")
    clock.advance(PROFILE_TTL_SECONDS - 1)
    viewer = _with_a_new_access_token(client, viewer)  # the first one lived 15 minutes
    assert seen_by(client, viewer, labour.id)["name"] == "Ramesh Kumar"
    clock.advance(1)
    assert seen_by(client, viewer, labour.id)["name"] == "Renamed Directly"


def _with_a_new_access_token(client: FlaskClient, account: Account) -> Account:
    response = client.post(REFRESH, json={"refreshToken": account.refresh_token})
    assert response.status_code == 200, response.get_json()
    tokens = response.get_json()
    return replace(account, headers=bearer(tokens["accessToken"]), access_token=tokens["accessToken"],
                   refresh_token=tokens["refreshToken"])


def test_the_owners_changes_are_seen_by_the_next_read(
    cache_backend: str, client: FlaskClient, labour: Account, viewer: Account
) -> None:
    assert seen_by(client, viewer, labour.id)["name"] == "Ramesh Kumar"

    client.put(PROFILE, json={"name": "Ramesh K", "skills": ["welder"]}, headers=labour.headers)
    seen = seen_by(client, viewer, labour.id)
    assert (seen["name"], seen["skills"]) == ("Ramesh K", ["welder"])

    client.patch(AVAILABILITY, json={"isAvailable": False}, headers=labour.headers)
    assert seen_by(client, viewer, labour.id)["isAvailable"] is False

    url = upload(client, labour, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]
    assert seen_by(client, viewer, labour.id)["profilePictureUrl"] == url

    client.put(PROFILE, json={"latitude": 28.6129, "longitude": 77.2295, "state": "Delhi"}, headers=labour.headers)
    seen = seen_by(client, viewer, labour.id)
    assert (seen["latitude"], seen["longitude"], seen["state"]) == (
        snap_to_grid(GeoPoint(28.6129, 77.2295)).latitude, snap_to_grid(GeoPoint(28.6129, 77.2295)).longitude, "Delhi",
    )


def test_a_deleted_labour_is_gone_for_the_next_reader(
    cache_backend: str, client: FlaskClient, labour: Account, viewer: Account
) -> None:
    seen_by(client, viewer, labour.id)
    assert client.delete(ACCOUNT, headers=labour.headers).status_code == 200
    assert_error(client.get(f"{LABOURS}/{labour.id}", headers=viewer.headers), 404)


def test_a_labour_turning_employer_leaves_the_listing_at_once(
    cache_backend: str, client: FlaskClient, labour: Account, viewer: Account
) -> None:
    seen_by(client, viewer, labour.id)
    client.put(PROFILE, json={"role": "employer"}, headers=labour.headers)
    assert_error(client.get(f"{LABOURS}/{labour.id}", headers=viewer.headers), 404)
