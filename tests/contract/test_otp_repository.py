"""The OtpRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rozgar_core.model import OtpChallenge
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
PHONE = "+919876500001"
OTHER_PHONE = "+919876500002"


def _challenge(phone: str = PHONE, created_at: datetime = NOW, **changes: Any) -> OtpChallenge:
    challenge = OtpChallenge(
        id=str(uuid.uuid4()),
        phone=phone,
        code_hash=uuid.uuid4().hex * 2,
        expires_at=created_at + timedelta(minutes=5),
        created_at=created_at,
    )
    return replace(challenge, **changes)


def _add(uow_factory: UnitOfWorkFactory, *challenges: OtpChallenge) -> None:
    with uow_factory() as uow:
        for challenge in challenges:
            uow.otps.add(challenge)
        uow.commit()


def _latest(uow_factory: UnitOfWorkFactory, phone: str = PHONE) -> OtpChallenge | None:
    with uow_factory() as uow:
        return uow.otps.latest_for(phone)


def test_an_added_challenge_comes_back_equal(uow_factory: UnitOfWorkFactory) -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    challenge = _challenge(created_at=NOW.astimezone(ist), attempts=2)
    _add(uow_factory, challenge)

    stored = _latest(uow_factory)

    assert stored == challenge
    assert stored.created_at.utcoffset() == timedelta(0) and stored.expires_at.utcoffset() == timedelta(0)
    assert _latest(uow_factory, OTHER_PHONE) is None


def test_latest_for_is_the_most_recently_created_of_that_phone(uow_factory: UnitOfWorkFactory) -> None:
    newest = _challenge(created_at=NOW + timedelta(seconds=1))
    older = _challenge(created_at=NOW)
    other_phone_newer = _challenge(phone=OTHER_PHONE, created_at=NOW + timedelta(minutes=1))
    _add(uow_factory, newest, older, other_phone_newer)

    assert _latest(uow_factory) == newest
    assert _latest(uow_factory, OTHER_PHONE) == other_phone_newer


def test_latest_for_breaks_creation_time_ties_by_the_greatest_id(uow_factory: UnitOfWorkFactory) -> None:
    tied = sorted((_challenge() for _ in range(3)), key=lambda challenge: challenge.id)
    _add(uow_factory, tied[1], tied[2], tied[0])

    assert _latest(uow_factory) == tied[2]


def test_withdrawing_the_latest_challenge_makes_the_previous_one_latest_again(
    uow_factory: UnitOfWorkFactory,
) -> None:
    previous = _challenge(created_at=NOW)
    unsent = _challenge(created_at=NOW + timedelta(seconds=1))
    _add(uow_factory, previous, unsent)

    with uow_factory() as uow:
        uow.otps.withdraw(unsent.id)
        uow.otps.withdraw(str(uuid.uuid4()))  # an unknown id is not an error
        uow.commit()

    assert _latest(uow_factory) == previous


def test_reserve_attempt_counts_until_the_maximum(uow_factory: UnitOfWorkFactory) -> None:
    challenge = _challenge()
    _add(uow_factory, challenge)

    with uow_factory() as uow:
        reserved = [uow.otps.reserve_attempt(challenge.id, 3) for _ in range(5)]
        uow.commit()

    assert reserved == [True, True, True, False, False]
    stored = _latest(uow_factory)
    assert stored is not None and stored.attempts == 3


def test_reserve_attempt_refuses_used_and_unknown_challenges(uow_factory: UnitOfWorkFactory) -> None:
    used = _challenge(is_verified=True)
    _add(uow_factory, used)

    with uow_factory() as uow:
        assert uow.otps.reserve_attempt(used.id, 5) is False
        assert uow.otps.reserve_attempt(str(uuid.uuid4()), 5) is False
        assert uow.otps.reserve_attempt("not-a-uuid", 5) is False


def test_consume_succeeds_once(uow_factory: UnitOfWorkFactory) -> None:
    challenge = _challenge()
    _add(uow_factory, challenge)

    with uow_factory() as uow:
        outcomes = [uow.otps.consume(challenge.id), uow.otps.consume(challenge.id)]
        assert uow.otps.consume(str(uuid.uuid4())) is False
        uow.commit()

    assert outcomes == [True, False]
    stored = _latest(uow_factory)
    assert stored is not None and stored.is_verified is True


def test_concurrent_consumers_of_one_challenge_have_one_winner(
    uow_factory: UnitOfWorkFactory, run_concurrently: Callable[..., list[Any]]
) -> None:
    challenge = _challenge()
    _add(uow_factory, challenge)

    def consume(index: int) -> bool:
        with uow_factory() as uow:
            consumed = uow.otps.consume(challenge.id)
            uow.commit()
        return consumed

    assert sorted(run_concurrently(20, consume)) == [False] * 19 + [True]


def test_concurrent_attempts_never_exceed_the_maximum(
    uow_factory: UnitOfWorkFactory, run_concurrently: Callable[..., list[Any]]
) -> None:
    challenge = _challenge()
    _add(uow_factory, challenge)

    def attempt(index: int) -> bool:
        with uow_factory() as uow:
            reserved = uow.otps.reserve_attempt(challenge.id, 5)
            uow.commit()
        return reserved

    assert sum(run_concurrently(20, attempt)) == 5
    stored = _latest(uow_factory)
    assert stored is not None and stored.attempts == 5


def test_delete_expired_removes_only_challenges_expired_before_the_cutoff(
    uow_factory: UnitOfWorkFactory,
) -> None:
    expired = _challenge(created_at=NOW - timedelta(minutes=10))
    expiring_at_cutoff = _challenge(phone=OTHER_PHONE, created_at=NOW - timedelta(minutes=5))
    live = _challenge(phone="+919876500003", created_at=NOW)
    _add(uow_factory, expired, expiring_at_cutoff, live)

    with uow_factory() as uow:
        deleted = uow.otps.delete_expired(NOW)
        uow.commit()

    assert deleted == 1
    assert _latest(uow_factory) is None
    assert _latest(uow_factory, OTHER_PHONE) == expiring_at_cutoff
    assert _latest(uow_factory, "+919876500003") == live


_offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    created_at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=_offsets
    ),
    lifetime=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2)),
    attempts=st.integers(min_value=0, max_value=1000),
    is_verified=st.booleans(),
    code_hash=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
)
def test_challenges_round_trip(
    uow_factory: UnitOfWorkFactory,
    created_at: datetime,
    lifetime: timedelta,
    attempts: int,
    is_verified: bool,
    code_hash: str,
) -> None:
    phone = f"+91987{uuid.uuid4().int % 10**7:07d}"
    challenge = _challenge(
        phone=phone,
        created_at=created_at,
        expires_at=created_at + lifetime,
        attempts=attempts,
        is_verified=is_verified,
        code_hash=code_hash,
    )
    _add(uow_factory, challenge)

    assert _latest(uow_factory, phone) == challenge
