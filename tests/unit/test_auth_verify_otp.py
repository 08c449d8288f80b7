"""VerifyOtp: expiry, single use, latest code only, burnt codes, failure and IP quotas, accounts."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from auth_harness import IP, OTHER_PHONE, PHONE, AuthWorld, FixedOtpSecrets, make_world
from hypothesis import given, settings
from hypothesis import strategies as st

from rozgar_core.errors import Forbidden, InvalidInput, OtpInvalid, RateLimited


def wrong(code: str) -> str:
    """A code of the same length that is certainly not `code`."""
    return str((int(code) + 1) % 10 ** len(code)).zfill(len(code))


def test_the_right_code_logs_in_and_creates_the_account() -> None:
    world = make_world()
    assert world.user() is None
    result = world.verify(world.send_and_read_code())
    user = world.user()
    assert user is not None and user.last_login_at == world.clock.now()
    assert result.is_new_user is True and result.user is None
    assert world.authenticate(result.tokens.access_token).user_id == user.id


def test_a_returning_user_with_a_complete_profile_gets_the_profile() -> None:
    world = make_world()
    first = world.login()
    user_id = world.authenticate(first.tokens.access_token).user_id
    world.complete_profile(user_id, world.clock.now())
    world.clock.advance(3600)
    result = world.login()
    assert result.is_new_user is False
    assert result.user is not None and result.user.id == user_id and result.user.name == "Ramesh"
    stored = world.user()
    assert stored is not None and stored.last_login_at == world.clock.now()
    assert len(world.store.users) == 1


def test_a_returning_user_who_never_completed_the_profile_is_still_sent_to_setup() -> None:
    world = make_world()
    world.login()
    world.clock.advance(3600)
    result = world.login()
    assert (result.is_new_user, result.user) == (True, None)
    assert len(world.store.users) == 1


def test_a_code_works_until_the_last_second_of_its_five_minutes() -> None:
    world = make_world()
    code = world.send_and_read_code()
    world.clock.advance(299)
    assert world.verify(code).tokens.refresh_token


def test_a_code_expires_after_five_minutes() -> None:
    world = make_world()
    code = world.send_and_read_code()
    world.clock.advance(300)
    with pytest.raises(OtpInvalid):
        world.verify(code)


def test_a_code_can_be_used_only_once() -> None:
    world = make_world()
    code = world.send_and_read_code()
    world.verify(code)
    with pytest.raises(OtpInvalid):
        world.verify(code)


def test_only_the_latest_code_of_a_phone_is_valid() -> None:
    world = make_world()
    world.secrets = FixedOtpSecrets("111111")
    world.send()
    world.clock.advance(60)
    world.secrets = FixedOtpSecrets("222222")
    world.send()
    with pytest.raises(OtpInvalid):
        world.verify("111111")
    assert world.verify("222222").tokens.access_token


def test_the_code_of_another_phone_is_refused() -> None:
    world = make_world()
    world.secrets = FixedOtpSecrets("111111")
    world.send(PHONE)
    world.secrets = FixedOtpSecrets("222222")
    world.send(OTHER_PHONE)
    with pytest.raises(OtpInvalid):
        world.verify("222222", phone=PHONE)
    assert world.verify("222222", phone=OTHER_PHONE).tokens.access_token


def test_five_wrong_tries_burn_the_code_even_for_the_right_code_afterwards() -> None:
    world = make_world()
    code = world.send_and_read_code()
    for _ in range(5):
        with pytest.raises(OtpInvalid):
            world.verify(wrong(code))
    with pytest.raises(OtpInvalid):
        world.verify(code)
    assert next(iter(world.store.otps.values())).is_verified is False


def test_four_wrong_tries_still_leave_the_right_code_usable() -> None:
    world = make_world()
    code = world.send_and_read_code()
    for _ in range(4):
        with pytest.raises(OtpInvalid):
            world.verify(wrong(code))
    assert world.verify(code).tokens.access_token


def test_a_wrong_try_is_counted_on_the_stored_code() -> None:
    world = make_world()
    code = world.send_and_read_code()
    with pytest.raises(OtpInvalid):
        world.verify(wrong(code))
    assert next(iter(world.store.otps.values())).attempts == 1


def _wrong_code(world: AuthWorld) -> str:
    return wrong(world.send_and_read_code())


def _expired_code(world: AuthWorld) -> str:
    code = world.send_and_read_code()
    world.clock.advance(301)
    return code


def _used_code(world: AuthWorld) -> str:
    code = world.send_and_read_code()
    world.verify(code)
    return code


def _unknown_phone_code(world: AuthWorld) -> str:
    return "123456"


def _burnt_code(world: AuthWorld) -> str:
    code = world.send_and_read_code()
    for _ in range(5):
        with pytest.raises(OtpInvalid):
            world.verify(wrong(code))
    return code


@pytest.mark.parametrize("make_code", [_wrong_code, _expired_code, _used_code, _unknown_phone_code, _burnt_code])
def test_wrong_expired_used_unknown_and_burnt_codes_get_one_and_the_same_error(
    make_code: Callable[[AuthWorld], str],
) -> None:
    world = make_world()
    code = make_code(world)
    with pytest.raises(OtpInvalid) as caught:
        world.verify(code)
    assert type(caught.value) is OtpInvalid
    assert (caught.value.code, caught.value.message) == (OtpInvalid.code, OtpInvalid.default_message)


def test_the_failure_counter_of_a_phone_survives_a_resend() -> None:
    world = make_world()
    for _round in range(2):  # 2 codes x 5 wrong tries = the 10 failures a phone may have in an hour
        code = world.send_and_read_code()
        for _ in range(5):
            with pytest.raises(OtpInvalid):
                world.verify(wrong(code))
        world.clock.advance(60)
    fresh = world.send_and_read_code()
    with pytest.raises(RateLimited) as caught:
        world.verify(fresh)
    assert caught.value.retry_after == 3600 - 120


def test_the_failure_counter_lets_the_phone_in_again_after_an_hour() -> None:
    world = make_world(phone_failures_per_hour=3)
    for _ in range(3):
        with pytest.raises(OtpInvalid):
            world.verify("111111")
    world.clock.advance(3600)
    assert world.login().tokens.access_token


def test_failures_of_one_phone_do_not_lock_out_another() -> None:
    world = make_world(phone_failures_per_hour=3)
    for _ in range(3):
        with pytest.raises(OtpInvalid):
            world.verify("111111", phone=PHONE)
    assert world.login(OTHER_PHONE).tokens.access_token


def test_one_ip_may_verify_only_its_limit_of_times_in_15_minutes() -> None:
    world = make_world()
    for index in range(world.policy.ip_verifies_per_15_minutes):
        with pytest.raises(OtpInvalid):
            world.verify("111111", phone=f"98765{index:05d}", ip=IP)
    with pytest.raises(RateLimited) as caught:
        world.verify("111111", phone="9876599999", ip=IP)
    assert caught.value.retry_after == 900
    with pytest.raises(OtpInvalid):
        world.verify("111111", phone="9876599999", ip="198.51.100.1")


def test_test_numbers_do_not_use_up_the_per_ip_verify_limit() -> None:
    world = make_world(test_numbers={"+919000000001": "123456"}, ip_verifies_per_15_minutes=3)
    for _ in range(5):
        assert world.verify("123456", phone="9000000001", ip=IP).tokens.access_token
    with pytest.raises(OtpInvalid):
        world.verify("111111", phone="9876500001", ip=IP)


def test_a_test_number_logs_in_with_its_fixed_code_again_and_again() -> None:
    world = make_world(test_numbers={"+919000000001": "123456"})
    world.send("9000000001")
    first = world.verify("123456", phone="9000000001")
    second = world.verify("123456", phone="09000000001")
    assert first.tokens.refresh_token != second.tokens.refresh_token
    assert world.texts == []


def test_a_test_number_refuses_any_other_code() -> None:
    world = make_world(test_numbers={"+919000000001": "123456"})
    with pytest.raises(OtpInvalid):
        world.verify("654321", phone="9000000001")


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(max_size=12), st.integers(), st.none()).filter(
    lambda otp: not (isinstance(otp, str) and otp.isascii() and otp.isdigit() and 4 <= len(otp) <= 8)
))
def test_a_code_that_is_not_4_to_8_ascii_digits_is_invalid_input(otp: object) -> None:
    world = make_world()
    with pytest.raises(InvalidInput) as caught:
        world.verify(otp)  # type: ignore[arg-type]
    assert [e.field for e in caught.value.errors] == ["otp"]


def test_a_suspended_account_cannot_log_in() -> None:
    world = make_world()
    user_id = world.authenticate(world.login().tokens.access_token).user_id
    world.suspend(user_id)
    world.clock.advance(60)
    with pytest.raises(Forbidden):
        world.login()
    assert len(world.store.refresh_tokens) == 1  # the refused login started no session
