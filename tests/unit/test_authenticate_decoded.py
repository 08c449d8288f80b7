"""Authenticate.verify_decoded: claims decoded earlier in the request still face the expiry and the denylist."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.denylist import MemoryTokenDenylist
from rozgar_adapters.memory.tokens import MemoryAccessTokenCodec
from rozgar_core.errors import DependencyUnavailable, TokenInvalid
from rozgar_core.model import AccessClaims
from rozgar_core.use_cases.auth import Authenticate


class CountingCodec(MemoryAccessTokenCodec):
    def __init__(self) -> None:
        super().__init__()
        self.decodes = 0

    def decode(self, token: str, now: datetime) -> AccessClaims:
        self.decodes += 1
        return super().decode(token, now)


class DownDenylist(MemoryTokenDenylist):
    def is_revoked(self, claims: AccessClaims) -> bool:
        raise DependencyUnavailable("token denylist")


@dataclass
class World:
    clock: ManualClock = field(default_factory=ManualClock)
    codec: CountingCodec = field(default_factory=CountingCodec)

    def __post_init__(self) -> None:
        self.denylist = MemoryTokenDenylist(self.clock)

    @property
    def authenticate(self) -> Authenticate:
        return Authenticate(self.codec, self.denylist, self.clock)

    def issue(self) -> tuple[str, AccessClaims]:
        token = self.codec.issue("user-1", "+919876543210", self.clock.now()).token
        return token, self.codec.decode(token, self.clock.now())


def test_live_claims_are_accepted_without_decoding_again() -> None:
    world = World()
    _, claims = world.issue()
    decodes = world.codec.decodes
    assert world.authenticate.verify_decoded(claims) == claims
    assert world.codec.decodes == decodes


def test_claims_of_a_revoked_token_are_refused() -> None:
    world = World()
    _, claims = world.issue()
    world.denylist.revoke_token(claims.jti, claims.expires_at)
    with pytest.raises(TokenInvalid):
        world.authenticate.verify_decoded(claims)


def test_claims_of_a_user_whose_tokens_were_revoked_are_refused() -> None:
    world = World()
    _, claims = world.issue()
    world.clock.advance(1)
    world.denylist.revoke_user_tokens(claims.user_id, world.clock.now(), claims.expires_at)
    with pytest.raises(TokenInvalid):
        world.authenticate.verify_decoded(claims)


def test_claims_that_expired_since_they_were_decoded_are_refused() -> None:
    world = World()
    _, claims = world.issue()
    world.clock.set(claims.expires_at)
    with pytest.raises(TokenInvalid):
        world.authenticate.verify_decoded(claims)


def test_a_denylist_outage_accepts_live_claims_as_a_token_does() -> None:
    world = World()
    token, claims = world.issue()
    world.denylist = DownDenylist(world.clock)
    assert world.authenticate.verify_decoded(claims) == claims
    assert world.authenticate(token) == claims
    world.denylist = MemoryTokenDenylist(world.clock)
    assert world.authenticate.verify_decoded(claims) == claims  # the outage is over


def test_a_denylist_outage_still_refuses_expired_claims() -> None:
    world = World()
    _, claims = world.issue()
    world.denylist = DownDenylist(world.clock)
    world.clock.set(claims.expires_at)
    with pytest.raises(TokenInvalid):
        world.authenticate.verify_decoded(claims)


def test_calling_with_a_token_decodes_it_then_checks_the_claims() -> None:
    world = World()
    token, claims = world.issue()
    decodes = world.codec.decodes
    assert world.authenticate(token) == claims
    assert world.codec.decodes == decodes + 1
    world.denylist.revoke_token(claims.jti, claims.expires_at)
    with pytest.raises(TokenInvalid):
        world.authenticate(token)


def test_an_unknown_token_is_refused() -> None:
    with pytest.raises(TokenInvalid):
        World().authenticate("not-a-token")


class UnaskedDenylist(MemoryTokenDenylist):
    def is_revoked(self, claims: AccessClaims) -> bool:
        raise AssertionError("the denylist's answer was given: it must not be read again")


def test_checked_claims_follow_the_answer_given_without_reading_the_denylist() -> None:
    world = World()
    _, claims = world.issue()
    world.denylist = UnaskedDenylist(world.clock)
    assert world.authenticate.verify_checked(claims, revoked=False) == claims
    with pytest.raises(TokenInvalid):
        world.authenticate.verify_checked(claims, revoked=True)


def test_checked_claims_that_expired_are_refused_even_when_not_revoked() -> None:
    world = World()
    _, claims = world.issue()
    world.clock.set(claims.expires_at)
    with pytest.raises(TokenInvalid):
        world.authenticate.verify_checked(claims, revoked=False)


def test_an_answer_given_ends_a_denylist_outage(caplog: pytest.LogCaptureFixture) -> None:
    world = World()
    _, claims = world.issue()
    world.denylist = DownDenylist(world.clock)
    with caplog.at_level("INFO", logger="rozgar.auth"):
        world.authenticate.verify_decoded(claims)
        world.authenticate.verify_checked(claims, revoked=False)
    assert [record.getMessage() for record in caplog.records] == [
        "token denylist unavailable: accepting unexpired tokens until it returns",
        "token denylist available again",
    ]
