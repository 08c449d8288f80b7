"""The RefreshTokenRepository contract, run against every adapter."""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from rozgar_core.errors import Conflict
from rozgar_core.model import Phone, RefreshToken
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
LATER = NOW + timedelta(minutes=10)


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> Callable[[], str]:
    """Creates (and commits) an account, returning its id."""

    def create() -> str:
        with uow_factory() as uow:
            user, _ = uow.users.get_or_create_by_phone(new_phone(), str(uuid.uuid4()), NOW)
            uow.commit()
        return user.id

    return create


def _token(user_id: str, family_id: str | None = None, **changes: Any) -> RefreshToken:
    token = RefreshToken(
        id=str(uuid.uuid4()),
        user_id=user_id,
        family_id=family_id or str(uuid.uuid4()),
        token_hash=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
        expires_at=NOW + timedelta(days=30),
        created_at=NOW,
    )
    return replace(token, **changes)


def _add(uow_factory: UnitOfWorkFactory, *tokens: RefreshToken) -> None:
    with uow_factory() as uow:
        for token in tokens:
            uow.refresh_tokens.add(token)
        uow.commit()


def _stored(uow_factory: UnitOfWorkFactory, token: RefreshToken) -> RefreshToken:
    with uow_factory() as uow:
        stored = uow.refresh_tokens.get_by_hash(token.token_hash)
    assert stored is not None
    return stored


def test_an_added_token_is_found_by_its_hash(uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]) -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    token = _token(new_user(), created_at=NOW.astimezone(ist))
    _add(uow_factory, token)

    stored = _stored(uow_factory, token)

    assert stored == token and stored.created_at.utcoffset() == timedelta(0)
    with uow_factory() as uow:
        assert uow.refresh_tokens.get_by_hash(hashlib.sha256(b"unknown").hexdigest()) is None


def test_a_token_hash_is_unique(uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]) -> None:
    user_id = new_user()
    token = _token(user_id)
    _add(uow_factory, token)

    with pytest.raises(Conflict):
        _add(uow_factory, _token(user_id, token_hash=token.token_hash))


def test_a_token_needs_an_existing_user(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(Conflict):
        _add(uow_factory, _token(str(uuid.uuid4())))


def test_revoke_succeeds_once(uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]) -> None:
    token = _token(new_user())
    _add(uow_factory, token)

    with uow_factory() as uow:
        outcomes = [uow.refresh_tokens.revoke(token.id, NOW), uow.refresh_tokens.revoke(token.id, LATER)]
        assert uow.refresh_tokens.revoke(str(uuid.uuid4()), NOW) is False
        assert uow.refresh_tokens.revoke("not-a-uuid", NOW) is False
        uow.commit()

    assert outcomes == [True, False]
    assert _stored(uow_factory, token).revoked_at == NOW


def test_concurrent_revocations_of_one_token_have_one_winner(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str], run_concurrently: Callable[..., list[Any]]
) -> None:
    token = _token(new_user())
    _add(uow_factory, token)

    def revoke(index: int) -> bool:
        with uow_factory() as uow:
            revoked = uow.refresh_tokens.revoke(token.id, NOW + timedelta(seconds=index))
            uow.commit()
        return revoked

    outcomes = run_concurrently(20, revoke)

    assert sorted(outcomes) == [False] * 19 + [True]
    assert _stored(uow_factory, token).revoked_at == NOW + timedelta(seconds=outcomes.index(True))


def test_revoke_family_revokes_the_live_tokens_of_that_family_only(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]
) -> None:
    user_id, family_id = new_user(), str(uuid.uuid4())
    live = [_token(user_id, family_id) for _ in range(3)]
    already_revoked = _token(user_id, family_id, revoked_at=NOW)
    other_family = _token(user_id)
    _add(uow_factory, *live, already_revoked, other_family)

    with uow_factory() as uow:
        revoked = uow.refresh_tokens.revoke_family(family_id, LATER)
        assert uow.refresh_tokens.revoke_family(str(uuid.uuid4()), LATER) == 0
        uow.commit()

    assert revoked == 3
    assert all(_stored(uow_factory, token).revoked_at == LATER for token in live)
    assert _stored(uow_factory, already_revoked).revoked_at == NOW
    assert _stored(uow_factory, other_family).revoked_at is None


def test_revoke_all_for_user_revokes_every_family_of_that_user_only(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]
) -> None:
    user_id, other_user_id = new_user(), new_user()
    own = [_token(user_id), _token(user_id), _token(user_id)]
    already_revoked = _token(user_id, revoked_at=NOW)
    someone_elses = _token(other_user_id)
    _add(uow_factory, *own, already_revoked, someone_elses)

    with uow_factory() as uow:
        revoked = uow.refresh_tokens.revoke_all_for_user(user_id, LATER)
        uow.commit()

    assert revoked == 3
    assert all(_stored(uow_factory, token).revoked_at == LATER for token in own)
    assert _stored(uow_factory, already_revoked).revoked_at == NOW
    assert _stored(uow_factory, someone_elses).revoked_at is None
