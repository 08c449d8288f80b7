"""Refresh-token rotation, replay detection, absolute expiry, logout and Authenticate."""
from __future__ import annotations

from dataclasses import astuple
from datetime import timedelta

import pytest
from auth_harness import OTHER_PHONE, make_world

from rozgar_core.errors import TokenInvalid
from rozgar_core.use_cases.auth.policy import refresh_token_digest


def test_a_refresh_token_is_256_random_bits_stored_only_as_a_hash() -> None:
    world = make_world()
    pair = world.login().tokens
    assert len(pair.refresh_token) >= 43  # 32 bytes, URL-safe base64
    (stored,) = world.store.refresh_tokens.values()
    assert stored.token_hash == refresh_token_digest(pair.refresh_token)
    assert all(pair.refresh_token not in str(value) for value in astuple(stored))


def test_refreshing_rotates_both_tokens() -> None:
    world = make_world()
    first = world.login().tokens
    world.clock.advance(600)
    second = world.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert world.authenticate(second.access_token).user_id == world.authenticate(first.access_token).user_id
    assert world.refresh(second.refresh_token).refresh_token


def test_an_unknown_refresh_token_is_refused() -> None:
    world = make_world()
    world.login()
    with pytest.raises(TokenInvalid):
        world.refresh("not-a-token-we-issued")


def test_replaying_a_rotated_token_revokes_the_whole_family() -> None:
    world = make_world()
    first = world.login().tokens
    second = world.refresh(first.refresh_token)
    with pytest.raises(TokenInvalid) as caught:
        world.refresh(first.refresh_token)
    assert caught.value.code == "TOKEN_REUSED"
    with pytest.raises(TokenInvalid):
        world.refresh(second.refresh_token)


def test_the_revocation_caused_by_a_replay_is_committed() -> None:
    world = make_world()
    first = world.login().tokens
    second = world.refresh(first.refresh_token)
    with pytest.raises(TokenInvalid):
        world.refresh(first.refresh_token)
    with world.uow() as uow:
        latest = uow.refresh_tokens.get_by_hash(refresh_token_digest(second.refresh_token))
    assert latest is not None and latest.revoked_at == world.clock.now()
    assert all(token.revoked_at is not None for token in world.store.refresh_tokens.values())


def test_a_replay_ends_only_the_leaked_session_not_the_users_other_devices() -> None:
    world = make_world()
    phone_a = world.login().tokens
    world.clock.advance(60)
    phone_b = world.login().tokens
    world.refresh(phone_a.refresh_token)
    with pytest.raises(TokenInvalid):
        world.refresh(phone_a.refresh_token)
    assert world.refresh(phone_b.refresh_token).access_token


def test_rotated_tokens_keep_the_first_absolute_expiry() -> None:
    world = make_world()
    login_at = world.clock.now()
    pair = world.login().tokens
    assert pair.refresh_expires_at == login_at + timedelta(days=30)
    world.clock.advance(29 * 86400)
    pair = world.refresh(pair.refresh_token)
    assert pair.refresh_expires_at == login_at + timedelta(days=30)
    world.clock.advance(86400)
    with pytest.raises(TokenInvalid):
        world.refresh(pair.refresh_token)


def test_a_refresh_token_works_until_the_end_of_its_30_days() -> None:
    world = make_world()
    pair = world.login().tokens
    world.clock.advance(30 * 86400 - 1)
    assert world.refresh(pair.refresh_token).access_token


def test_the_refresh_lifetime_follows_the_policy() -> None:
    world = make_world(refresh_ttl_seconds=3600)
    pair = world.login().tokens
    world.clock.advance(3600)
    with pytest.raises(TokenInvalid):
        world.refresh(pair.refresh_token)


def test_a_suspended_user_cannot_refresh() -> None:
    world = make_world()
    pair = world.login().tokens
    world.suspend(world.authenticate(pair.access_token).user_id)
    with pytest.raises(TokenInvalid):
        world.refresh(pair.refresh_token)


def test_logout_ends_the_session_and_stops_the_access_token_at_once() -> None:
    world = make_world()
    pair = world.login().tokens
    world.clock.advance(5)
    world.logout(pair.access_token, pair.refresh_token)
    with pytest.raises(TokenInvalid):
        world.authenticate(pair.access_token)
    with pytest.raises(TokenInvalid):
        world.refresh(pair.refresh_token)


def test_logout_leaves_the_users_other_devices_logged_in() -> None:
    world = make_world()
    phone_a = world.login().tokens
    world.clock.advance(60)
    phone_b = world.login().tokens
    world.logout(phone_a.access_token, phone_a.refresh_token)
    assert world.authenticate(phone_b.access_token).user_id
    assert world.refresh(phone_b.refresh_token).access_token


def test_logout_from_all_devices_ends_every_session_of_the_user() -> None:
    world = make_world()
    phone_a = world.login().tokens
    world.clock.advance(60)
    phone_b = world.login().tokens
    world.clock.advance(60)
    world.logout(phone_a.access_token, phone_a.refresh_token, all_devices=True)
    for pair in (phone_a, phone_b):
        with pytest.raises(TokenInvalid):
            world.authenticate(pair.access_token)
        with pytest.raises(TokenInvalid):
            world.refresh(pair.refresh_token)


def test_logout_from_all_devices_does_not_touch_other_users() -> None:
    world = make_world()
    mine = world.login().tokens
    theirs = world.login(OTHER_PHONE).tokens
    world.clock.advance(60)
    world.logout(mine.access_token, None, all_devices=True)
    assert world.authenticate(theirs.access_token).user_id
    assert world.refresh(theirs.refresh_token).access_token


def test_a_login_after_logout_from_all_devices_works() -> None:
    world = make_world()
    old = world.login().tokens
    world.clock.advance(60)
    world.logout(old.access_token, old.refresh_token, all_devices=True)
    world.clock.advance(60)
    new = world.login().tokens
    assert world.authenticate(new.access_token).user_id
    assert world.refresh(new.refresh_token).access_token


def test_logout_with_only_the_refresh_token_ends_that_session() -> None:
    world = make_world()
    pair = world.login().tokens
    world.logout(None, pair.refresh_token)
    with pytest.raises(TokenInvalid):
        world.refresh(pair.refresh_token)


def test_logout_with_neither_token_is_refused() -> None:
    world = make_world()
    with pytest.raises(TokenInvalid):
        world.logout(None, None)


def test_logout_cannot_end_another_users_session() -> None:
    world = make_world()
    mine = world.login().tokens
    theirs = world.login(OTHER_PHONE).tokens
    world.logout(mine.access_token, theirs.refresh_token)
    assert world.refresh(theirs.refresh_token).access_token


def test_authenticate_returns_the_claims_of_a_live_token() -> None:
    world = make_world()
    pair = world.login().tokens
    claims = world.authenticate(pair.access_token)
    assert claims.phone == "+919876543210" and claims.expires_at == pair.access_expires_at


def test_authenticate_refuses_a_revoked_jti() -> None:
    world = make_world()
    pair = world.login().tokens
    claims = world.authenticate(pair.access_token)
    world.denylist.revoke_token(claims.jti, claims.expires_at)
    with pytest.raises(TokenInvalid):
        world.authenticate(pair.access_token)


def test_authenticate_refuses_an_expired_access_token() -> None:
    world = make_world()
    pair = world.login().tokens
    world.clock.advance(15 * 60)
    with pytest.raises(TokenInvalid):
        world.authenticate(pair.access_token)
