"""POST /auth/verify-otp over HTTP: the login answer, and every attack on the code as its own test."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import jwt
from flask import Flask
from flask.testing import FlaskClient

from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore
from rozgar_core.use_cases.auth import AuthPolicy

from .conftest import (
    OTHER_PHONE,
    OTHER_PHONE_E164,
    PHONE,
    PHONE_E164,
    SEND,
    TEST_NUMBER,
    TEST_NUMBER_CODE,
    VERIFY,
    Login,
    assert_error,
    field_names,
    from_ip,
    run_concurrently,
)

SendCode = Callable[..., str]
TOKEN_RESPONSE_EXTRAS = {"message", "expiresIn"}


def wrong(code: str) -> str:
    return str((int(code) + 1) % 10 ** len(code)).zfill(len(code))


def verify(client: FlaskClient, otp: str, phone: str = PHONE, ip: str = "127.0.0.1") -> Any:
    return client.post(VERIFY, json={"phone": phone, "otp": otp}, **from_ip(ip))


def test_a_first_login_answers_the_spec_shape_with_a_new_user(
    client: FlaskClient, send_code: SendCode, store: MemoryStore, clock: ManualClock
) -> None:
    response = verify(client, send_code())
    assert response.status_code == 200
    body = response.get_json()
    assert {"success", "isNewUser", "accessToken", "refreshToken", "user"} <= set(body)
    assert set(body) - {"success", "isNewUser", "accessToken", "refreshToken", "user"} <= TOKEN_RESPONSE_EXTRAS
    assert (body["success"], body["isNewUser"], body["user"]) == (True, True, None)
    assert isinstance(body["accessToken"], str) and isinstance(body["refreshToken"], str)
    (user,) = store.users.values()
    assert user.phone.e164 == PHONE_E164 and user.last_login_at == clock.now()


def test_the_access_token_is_an_hs256_jwt_with_the_documented_claims(
    client: FlaskClient, send_code: SendCode, store: MemoryStore, clock: ManualClock
) -> None:
    access = verify(client, send_code()).get_json()["accessToken"]
    assert jwt.get_unverified_header(access)["alg"] == "HS256"
    claims = jwt.decode(access, options={"verify_signature": False})
    (user,) = store.users.values()
    assert claims["sub"] == claims["userId"] == user.id
    assert (claims["phone"], claims["type"], claims["iss"], claims["aud"]) == (
        PHONE_E164,
        "access",
        "rozgar360",
        "rozgar360-app",
    )
    assert claims["iat"] == clock.now().timestamp() and claims["exp"] == clock.now().timestamp() + 900
    assert claims["jti"]


def test_a_code_sent_to_one_written_form_is_verified_with_another(client: FlaskClient, send_code: SendCode) -> None:
    code = send_code("09876543210")
    assert verify(client, code, phone="+91 98765-43210").status_code == 200


def test_a_login_answer_is_never_cached(client: FlaskClient, send_code: SendCode) -> None:
    response = verify(client, send_code())
    assert response.headers["Cache-Control"] == "no-store"


def test_a_returning_user_with_a_complete_profile_gets_the_user_profile(
    client: FlaskClient, login: Login, store: MemoryStore, clock: ManualClock
) -> None:
    login()
    (user,) = store.users.values()
    store.users[user.id] = replace(user, name="Sunita", city="Pune", profile_completed_at=clock.now())
    clock.advance(120)
    body = login()
    assert body["isNewUser"] is False
    assert body["user"]["id"] == user.id and body["user"]["phone"] == PHONE_E164
    assert body["user"]["name"] == "Sunita" and body["user"]["city"] == "Pune"
    assert store.users[user.id].last_login_at == clock.now()


def test_brute_force_burns_the_code_after_five_wrong_tries(client: FlaskClient, send_code: SendCode) -> None:
    code = send_code()
    for _ in range(5):
        assert_error(verify(client, wrong(code)), 400, "OTP_INVALID")
    assert_error(verify(client, code), 400, "OTP_INVALID")


def test_brute_force_across_resends_is_stopped_by_the_phone_failure_counter(
    client: FlaskClient, send_code: SendCode, clock: ManualClock
) -> None:
    for _ in range(2):
        code = send_code()
        for _ in range(5):
            assert_error(verify(client, wrong(code)), 400, "OTP_INVALID")
        clock.advance(60)
    fresh = send_code()
    response = verify(client, fresh)
    assert_error(response, 429, "RATE_LIMITED")
    assert int(response.headers["Retry-After"]) == 3600 - 120


def test_brute_force_from_one_ip_across_many_phones_gets_429(client: FlaskClient) -> None:
    for index in range(AuthPolicy(pepper=b"p" * 16).ip_verifies_per_15_minutes):
        assert_error(verify(client, "123456", phone=f"98765{index:05d}", ip="203.0.113.5"), 400)
    response = verify(client, "123456", phone="9876599999", ip="203.0.113.5")
    assert_error(response, 429, "RATE_LIMITED")
    assert response.headers["Retry-After"] == "900"


def test_reusing_a_code_that_already_logged_in_is_refused(client: FlaskClient, send_code: SendCode) -> None:
    code = send_code()
    assert verify(client, code).status_code == 200
    assert_error(verify(client, code), 400, "OTP_INVALID")


def test_the_code_of_another_phone_is_refused(client: FlaskClient, send_code: SendCode) -> None:
    send_code(PHONE, PHONE_E164)
    other = send_code(OTHER_PHONE, OTHER_PHONE_E164)
    assert_error(verify(client, other, phone=PHONE), 400, "OTP_INVALID")


def test_an_old_code_is_refused_after_a_resend(
    client: FlaskClient, send_code: SendCode, clock: ManualClock
) -> None:
    old = send_code()
    clock.advance(60)
    new = send_code()
    while new == old:  # one in a million: ask for yet another code
        clock.advance(60)
        new = send_code()
    assert_error(verify(client, old), 400, "OTP_INVALID")
    assert verify(client, new).status_code == 200


def test_an_expired_code_is_refused(client: FlaskClient, send_code: SendCode, clock: ManualClock) -> None:
    code = send_code()
    clock.advance(300)
    assert_error(verify(client, code), 400, "OTP_INVALID")


def test_wrong_expired_used_and_unknown_codes_get_identical_answers(
    client: FlaskClient, send_code: SendCode, clock: ManualClock
) -> None:
    used = send_code()
    verify(client, used)
    answers = [verify(client, used).get_json()]
    clock.advance(60)
    answers.append(verify(client, wrong(send_code())).get_json())
    clock.advance(60)
    expired = send_code()
    clock.advance(300)
    answers.append(verify(client, expired).get_json())
    answers.append(verify(client, "123456", phone=OTHER_PHONE).get_json())
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["code"] == "OTP_INVALID"


def test_a_test_number_logs_in_with_its_fixed_code(client: FlaskClient) -> None:
    client.post(SEND, json={"phone": TEST_NUMBER})
    response = verify(client, TEST_NUMBER_CODE, phone=TEST_NUMBER)
    assert response.status_code == 200 and response.get_json()["isNewUser"] is True


def test_a_test_number_refuses_a_wrong_code(client: FlaskClient) -> None:
    assert_error(verify(client, "000000", phone=TEST_NUMBER), 400, "OTP_INVALID")


def test_an_otp_with_letters_is_a_validation_error_on_the_otp_field(client: FlaskClient) -> None:
    body = assert_error(verify(client, "12ab56"), 400, "VALIDATION_ERROR")
    assert field_names(body) == ["otp"]


def test_an_invalid_phone_is_a_validation_error_on_the_phone_field(client: FlaskClient) -> None:
    body = assert_error(verify(client, "123456", phone="+44 7911 123456"), 400, "VALIDATION_ERROR")
    assert field_names(body) == ["phone"]


def test_twenty_concurrent_submissions_of_the_right_code_log_in_exactly_once(
    app: Flask, send_code: SendCode, store: MemoryStore
) -> None:
    code = send_code()
    statuses = run_concurrently(app, 20, lambda client: verify(client, code).status_code)
    assert statuses[200] == 1
    # The others are refused: as a used code (400), or as too many failures for the phone (429).
    assert set(statuses) <= {200, 400, 429}
    assert len(store.refresh_tokens) == 1 and len(store.users) == 1

