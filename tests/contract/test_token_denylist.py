"""The TokenDenylist contract, run against every adapter: in-process memory and Redis."""
from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis

from rozgar_adapters.memory.denylist import MemoryTokenDenylist
from rozgar_adapters.redis import RedisTokenDenylist, make_redis_client
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import AccessClaims
from rozgar_core.ports import TokenDenylist

MS = timedelta(milliseconds=1)
ACCESS_TTL = timedelta(minutes=15)


class WallClock:
    """Real time: Redis expires keys by its own clock, so the suite waits for real."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def denylist(request: pytest.FixtureRequest) -> Iterator[TokenDenylist]:
    if request.param == "memory":
        yield MemoryTokenDenylist(WallClock())
        return
    client = make_redis_client(request.getfixturevalue("redis_url"))
    yield RedisTokenDenylist(client, WallClock(), prefix=request.getfixturevalue("redis_prefix"))
    client.close()


def claims(user_id: str = "user-1", jti: str = "jti-1", issued_at: datetime | None = None) -> AccessClaims:
    issued = issued_at or datetime.now(UTC)
    return AccessClaims(user_id, "+919876543210", jti, issued, issued + ACCESS_TTL)


def test_unknown_tokens_are_not_revoked(denylist: TokenDenylist) -> None:
    assert not denylist.is_revoked(claims())


def test_a_revoked_jti_is_refused_and_only_that_one(denylist: TokenDenylist) -> None:
    token = claims(jti="logged-out")
    denylist.revoke_token(token.jti, token.expires_at)

    assert denylist.is_revoked(token)
    assert not denylist.is_revoked(claims(jti="another-session"))


def test_a_revoked_jti_expires_at_until(denylist: TokenDenylist) -> None:
    denylist.revoke_token("short", datetime.now(UTC) + timedelta(milliseconds=300))
    assert denylist.is_revoked(claims(jti="short"))

    time.sleep(0.45)
    assert not denylist.is_revoked(claims(jti="short"))


def test_revoking_until_the_past_stores_nothing(denylist: TokenDenylist) -> None:
    past = datetime.now(UTC) - timedelta(seconds=1)
    denylist.revoke_token("old", past)
    denylist.revoke_user_tokens("user-1", datetime.now(UTC), past)

    assert not denylist.is_revoked(claims(jti="old", issued_at=past - timedelta(minutes=1)))


def test_a_second_revocation_never_shortens_the_first(denylist: TokenDenylist) -> None:
    now = datetime.now(UTC)
    denylist.revoke_token("twice", now + timedelta(minutes=10))
    denylist.revoke_token("twice", now + timedelta(milliseconds=200))

    time.sleep(0.3)
    assert denylist.is_revoked(claims(jti="twice"))


def test_user_revocation_refuses_tokens_issued_before_the_cutoff_to_the_millisecond(
    denylist: TokenDenylist,
) -> None:
    cutoff = datetime.now(UTC)
    denylist.revoke_user_tokens("user-1", cutoff, cutoff + ACCESS_TTL)

    assert denylist.is_revoked(claims(jti="old", issued_at=cutoff - MS))
    assert not denylist.is_revoked(claims(jti="at-cutoff", issued_at=cutoff))
    assert not denylist.is_revoked(claims(jti="new", issued_at=cutoff + MS))
    assert not denylist.is_revoked(claims(user_id="user-2", jti="other", issued_at=cutoff - MS))


def test_user_revocation_keeps_the_latest_cutoff(denylist: TokenDenylist) -> None:
    earlier = datetime.now(UTC)
    later = earlier + timedelta(seconds=5)
    middle = claims(jti="middle", issued_at=earlier + timedelta(seconds=2))

    denylist.revoke_user_tokens("user-1", later, later + ACCESS_TTL)
    denylist.revoke_user_tokens("user-1", earlier, earlier + ACCESS_TTL)
    assert denylist.is_revoked(middle)

    denylist.revoke_user_tokens("user-2", earlier, earlier + ACCESS_TTL)
    denylist.revoke_user_tokens("user-2", later, later + ACCESS_TTL)
    assert denylist.is_revoked(claims(user_id="user-2", jti="m2", issued_at=middle.issued_at))
    assert not denylist.is_revoked(claims(user_id="user-2", jti="n2", issued_at=later + MS))


def test_user_revocation_expires_at_until(denylist: TokenDenylist) -> None:
    cutoff = datetime.now(UTC)
    denylist.revoke_user_tokens("user-1", cutoff, cutoff + timedelta(milliseconds=300))
    old = claims(jti="old", issued_at=cutoff - timedelta(seconds=1))
    assert denylist.is_revoked(old)

    time.sleep(0.45)
    assert not denylist.is_revoked(old)


@pytest.mark.redis
def test_redis_keys_are_prefixed_and_carry_the_remaining_lifetime(
    redis_url: str, redis_prefix: str
) -> None:
    client = make_redis_client(redis_url)
    denylist = RedisTokenDenylist(client, WallClock(), prefix=redis_prefix)
    now = datetime.now(UTC)
    denylist.revoke_token("j", now + timedelta(seconds=60))
    denylist.revoke_user_tokens("u", now, now + timedelta(seconds=120))

    assert 58_000 < client.pttl(f"{redis_prefix}denylist:jti:j") <= 60_000
    assert 118_000 < client.pttl(f"{redis_prefix}denylist:user:u") <= 120_000
    client.close()


def test_redis_down_is_dependency_unavailable() -> None:
    client = make_redis_client("redis://127.0.0.1:1", connect_timeout=0.5)
    denylist = RedisTokenDenylist(client, WallClock())
    until = datetime.now(UTC) + ACCESS_TTL

    with pytest.raises(DependencyUnavailable):
        denylist.revoke_token("j", until)
    with pytest.raises(DependencyUnavailable):
        denylist.revoke_user_tokens("u", datetime.now(UTC), until)
    with pytest.raises(DependencyUnavailable):
        denylist.is_revoked(claims())


class SteppedClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


def test_memory_entries_expire_by_the_injected_clock() -> None:
    clock = SteppedClock(datetime(2024, 5, 1, 10, 0, tzinfo=UTC))
    denylist = MemoryTokenDenylist(clock)
    issued = clock.current - timedelta(minutes=1)
    denylist.revoke_token("j", clock.current + ACCESS_TTL)
    denylist.revoke_user_tokens("user-1", clock.current, clock.current + ACCESS_TTL)

    clock.current += ACCESS_TTL - MS
    assert denylist.is_revoked(claims(jti="j", user_id="someone", issued_at=issued))
    assert denylist.is_revoked(claims(jti="other", issued_at=issued))

    clock.current += MS
    assert not denylist.is_revoked(claims(jti="j", user_id="someone", issued_at=issued))
    assert not denylist.is_revoked(claims(jti="other", issued_at=issued))


class _CountingDeadClient:
    """Stands in for a Redis client whose server does not answer."""

    def __init__(self) -> None:
        self.reads = 0

    def register_script(self, script: str) -> object:
        return object()

    def mget(self, *keys: str) -> list[object]:
        self.reads += 1
        raise redis.exceptions.TimeoutError("Timeout reading from socket")


def test_after_a_failed_read_the_next_reads_answer_at_once_without_asking_redis() -> None:
    client = _CountingDeadClient()
    denylist = RedisTokenDenylist(client, WallClock())  # type: ignore[arg-type]

    for _ in range(5):
        with pytest.raises(DependencyUnavailable):
            denylist.is_revoked(claims())

    assert client.reads == 1
