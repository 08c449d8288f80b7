"""SendOtp: codes, what is stored, and the send quotas (per phone, per IP, test numbers)."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import astuple
from datetime import timedelta

import pytest
from auth_harness import (
    IP,
    OTHER_PHONE,
    PEPPER,
    PHONE,
    PHONE_E164,
    FixedOtpSecrets,
    make_world,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from rozgar_adapters import system
from rozgar_core.errors import DependencyUnavailable, InvalidInput, RateLimited
from rozgar_core.model import Phone
from rozgar_core.ports import RateDecision, RateRule
from rozgar_core.use_cases.auth import AuthPolicy
from rozgar_core.use_cases.auth.policy import otp_digest


@pytest.mark.parametrize("length", [4, 5, 6, 7, 8])
def test_the_texted_code_has_the_configured_number_of_digits(length: int) -> None:
    world = make_world(otp_length=length)
    code = world.send_and_read_code()
    assert len(code) == length and code.isdigit()
    assert world.verify(code).tokens.access_token


@pytest.mark.parametrize("length", [0, 3, 9, 12])
def test_an_otp_length_outside_4_to_8_is_refused(length: int) -> None:
    with pytest.raises(ValueError):
        AuthPolicy(pepper=PEPPER, otp_length=length)


def test_a_short_pepper_is_refused() -> None:
    with pytest.raises(ValueError):
        AuthPolicy(pepper=b"short")


def test_the_code_is_valid_for_five_minutes_and_says_so() -> None:
    world = make_world()
    assert world.send().expires_in == 300
    (challenge,) = world.store.otps.values()
    assert challenge.created_at == world.clock.now()
    assert challenge.expires_at == world.clock.now() + timedelta(minutes=5)


def test_the_stored_challenge_holds_only_a_keyed_hash_of_the_code() -> None:
    world = make_world()
    world.secrets = FixedOtpSecrets("482913")
    world.send()
    (challenge,) = world.store.otps.values()
    assert all("482913" not in str(value) for value in astuple(challenge))
    assert challenge.code_hash == hmac.new(PEPPER, f"{PHONE_E164}:482913".encode(), hashlib.sha256).hexdigest()
    unkeyed = hashlib.sha256(f"{PHONE_E164}:482913".encode()).hexdigest()
    assert challenge.code_hash != unkeyed and challenge.code_hash != hashlib.sha256(b"482913").hexdigest()


def test_the_code_is_texted_to_the_e164_number() -> None:
    world = make_world()
    world.send("+91 98765-43210")
    assert [sms.phone for sms in world.texts] == [PHONE_E164]


def test_codes_and_refresh_tokens_come_from_the_secrets_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system.secrets, "choice", lambda digits: digits[7])
    monkeypatch.setattr(system.secrets, "token_urlsafe", lambda nbytes: f"token-of-{nbytes}-bytes")
    generator = system.CryptoSecrets()
    assert generator.otp_code(6) == "777777"
    assert generator.token() == "token-of-32-bytes"  # 256 bits


def test_codes_are_not_predictable_from_one_send_to_the_next() -> None:
    world = make_world()
    codes = set()
    for index in range(12):
        phone = f"98765432{index:02d}"
        codes.add(world.send_and_read_code(phone, ip=f"198.51.100.{index}"))
    assert len(codes) > 6


def test_a_second_send_within_60_seconds_is_refused_with_the_exact_wait() -> None:
    world = make_world()
    world.send()
    world.clock.advance(20)
    with pytest.raises(RateLimited) as caught:
        world.send()
    assert caught.value.retry_after == 40
    assert len(world.texts) == 1


def test_a_send_is_allowed_again_once_the_cooldown_is_over() -> None:
    world = make_world()
    world.send()
    world.clock.advance(60)
    world.send()
    assert len(world.texts) == 2


def test_a_fourth_send_within_the_hour_waits_for_the_first_to_leave_the_window() -> None:
    world = make_world()
    for _ in range(3):
        world.send()
        world.clock.advance(60)
    with pytest.raises(RateLimited) as caught:
        world.send()  # 180 s after the first send
    assert caught.value.retry_after == 3600 - 180
    world.clock.advance(3600 - 180 - 1)
    with pytest.raises(RateLimited) as caught:
        world.send()
    assert caught.value.retry_after == 1
    world.clock.advance(1)
    world.send()
    assert len(world.texts) == 4


def test_the_hourly_quota_is_a_rolling_window_not_a_clock_hour() -> None:
    world = make_world()
    start = world.clock.now()
    for offset in (0, 1800, 1860, 3600):  # the 4th send comes exactly as the first leaves the window
        world.clock.set(start + timedelta(seconds=offset))
        world.send()
    world.clock.set(start + timedelta(seconds=3660))
    with pytest.raises(RateLimited) as caught:
        world.send()
    assert caught.value.retry_after == 1800 + 3600 - 3660


def test_the_cooldown_and_hourly_quota_are_per_phone() -> None:
    world = make_world()
    world.send(PHONE)
    world.send(OTHER_PHONE)
    assert len(world.texts) == 2


def test_one_ip_cannot_send_to_more_phones_an_hour_than_its_limit() -> None:
    world = make_world()
    limit = world.policy.ip_sends_per_hour
    for index in range(limit):
        world.send(f"98765{index:05d}", ip=IP)
    with pytest.raises(RateLimited):
        world.send("9876599999", ip=IP)
    world.send("9876599999", ip="198.51.100.1")  # another client is not affected
    assert len(world.texts) == limit + 1


def test_a_refused_send_does_not_use_up_the_hourly_quota() -> None:
    world = make_world()
    world.send()
    for _ in range(5):
        world.clock.advance(10)
        with pytest.raises(RateLimited):
            world.send()
    world.clock.advance(10)
    world.send()
    world.clock.advance(60)
    world.send()
    assert len(world.texts) == 3


def test_test_numbers_get_no_sms_and_no_quota() -> None:
    world = make_world(test_numbers={"+919000000001": "123456"})
    for _ in range(10):
        assert world.send("9000000001").expires_in == 300
    assert world.texts == []
    assert world.store.otps == {}


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=20).filter(lambda raw: sum(c.isdigit() for c in raw) < 10))
def test_an_invalid_phone_is_refused_before_anything_is_sent(raw: str) -> None:
    world = make_world()
    with pytest.raises(InvalidInput) as caught:
        world.send(raw)
    assert [e.field for e in caught.value.errors] == ["phone"]
    assert world.texts == []


@pytest.mark.parametrize("number", ["+12025550143", "02223456789", "080 2345 6789", "5876543210"])
def test_foreign_numbers_and_landlines_get_no_sms(number: str) -> None:
    world = make_world()
    with pytest.raises(InvalidInput):
        world.send(number)
    assert world.texts == []


def test_the_answer_is_the_same_whether_or_not_the_phone_has_an_account() -> None:
    world = make_world()
    world.login(PHONE)
    world.clock.advance(60)
    assert world.user(PHONE) is not None and world.user(OTHER_PHONE) is None
    assert world.send(PHONE) == world.send(OTHER_PHONE)


class _DownLimiter:
    def hit(self, rules: list[RateRule], now: object) -> RateDecision:
        raise DependencyUnavailable("rate limiter store is down")

    def check(self, rules: list[RateRule], now: object) -> RateDecision:
        raise DependencyUnavailable("rate limiter store is down")


def test_when_the_rate_limiter_is_down_no_code_is_sent_or_stored() -> None:
    world = make_world()
    world.limiter = _DownLimiter()
    with pytest.raises(DependencyUnavailable):
        world.send()
    assert world.texts == []
    assert world.store.otps == {}


class _FailingSms:
    def send(self, phone: Phone, message: str) -> None:
        raise DependencyUnavailable("SMS provider timed out")


def test_an_sms_provider_failure_is_reported_as_unavailable() -> None:
    world = make_world()
    world.sms = _FailingSms()
    with pytest.raises(DependencyUnavailable):
        world.send()



class _FailingSms:
    def send(self, phone: object, message: str) -> None:
        raise DependencyUnavailable("Could not send the SMS, please try again")


def test_a_code_that_could_not_be_sent_does_not_replace_the_one_the_user_already_has() -> None:
    world = make_world(otp_send_cooldown_seconds=1)
    first_code = world.send_and_read_code()
    world.clock.advance(2)
    world.sms = _FailingSms()
    with pytest.raises(DependencyUnavailable):
        world.send()
    with world.uow() as uow:
        latest = uow.otps.latest_for(PHONE_E164)
    assert latest is not None and latest.code_hash == otp_digest(PEPPER, PHONE_E164, first_code)
    assert world.verify(first_code).tokens.access_token
