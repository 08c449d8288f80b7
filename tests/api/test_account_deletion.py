"""DELETE /users/account: the right to erasure. Sessions end at once and nothing of the account remains."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from support import images

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.storage.memory import MemoryFileStorage

from .conftest import REFRESH, Login, assert_error, bearer
from .profile_helpers import (
    ACCOUNT,
    EMPLOYER_BODY,
    LABOURS,
    PROFILE,
    SETTINGS,
    Account,
    complete,
    log_in,
    media_key,
    media_path,
    own_profile,
    upload,
)

OTP_RESEND_COOLDOWN_SECONDS = 61


@pytest.fixture
def storage(container: Container) -> MemoryFileStorage:
    storage = container.file_storage()
    assert isinstance(storage, MemoryFileStorage)
    return storage


@pytest.fixture
def labour(client: FlaskClient, login: Login) -> Account:
    account = log_in(client, login)
    complete(client, account, email="ramesh@example.in")
    return account


@pytest.fixture
def viewer(client: FlaskClient, login: Login) -> Account:
    account = log_in(client, login)
    complete(client, account, EMPLOYER_BODY)
    return account


def delete(client: FlaskClient, account: Account) -> None:
    response = client.delete(ACCOUNT, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"success", "message"} and body["success"] is True and body["message"]


def test_the_access_and_refresh_tokens_stop_working_at_once(client: FlaskClient, labour: Account) -> None:
    delete(client, labour)
    for method, path in (("GET", PROFILE), ("PUT", PROFILE), ("GET", SETTINGS), ("DELETE", ACCOUNT)):
        assert_error(client.open(path, method=method, headers=labour.headers, json={"bio": "x"}), 401)
    assert_error(client.post(REFRESH, json={"refreshToken": labour.refresh_token}), 401)


def test_every_session_of_the_account_ends(
    client: FlaskClient, login: Login, clock: ManualClock, labour: Account
) -> None:
    clock.advance(OTP_RESEND_COOLDOWN_SECONDS)
    other_device = log_in(client, login, labour.phone)
    assert other_device.id == labour.id

    delete(client, labour)

    for session in (labour, other_device):
        assert_error(client.get(PROFILE, headers=session.headers), 401)
        assert_error(client.post(REFRESH, json={"refreshToken": session.refresh_token}), 401)


def test_the_phone_can_sign_up_again_as_a_new_user(
    client: FlaskClient, login: Login, clock: ManualClock, labour: Account
) -> None:
    client.put(SETTINGS, json={"language": "hi"}, headers=labour.headers)
    delete(client, labour)
    clock.advance(OTP_RESEND_COOLDOWN_SECONDS)

    body = login(labour.phone, f"+91{labour.phone}")

    assert body["isNewUser"] is True and body["user"] is None
    headers = bearer(body["accessToken"])
    fresh = client.get(PROFILE, headers=headers).get_json()["user"]
    assert fresh["id"] != labour.id and fresh["isProfileComplete"] is False and fresh["name"] is None
    assert fresh["phone"] == f"+91{labour.phone}"
    assert client.get(SETTINGS, headers=headers).get_json()["settings"]["language"] == "en"


def test_the_old_profile_is_not_found_by_others(client: FlaskClient, labour: Account, viewer: Account) -> None:
    assert client.get(f"{LABOURS}/{labour.id}", headers=viewer.headers).status_code == 200
    delete(client, labour)
    assert_error(client.get(f"{LABOURS}/{labour.id}", headers=viewer.headers), 404)
    listed = client.get(f"{LABOURS}?search=Ramesh", headers=viewer.headers).get_json()["labours"]
    assert labour.id not in [found["id"] for found in listed]


def test_the_picture_objects_are_deleted(
    client: FlaskClient, labour: Account, viewer: Account, storage: MemoryFileStorage
) -> None:
    theirs = upload(client, labour, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]
    upload(client, labour, images.jpeg_with_metadata())
    mine = upload(client, viewer, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]
    assert len(storage.keys()) == 4

    delete(client, labour)

    assert [key for key in storage.keys() if labour.id in key] == []
    assert media_key(mine) in storage.keys() and len(storage.keys()) == 2
    assert_error(client.get(media_path(theirs)), 404)


def test_the_email_is_free_for_another_account(client: FlaskClient, labour: Account, viewer: Account) -> None:
    taken = client.put(PROFILE, json={"email": "ramesh@example.in"}, headers=viewer.headers)
    assert_error(taken, 409)
    delete(client, labour)
    response = client.put(PROFILE, json={"email": "ramesh@example.in"}, headers=viewer.headers)
    assert response.status_code == 200 and response.get_json()["user"]["email"] == "ramesh@example.in"


def test_search_history_and_profile_views_of_the_account_go_too(
    client: FlaskClient, store: MemoryStore, labour: Account, viewer: Account
) -> None:
    client.get(f"{LABOURS}?search=plumber", headers=viewer.headers)
    client.get(f"{LABOURS}/{labour.id}", headers=viewer.headers)
    client.get(f"{LABOURS}?search=mason", headers=labour.headers)
    assert {record.user_id for record in store.search_history.values()} == {viewer.id, labour.id}
    assert [key[:2] for key in store.profile_views] == [(labour.id, viewer.id)]

    delete(client, viewer)

    assert {record.user_id for record in store.search_history.values()} == {labour.id}
    assert list(store.profile_views) == []


def test_other_accounts_keep_their_sessions_and_data(client: FlaskClient, labour: Account, viewer: Account) -> None:
    before = own_profile(client, viewer)
    delete(client, labour)
    assert own_profile(client, viewer) == before
    assert client.post(REFRESH, json={"refreshToken": viewer.refresh_token}).status_code == 200


def test_an_incomplete_account_can_be_deleted(client: FlaskClient, login: Login) -> None:
    account = log_in(client, login)
    delete(client, account)
    assert_error(client.get(PROFILE, headers=account.headers), 401)

