"""Properties of the OTP rules over generated timings and guesses, checked against a plain model."""
from __future__ import annotations

from datetime import timedelta

import pytest
from auth_harness import make_world
from hypothesis import given, settings
from hypothesis import strategies as st

from rozgar_core.errors import OtpInvalid, RateLimited

COOLDOWN = 60
HOUR = 3600
SENDS_PER_HOUR = 3


def expected_wait(accepted: list[int], at: int) -> int:
    """The model of the send quotas: 0 when a send at `at` is allowed, else the whole seconds to wait."""
    waits = [0]
    if accepted and at - accepted[-1] < COOLDOWN:
        waits.append(accepted[-1] + COOLDOWN - at)
    in_window = [sent for sent in accepted if sent > at - HOUR]
    if len(in_window) >= SENDS_PER_HOUR:
        waits.append(in_window[-SENDS_PER_HOUR] + HOUR - at)
    return max(waits)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=1500), min_size=1, max_size=12))
def test_send_quotas_match_the_model_with_the_exact_retry_after(gaps: list[int]) -> None:
    world = make_world()
    start = world.clock.now()
    accepted: list[int] = []
    at = 0
    for gap in gaps:
        at += gap
        world.clock.set(start + timedelta(seconds=at))
        wait = expected_wait(accepted, at)
        if wait == 0:
            world.send()
            accepted.append(at)
        else:
            with pytest.raises(RateLimited) as caught:
                world.send()
            assert caught.value.retry_after == wait
    assert len(world.texts) == len(accepted)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=8))
def test_the_right_code_works_only_after_fewer_than_five_wrong_tries(wrong_tries: int) -> None:
    world = make_world()
    code = world.send_and_read_code()
    for _ in range(wrong_tries):
        with pytest.raises(OtpInvalid):
            world.verify(str((int(code) + 1) % 10**6).zfill(6))
    if wrong_tries < 5:
        assert world.verify(code).tokens.access_token
    else:
        with pytest.raises(OtpInvalid):
            world.verify(code)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=900))
def test_a_code_is_accepted_exactly_while_it_is_younger_than_five_minutes(age: int) -> None:
    world = make_world()
    code = world.send_and_read_code()
    world.clock.advance(age)
    if age < 300:
        assert world.verify(code).tokens.access_token
    else:
        with pytest.raises(OtpInvalid):
            world.verify(code)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=4, max_value=8), st.text(alphabet="0123456789", min_size=4, max_size=8))
def test_no_code_but_the_texted_one_is_accepted(length: int, guess: str) -> None:
    world = make_world(otp_length=length)
    code = world.send_and_read_code()
    assert len(code) == length
    if guess == code:
        assert world.verify(guess).tokens.access_token
    else:
        with pytest.raises(OtpInvalid):
            world.verify(guess)

