"""POST /auth/refresh-token and /auth/logout over HTTP, and attacks on access and refresh tokens."""
from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient

from rozgar_adapters.memory.clock import ManualClock

from .conftest import (
    LOGOUT,
    OTHER_PHONE,
    OTHER_PHONE_E164,
    REFRESH,
    Login,
    api_settings,
    assert_error,
    bearer,
    run_concurrently,
)

SPEC_REFRESH_FIELDS = {"accessToken", "refreshToken"}


def refresh(client: FlaskClient, token: str) -> Any:
    return client.post(REFRESH, json={"refreshToken": token})


def logout(client: FlaskClient, access: str | None, body: dict[str, Any] | None = None) -> Any:
    headers = bearer(access) if access is not None else {}
    return client.post(LOGOUT, json=body if body is not None else {}, headers=headers)


def test_refresh_answers_a_new_token_pair_that_is_never_cached(client: FlaskClient, login: Login) -> None:
    first = login()
    response = refresh(client, first["refreshToken"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert SPEC_REFRESH_FIELDS <= set(body) <= SPEC_REFRESH_FIELDS | {"success", "message", "expiresIn"}
    assert body["refreshToken"] != first["refreshToken"] and body["accessToken"] != first["accessToken"]


def test_a_rotated_refresh_token_cannot_be_used_again(client: FlaskClient, login: Login) -> None:
    first = login()
    assert refresh(client, first["refreshToken"]).status_code == 200
    assert_error(refresh(client, first["refreshToken"]), 401)


def test_replaying_a_rotated_refresh_token_ends_the_session_it_leaked_from(client: FlaskClient, login: Login) -> None:
    stolen = login()["refreshToken"]
    legit = refresh(client, stolen).get_json()["refreshToken"]
    assert_error(refresh(client, stolen), 401, "TOKEN_REUSED")
    assert_error(refresh(client, legit), 401)


def test_an_unknown_refresh_token_gets_401(client: FlaskClient) -> None:
    assert_error(refresh(client, "c29tZXRoaW5nLXdlLW5ldmVyLWlzc3VlZA"), 401, "TOKEN_INVALID")


def test_a_refresh_token_expires_30_days_after_login_even_when_rotated(
    client: FlaskClient, login: Login, clock: ManualClock
) -> None:
    token = login()["refreshToken"]
    clock.advance(days=29)
    token = refresh(client, token).get_json()["refreshToken"]
    clock.advance(days=1)
    assert_error(refresh(client, token), 401)


def test_ten_concurrent_refreshes_with_one_token_never_both_succeed_nor_fail_with_500(
    app: Flask, login: Login
) -> None:
    token = login()["refreshToken"]
    statuses = run_concurrently(app, 10, lambda client: refresh(client, token).status_code)
    assert statuses[200] <= 1
    assert set(statuses) <= {200, 401}


def test_logout_answers_success_and_message(client: FlaskClient, login: Login) -> None:
    tokens = login()
    response = logout(client, tokens["accessToken"], {"refreshToken": tokens["refreshToken"]})
    assert response.status_code == 200
    body = response.get_json()
    assert body == {"success": True, "message": body["message"]} and body["message"]


def test_an_access_token_fails_at_once_after_logout(client: FlaskClient, login: Login) -> None:
    tokens = login()
    assert logout(client, tokens["accessToken"], {"refreshToken": tokens["refreshToken"]}).status_code == 200
    assert_error(logout(client, tokens["accessToken"]), 401, "TOKEN_INVALID")
    assert_error(refresh(client, tokens["refreshToken"]), 401)


def test_the_access_token_stays_refused_until_it_would_have_expired(
    client: FlaskClient, login: Login, clock: ManualClock
) -> None:
    tokens = login()
    logout(client, tokens["accessToken"])
    clock.advance(14 * 60 + 59)
    assert_error(logout(client, tokens["accessToken"]), 401)


def test_logout_with_only_the_authorization_header_and_no_body_works(client: FlaskClient, login: Login) -> None:
    tokens = login()
    response = client.post(LOGOUT, headers=bearer(tokens["accessToken"]))
    assert response.status_code == 200 and response.get_json()["success"] is True
    assert_error(logout(client, tokens["accessToken"]), 401)


def test_logout_without_a_refresh_token_still_stops_the_access_token(client: FlaskClient, login: Login) -> None:
    tokens = login()
    assert logout(client, tokens["accessToken"]).status_code == 200
    assert_error(logout(client, tokens["accessToken"]), 401)


def test_logout_leaves_the_other_devices_of_the_user_logged_in(
    client: FlaskClient, login: Login, clock: ManualClock
) -> None:
    phone_a = login()
    clock.advance(60)
    phone_b = login()
    logout(client, phone_a["accessToken"], {"refreshToken": phone_a["refreshToken"]})
    assert refresh(client, phone_b["refreshToken"]).status_code == 200
    assert logout(client, phone_b["accessToken"]).status_code == 200


def test_logout_from_all_devices_ends_every_session(client: FlaskClient, login: Login, clock: ManualClock) -> None:
    phone_a = login()
    clock.advance(60)
    phone_b = login()
    clock.advance(1)
    response = logout(client, phone_a["accessToken"], {"refreshToken": phone_a["refreshToken"], "allDevices": True})
    assert response.status_code == 200
    assert_error(refresh(client, phone_b["refreshToken"]), 401)
    assert_error(logout(client, phone_b["accessToken"]), 401)


def test_logout_with_only_the_refresh_token_ends_that_session(client: FlaskClient, login: Login) -> None:
    tokens = login()
    assert logout(client, None, {"refreshToken": tokens["refreshToken"]}).status_code == 200
    assert_error(refresh(client, tokens["refreshToken"]), 401)


def test_logout_cannot_end_another_users_session(client: FlaskClient, login: Login) -> None:
    mine = login()
    theirs = login(OTHER_PHONE, OTHER_PHONE_E164)
    logout(client, mine["accessToken"], {"refreshToken": theirs["refreshToken"]})
    assert refresh(client, theirs["refreshToken"]).status_code == 200


def test_logout_with_no_credentials_at_all_gets_401(client: FlaskClient) -> None:
    response = logout(client, None)
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer garbage", "Bearer a.b.c", "Token abc", "Basic dXNlcjpwYXNz", "bearer", "garbage"],
)
def test_a_missing_or_garbage_authorization_header_gets_401(client: FlaskClient, header: str) -> None:
    assert_error(client.post(LOGOUT, json={}, headers={"Authorization": header}), 401)


def test_an_expired_access_token_gets_401(client: FlaskClient, login: Login, clock: ManualClock) -> None:
    access = login()["accessToken"]
    clock.advance(15 * 60)
    assert_error(logout(client, access), 401, "TOKEN_INVALID")


@pytest.mark.parametrize("settings", [api_settings(jwt_access_ttl_seconds=300)], indirect=True)
def test_the_access_token_lifetime_follows_jwt_access_expiry(
    client: FlaskClient, login: Login, clock: ManualClock
) -> None:
    access = login()["accessToken"]
    clock.advance(299)
    assert logout(client, access).status_code == 200
    access = login()["accessToken"]
    clock.advance(300)
    assert_error(logout(client, access), 401)


def _segments(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(payload), signature


def _encode(part: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def test_a_jwt_whose_user_was_changed_gets_401(client: FlaskClient, login: Login) -> None:
    header, payload, signature = _segments(login()["accessToken"])
    victim = login(OTHER_PHONE, OTHER_PHONE_E164)
    victim_id = jwt.decode(victim["accessToken"], options={"verify_signature": False})["sub"]
    payload.update(sub=victim_id, userId=victim_id)
    assert_error(logout(client, f"{_encode(header)}.{_encode(payload)}.{signature}"), 401)
    assert refresh(client, victim["refreshToken"]).status_code == 200


def test_an_unsigned_alg_none_jwt_gets_401(client: FlaskClient, login: Login) -> None:
    header, payload, _signature = _segments(login()["accessToken"])
    assert_error(logout(client, f"{_encode({**header, 'alg': 'none'})}.{_encode(payload)}."), 401)


def test_a_jwt_signed_with_another_secret_gets_401(client: FlaskClient, login: Login) -> None:
    _header, payload, _signature = _segments(login()["accessToken"])
    forged = jwt.encode(payload, "not-the-server-secret-but-32-bytes!", algorithm="HS256")
    assert_error(logout(client, forged), 401)


def test_a_refresh_token_sent_as_an_access_token_gets_401(client: FlaskClient, login: Login) -> None:
    assert_error(logout(client, login()["refreshToken"]), 401)


def test_an_access_token_sent_as_a_refresh_token_gets_401(client: FlaskClient, login: Login) -> None:
    assert_error(refresh(client, login()["accessToken"]), 401)
