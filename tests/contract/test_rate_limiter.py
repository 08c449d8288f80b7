"""The RateLimiter contract, run against every adapter: in-process memory and Redis."""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from rozgar_adapters.memory.rate_limiter import MemoryRateLimiter
from rozgar_adapters.redis import RedisRateLimiter, make_redis_client
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.ports import RateDecision, RateLimiter, RateRule

T0 = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limiter(request: pytest.FixtureRequest) -> Iterator[RateLimiter]:
    if request.param == "memory":
        yield MemoryRateLimiter()
        return
    client = make_redis_client(request.getfixturevalue("redis_url"))
    yield RedisRateLimiter(client, prefix=request.getfixturevalue("redis_prefix"))
    client.close()


def test_allows_up_to_the_limit_then_gives_the_exact_retry_after(limiter: RateLimiter) -> None:
    rule = RateRule("otp:phone:+919876543210", limit=3, window_seconds=60)

    assert [limiter.hit([rule], at(s)) for s in (0, 10, 20)] == [RateDecision(True, 0)] * 3

    assert limiter.hit([rule], at(30)) == RateDecision(False, 30)
    assert limiter.hit([rule], at(30.5)) == RateDecision(False, 30)  # 29.5 s rounds up
    assert limiter.hit([rule], at(59.999)) == RateDecision(False, 1)
    assert limiter.hit([rule], at(60)) == RateDecision(True, 0)  # the event at 0 left (0, 60]


def test_window_rolls_event_by_event_not_in_fixed_buckets(limiter: RateLimiter) -> None:
    rule = RateRule("ip:10.0.0.1", limit=2, window_seconds=60)
    assert limiter.hit([rule], at(0)).allowed
    assert limiter.hit([rule], at(30)).allowed

    assert limiter.hit([rule], at(45)) == RateDecision(False, 15)
    assert limiter.hit([rule], at(60)) == RateDecision(True, 0)
    # A fixed one-minute bucket would have reset at 60; the window still holds 30 and 60.
    assert limiter.hit([rule], at(61)) == RateDecision(False, 29)
    assert limiter.hit([rule], at(90)) == RateDecision(True, 0)
    assert limiter.hit([rule], at(100)) == RateDecision(False, 20)


def test_a_blocked_hit_counts_nothing_in_any_rule(limiter: RateLimiter) -> None:
    per_phone = RateRule("phone:1", limit=1, window_seconds=3600)
    per_ip = RateRule("ip:1", limit=5, window_seconds=3600)

    assert limiter.hit([per_phone, per_ip], at(0)).allowed
    for second in range(1, 4):
        assert limiter.hit([per_phone, per_ip], at(second)) == RateDecision(False, 3600 - second)

    # Only the one allowed hit was counted in the IP rule: four more fit, the fifth does not.
    assert [limiter.hit([per_ip], at(10)).allowed for _ in range(5)] == [True] * 4 + [False]


def test_retry_after_is_the_longest_wait_of_the_blocking_rules(limiter: RateLimiter) -> None:
    short = RateRule("short", limit=1, window_seconds=60)
    long = RateRule("long", limit=1, window_seconds=600)
    roomy = RateRule("roomy", limit=100, window_seconds=60)
    assert limiter.hit([short, long, roomy], at(0)).allowed

    assert limiter.hit([short, long, roomy], at(10)) == RateDecision(False, 590)
    assert limiter.hit([short, roomy], at(10)) == RateDecision(False, 50)
    assert limiter.hit([short, long], at(100)) == RateDecision(False, 500)


def test_check_counts_nothing(limiter: RateLimiter) -> None:
    rule = RateRule("check", limit=2, window_seconds=60)
    for _ in range(10):
        assert limiter.check([rule], at(0)) == RateDecision(True, 0)

    assert limiter.hit([rule], at(1)).allowed
    assert limiter.hit([rule], at(2)).allowed
    assert limiter.check([rule], at(3)) == RateDecision(False, 58)
    assert limiter.check([rule], at(61)) == RateDecision(True, 0)
    assert limiter.hit([rule], at(61)).allowed
    assert limiter.check([rule], at(61)) == RateDecision(False, 1)


def test_keys_are_counted_separately(limiter: RateLimiter) -> None:
    first = RateRule("user:a", limit=1, window_seconds=60)
    second = RateRule("user:b", limit=1, window_seconds=60)
    assert limiter.hit([first], at(0)).allowed
    assert not limiter.hit([first], at(0)).allowed
    assert limiter.hit([second], at(0)).allowed


def test_concurrent_hits_never_exceed_the_limit(limiter: RateLimiter) -> None:
    rule = RateRule("burst", limit=5, window_seconds=60)
    start = threading.Barrier(20)

    def hit_once(index: int) -> bool:
        start.wait()
        return limiter.hit([rule], at(index / 1000)).allowed

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(hit_once, range(20)))

    assert results.count(True) == 5
    assert not limiter.check([rule], at(1)).allowed


def test_rejects_naive_times_and_impossible_rules(limiter: RateLimiter) -> None:
    with pytest.raises(ValueError):
        limiter.hit([RateRule("naive", 1, 60)], datetime(2024, 5, 1, 10, 0, 0))
    with pytest.raises(ValueError):
        limiter.hit([RateRule("zero", 0, 60)], T0)
    with pytest.raises(ValueError):
        limiter.check([RateRule("no-window", 1, 0)], T0)


def test_no_rules_is_always_allowed(limiter: RateLimiter) -> None:
    assert limiter.hit([], T0) == RateDecision(True, 0)


@pytest.mark.redis
def test_redis_keys_are_prefixed_and_expire_with_their_window(redis_url: str, redis_prefix: str) -> None:
    client = make_redis_client(redis_url)
    limiter = RedisRateLimiter(client, prefix=redis_prefix)
    limiter.hit([RateRule("k", 3, 90)], datetime.now(UTC))

    keys = [key.decode() for key in client.scan_iter(match=redis_prefix + "*")]
    assert keys == [f"{redis_prefix}rate:k"]
    assert 89_000 < client.pttl(keys[0]) <= 90_000
    client.close()


def test_redis_down_fails_closed() -> None:
    client = make_redis_client("redis://127.0.0.1:1", connect_timeout=0.5)
    limiter = RedisRateLimiter(client)
    with pytest.raises(DependencyUnavailable) as raised:
        limiter.hit([RateRule("k", 1, 60)], T0)
    assert raised.value.message == DependencyUnavailable.default_message
    with pytest.raises(DependencyUnavailable):
        limiter.check([RateRule("k", 1, 60)], T0)


def test_redis_that_never_answers_times_out_as_unavailable() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        client = make_redis_client(f"redis://127.0.0.1:{port}", socket_timeout=0.2)
        with pytest.raises(DependencyUnavailable):
            RedisRateLimiter(client).hit([RateRule("k", 1, 60)], T0)
        client.close()
