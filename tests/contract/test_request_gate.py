"""The RequestGate contract: the composite gate over in-process adapters and the one-script gate on
Redis answer as `RateLimiter.hit` and `TokenDenylist.is_revoked` would, each on its own."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from rozgar_adapters.memory.denylist import MemoryTokenDenylist
from rozgar_adapters.memory.rate_limiter import MemoryRateLimiter
from rozgar_adapters.redis import RedisTokenDenylist, make_redis_client
from rozgar_adapters.redis.rate_limiter import RedisRateLimiter
from rozgar_adapters.redis.request_gate import RedisRequestGate
from rozgar_adapters.request_gate import CompositeRequestGate
from rozgar_adapters.wiring import build_request_gate
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import AccessClaims
from rozgar_core.ports import RateLimiter, RateRule, RequestGate, TokenDenylist

ACCESS_TTL = timedelta(minutes=15)
RULE = RateRule("general:user:u-1", 3, 60)


class WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Gated:
    gate: RequestGate
    limiter: RateLimiter
    denylist: TokenDenylist


@pytest.fixture(params=["composite", pytest.param("redis", marks=pytest.mark.redis)])
def gated(request: pytest.FixtureRequest) -> Iterator[Gated]:
    if request.param == "composite":
        limiter, denylist = MemoryRateLimiter(), MemoryTokenDenylist(WallClock())
        yield Gated(CompositeRequestGate(limiter, denylist), limiter, denylist)
        return
    client = make_redis_client(request.getfixturevalue("redis_url"))
    prefix = request.getfixturevalue("redis_prefix")
    redis_limiter = RedisRateLimiter(client, prefix=prefix)
    redis_denylist = RedisTokenDenylist(client, WallClock(), prefix=prefix)
    yield Gated(RedisRequestGate(redis_limiter, redis_denylist), redis_limiter, redis_denylist)
    client.close()


def claims(user_id: str = "u-1", jti: str = "jti-1", issued_at: datetime | None = None) -> AccessClaims:
    issued = issued_at or datetime.now(UTC)
    return AccessClaims(user_id, "+919876543210", jti, issued, issued + ACCESS_TTL)


def test_a_request_within_its_limit_with_a_valid_token_is_admitted(gated: Gated) -> None:
    admission = gated.gate.admit([RULE], claims(), datetime.now(UTC))
    assert admission.decision.allowed and admission.decision.retry_after == 0
    assert admission.revoked is False


def test_admitting_counts_one_event_as_hit_does_and_refuses_past_the_limit(gated: Gated) -> None:
    now = datetime.now(UTC)
    decisions = [gated.gate.admit([RULE], claims(), now).decision for _ in range(4)]

    assert [decision.allowed for decision in decisions] == [True, True, True, False]
    assert 0 < decisions[-1].retry_after <= 60
    assert not gated.limiter.check([RULE], now).allowed
    assert gated.limiter.check([RateRule("general:user:u-2", 3, 60)], now).allowed


def test_a_refused_request_counts_nothing(gated: Gated) -> None:
    now = datetime.now(UTC)
    for _ in range(3):
        gated.limiter.hit([RULE], now)
    assert not gated.gate.admit([RULE], claims(), now).decision.allowed

    later = now + timedelta(seconds=61)
    assert [gated.gate.admit([RULE], claims(), later).decision.allowed for _ in range(4)] == [True] * 3 + [False]


def test_a_revoked_token_is_reported_whatever_the_rate_decision(gated: Gated) -> None:
    now = datetime.now(UTC)
    token = claims(jti="logged-out")
    gated.denylist.revoke_token(token.jti, token.expires_at)

    answers = [gated.gate.admit([RULE], token, now) for _ in range(4)]

    assert [answer.revoked for answer in answers] == [True] * 4
    assert [answer.decision.allowed for answer in answers] == [True, True, True, False]
    assert gated.gate.admit([RULE], claims(jti="another-session"), now).revoked is False


def test_a_user_cut_off_revokes_the_tokens_issued_before_it_only(gated: Gated) -> None:
    cut_off = datetime.now(UTC)
    gated.denylist.revoke_user_tokens("u-1", cut_off, cut_off + ACCESS_TTL)
    before = claims(issued_at=cut_off - timedelta(milliseconds=1))
    at = claims(issued_at=cut_off)

    assert gated.gate.admit([RULE], before, cut_off).revoked is True
    assert gated.gate.admit([RULE], at, cut_off).revoked is False
    assert gated.gate.admit([RULE], claims(user_id="u-2", issued_at=before.issued_at), cut_off).revoked is False


def test_without_rules_the_request_is_allowed_and_the_token_still_checked(gated: Gated) -> None:
    token = claims(jti="gone")
    gated.denylist.revoke_token(token.jti, token.expires_at)
    admission = gated.gate.admit([], token, datetime.now(UTC))
    assert admission.decision.allowed and admission.revoked is True


@pytest.mark.redis
def test_the_redis_gate_answers_in_one_round_trip(redis_url: str, redis_prefix: str) -> None:
    client = make_redis_client(redis_url)
    commands: list[str] = []
    real = client.execute_command

    def counting(*args: object, **kwargs: object) -> object:
        commands.append(str(args[0]))
        return real(*args, **kwargs)

    gate = RedisRequestGate(
        RedisRateLimiter(client, prefix=redis_prefix), RedisTokenDenylist(client, WallClock(), prefix=redis_prefix)
    )
    gate.admit([RULE], claims(), datetime.now(UTC))  # loads the script
    commands.clear()
    client.execute_command = counting  # type: ignore[method-assign]

    gate.admit([RULE], claims(), datetime.now(UTC))

    assert commands == ["EVALSHA"]
    client.close()


def test_redis_down_is_dependency_unavailable() -> None:
    client = make_redis_client("redis://127.0.0.1:1", connect_timeout=0.5)
    gate = RedisRequestGate(RedisRateLimiter(client), RedisTokenDenylist(client, WallClock()))
    with pytest.raises(DependencyUnavailable):
        gate.admit([RULE], claims(), datetime.now(UTC))


def test_the_adapters_of_one_redis_make_the_one_script_gate_and_any_other_pair_the_composite() -> None:
    client = make_redis_client("redis://127.0.0.1:1", connect_timeout=0.5)
    other = make_redis_client("redis://127.0.0.1:1", connect_timeout=0.5)
    redis_limiter, redis_denylist = RedisRateLimiter(client), RedisTokenDenylist(client, WallClock())

    assert isinstance(build_request_gate(redis_limiter, redis_denylist), RedisRequestGate)
    assert isinstance(build_request_gate(redis_limiter, MemoryTokenDenylist(WallClock())), CompositeRequestGate)
    assert isinstance(build_request_gate(MemoryRateLimiter(), redis_denylist), CompositeRequestGate)
    assert isinstance(
        build_request_gate(redis_limiter, RedisTokenDenylist(other, WallClock())), CompositeRequestGate
    )
    with pytest.raises(ValueError):
        RedisRequestGate(redis_limiter, RedisTokenDenylist(other, WallClock()))
