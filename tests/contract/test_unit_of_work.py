"""The UnitOfWork contract: one transaction, committed only on `commit()`, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from rozgar_core.model import OtpChallenge, Phone
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
PHONE = "+919876500001"


def _challenge() -> OtpChallenge:
    return OtpChallenge(
        id=str(uuid.uuid4()),
        phone=PHONE,
        code_hash="ab" * 32,
        expires_at=NOW + timedelta(minutes=5),
        created_at=NOW,
    )


def _latest(uow_factory: UnitOfWorkFactory) -> OtpChallenge | None:
    with uow_factory() as uow:
        return uow.otps.latest_for(PHONE)


def test_commit_persists_the_writes(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> None:
    phone, challenge = new_phone(), _challenge()
    with uow_factory() as uow:
        user, _ = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), NOW)
        uow.otps.add(challenge)
        uow.commit()

    with uow_factory() as uow:
        assert uow.users.get_by_phone(phone) == user
        assert uow.otps.latest_for(PHONE) == challenge


def test_leaving_without_commit_discards_every_write(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    phone = new_phone()
    with uow_factory() as uow:
        uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), NOW)
        uow.otps.add(_challenge())
        assert uow.users.get_by_phone(phone) is not None
        assert uow.otps.latest_for(PHONE) is not None

    with uow_factory() as uow:
        assert uow.users.get_by_phone(phone) is None
        assert uow.otps.latest_for(PHONE) is None


def test_an_exception_rolls_back_and_propagates(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(LookupError), uow_factory() as uow:
        uow.otps.add(_challenge())
        raise LookupError("boom")

    assert _latest(uow_factory) is None


def test_atomic_operations_are_rolled_back_too(uow_factory: UnitOfWorkFactory) -> None:
    challenge = _challenge()
    with uow_factory() as uow:
        uow.otps.add(challenge)
        uow.commit()

    with uow_factory() as uow:
        assert uow.otps.reserve_attempt(challenge.id, 5) is True
        assert uow.otps.consume(challenge.id) is True

    with uow_factory() as uow:
        stored = uow.otps.latest_for(PHONE)
        assert stored is not None and (stored.attempts, stored.is_verified) == (0, False)
        assert uow.otps.consume(challenge.id) is True


def test_rollback_discards_the_writes_so_far_and_the_unit_stays_usable(uow_factory: UnitOfWorkFactory) -> None:
    discarded, kept = _challenge(), _challenge()
    with uow_factory() as uow:
        uow.otps.add(discarded)
        uow.rollback()
        assert uow.otps.latest_for(PHONE) is None
        uow.otps.add(kept)
        uow.commit()

    assert _latest(uow_factory) == kept


def test_writes_after_a_commit_need_their_own_commit(uow_factory: UnitOfWorkFactory) -> None:
    committed, later = _challenge(), _challenge()
    with uow_factory() as uow:
        uow.otps.add(committed)
        uow.commit()
        uow.otps.consume(committed.id)
        uow.otps.add(later)

    stored = _latest(uow_factory)
    assert stored == committed and stored.is_verified is False


def test_repositories_refuse_to_work_outside_the_unit(uow_factory: UnitOfWorkFactory) -> None:
    uow = uow_factory()
    with pytest.raises(RuntimeError):
        uow.otps.latest_for(PHONE)
    with uow:
        uow.otps.add(_challenge())
        uow.commit()
    with pytest.raises(RuntimeError):
        uow.otps.latest_for(PHONE)


def test_a_unit_of_work_can_be_used_again_after_it_ends(uow_factory: UnitOfWorkFactory) -> None:
    uow, challenge = uow_factory(), _challenge()
    with uow:
        uow.otps.add(challenge)
        uow.commit()
    with uow:
        assert uow.otps.consume(challenge.id) is True
        uow.commit()

    stored = _latest(uow_factory)
    assert stored is not None and stored.is_verified is True
