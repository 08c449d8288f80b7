"""POST /auth/send-otp over HTTP: shape, phone rules, quotas, test numbers, failing dependencies."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

import pytest
from dependency_injector import providers
from flask import Flask
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.memory.store import MemoryStore
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import Phone
from rozgar_core.ports import RateDecision, RateRule
from rozgar_core.use_cases.auth import AuthPolicy

from .conftest import (
    PHONE,
    PHONE_E164,
    SEND,
    TEST_NUMBER,
    VERIFY,
    Login,
    api_settings,
    assert_error,
    field_names,
    from_ip,
    run_concurrently,
)


def test_send_otp_answers_success_message_and_expires_in(client: FlaskClient, sms: MemorySmsSender) -> None:
    response = client.post(SEND, json={"phone": PHONE})
    assert response.status_code == 200
    body = response.get_json()
    assert body == {"success": True, "message": body["message"], "expiresIn": 300}
    assert isinstance(body["message"], str) and body["message"]
    assert [text.phone for text in sms.sent] == [PHONE_E164]


@pytest.mark.parametrize("written", ["9876543210", "09876543210", "+91 98765-43210", "919876543210"])
def test_every_written_form_of_a_number_texts_the_same_e164(
    client: FlaskClient, sms: MemorySmsSender, written: str
) -> None:
    assert client.post(SEND, json={"phone": written}).status_code == 200
    assert [text.phone for text in sms.sent] == [PHONE_E164]


def test_the_written_forms_of_a_number_are_one_account(
    client: FlaskClient, login: Login, clock: ManualClock, store: MemoryStore
) -> None:
    login("9876543210")
    clock.advance(60)
    login("09876543210")
    clock.advance(60)
    third = login("+91 98765-43210")
    assert list(store.user_ids_by_phone) == [PHONE_E164]
    assert len(store.users) == 1
    assert third["isNewUser"] is True  # the profile was never completed


@pytest.mark.parametrize(
    "phone",
    ["+1 202 555 0143", "+44 7911 123456", "011 2345 6789", "080 2345 6789", "12345", "98765FLOWE", "", "   "],
)
def test_foreign_numbers_landlines_and_garbage_get_400_on_the_phone_field_and_no_sms(
    client: FlaskClient, sms: MemorySmsSender, phone: str
) -> None:
    body = assert_error(client.post(SEND, json={"phone": phone}), 400, "VALIDATION_ERROR")
    assert field_names(body) == ["phone"]
    assert sms.sent == []


def test_a_second_send_within_a_minute_gets_429_with_retry_after(
    client: FlaskClient, clock: ManualClock, sms: MemorySmsSender
) -> None:
    client.post(SEND, json={"phone": PHONE})
    clock.advance(15)
    response = client.post(SEND, json={"phone": PHONE})
    assert_error(response, 429, "RATE_LIMITED")
    assert response.headers["Retry-After"] == "45"
    assert len(sms.sent) == 1


def test_a_fourth_send_within_the_hour_gets_429_until_the_first_leaves_the_window(
    client: FlaskClient, clock: ManualClock, sms: MemorySmsSender
) -> None:
    for _ in range(3):
        assert client.post(SEND, json={"phone": PHONE}).status_code == 200
        clock.advance(60)
    response = client.post(SEND, json={"phone": PHONE})
    assert_error(response, 429, "RATE_LIMITED")
    assert response.headers["Retry-After"] == str(3600 - 180)
    clock.advance(3600 - 180)
    assert client.post(SEND, json={"phone": PHONE}).status_code == 200
    assert len(sms.sent) == 4


def test_ten_concurrent_sends_to_one_phone_text_it_only_once(app: Flask, sms: MemorySmsSender) -> None:
    statuses = run_concurrently(app, 10, lambda client: client.post(SEND, json={"phone": PHONE}).status_code)
    assert statuses == Counter({200: 1, 429: 9})
    assert len(sms.sent) == 1


IP_SEND_LIMIT = AuthPolicy(pepper=b"p" * 16).ip_sends_per_hour


def test_one_client_ip_cannot_text_more_phones_an_hour_than_its_limit(
    client: FlaskClient, sms: MemorySmsSender
) -> None:
    for index in range(IP_SEND_LIMIT):
        assert client.post(SEND, json={"phone": f"98765{index:05d}"}, **from_ip("203.0.113.9")).status_code == 200
    response = client.post(SEND, json={"phone": "9876599999"}, **from_ip("203.0.113.9"))
    assert_error(response, 429, "RATE_LIMITED")
    assert int(response.headers["Retry-After"]) > 0
    assert client.post(SEND, json={"phone": "9876599999"}, **from_ip("198.51.100.4")).status_code == 200
    assert len(sms.sent) == IP_SEND_LIMIT + 1


def test_a_forged_x_forwarded_for_does_not_dodge_the_ip_limit(client: FlaskClient, sms: MemorySmsSender) -> None:
    for index in range(IP_SEND_LIMIT + 1):
        response = client.post(
            SEND,
            json={"phone": f"98765{index:05d}"},
            headers={"X-Forwarded-For": f"198.51.100.{index % 250}"},
            **from_ip("203.0.113.9"),
        )
    assert_error(response, 429, "RATE_LIMITED")
    assert len(sms.sent) == IP_SEND_LIMIT


def test_a_test_number_gets_no_sms_and_no_quota(client: FlaskClient, sms: MemorySmsSender) -> None:
    for _ in range(6):
        response = client.post(SEND, json={"phone": TEST_NUMBER})
        assert response.status_code == 200 and response.get_json()["expiresIn"] == 300
    assert sms.sent == []


def test_send_otp_answers_the_same_whether_or_not_the_phone_has_an_account(
    client: FlaskClient, login: Login, clock: ManualClock
) -> None:
    login(PHONE)
    clock.advance(60)
    known = client.post(SEND, json={"phone": PHONE})
    unknown = client.post(SEND, json={"phone": "9123456780"})
    assert (known.status_code, known.get_json()) == (unknown.status_code, unknown.get_json())


@pytest.mark.parametrize(
    ("settings", "length"), [(api_settings(otp_length=4), 4), (api_settings(otp_length=8), 8)], indirect=["settings"]
)
def test_the_otp_length_setting_is_honoured(client: FlaskClient, sms: MemorySmsSender, length: int) -> None:
    client.post(SEND, json={"phone": PHONE})
    code = sms.last_code_for(PHONE_E164)
    assert code is not None and len(code) == length
    assert client.post(VERIFY, json={"phone": PHONE, "otp": code}).status_code == 200


class _FailingSms:
    def send(self, phone: Phone, message: str) -> None:
        raise DependencyUnavailable("SMS provider timed out")


def test_an_sms_provider_failure_gives_503_in_the_envelope(container: Container, client: FlaskClient) -> None:
    container.sms_sender.override(providers.Object(_FailingSms()))
    response = client.post(SEND, json={"phone": PHONE})
    assert_error(response, 503, "SERVICE_UNAVAILABLE")


class _RedisDownLimiter:
    def hit(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        raise DependencyUnavailable("Redis is not reachable")

    def check(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        raise DependencyUnavailable("Redis is not reachable")


def test_with_the_rate_limit_store_down_send_otp_fails_closed_and_texts_nothing(
    container: Container, client: FlaskClient, sms: MemorySmsSender, store: MemoryStore
) -> None:
    container.rate_limiter.override(providers.Object(_RedisDownLimiter()))
    assert_error(client.post(SEND, json={"phone": PHONE}), 503, "SERVICE_UNAVAILABLE")
    assert sms.sent == []
    assert store.otps == {}


def test_with_the_rate_limit_store_down_verify_otp_fails_closed_too(
    container: Container, client: FlaskClient, send_code: Callable[..., str]
) -> None:
    code = send_code()
    container.rate_limiter.override(providers.Object(_RedisDownLimiter()))
    assert_error(client.post(VERIFY, json={"phone": PHONE, "otp": code}), 503, "SERVICE_UNAVAILABLE")
