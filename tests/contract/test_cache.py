"""The Cache contract, run against every adapter: in-process memory and Redis."""
from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

import pytest
import redis

from rozgar_adapters.memory.cache import MemoryCache
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.redis import make_redis_client
from rozgar_adapters.redis.cache import RedisCache
from rozgar_core.ports import Cache


@dataclass
class CacheUnderTest:
    cache: Cache
    wait: Callable[[float], object]  # lets time pass: the manual clock for memory, real time for Redis


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def subject(request: pytest.FixtureRequest) -> Iterator[CacheUnderTest]:
    if request.param == "memory":
        clock = ManualClock()
        yield CacheUnderTest(MemoryCache(clock), clock.advance)
        return
    with make_redis_client(request.getfixturevalue("redis_url")) as client:
        yield CacheUnderTest(RedisCache(client, prefix=request.getfixturevalue("redis_prefix")), time.sleep)


def test_set_get_and_overwrite_unicode_values_and_refuse_unusable_ones(subject: CacheUnderTest) -> None:
    cache = subject.cache
    value = '{"name": "रवि कुमार", "bio": "ಪ್ಲಂಬರ್ 🔧\\n", "city": "Zürich"}\nline two'
    assert cache.get("हिंदी:1") is None
    cache.set("हिंदी:1", "first", 60)
    cache.set("हिंदी:1", value, 60)
    assert cache.get("हिंदी:1") == value
    assert cache.get("हिंदी:2") is None
    with pytest.raises(TypeError):
        cache.set("k", 5, 60)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cache.set("k", "v", 0)
    assert cache.get("k") is None


def test_delete_removes_values_and_counters_and_ignores_missing_keys(subject: CacheUnderTest) -> None:
    cache = subject.cache
    for key in ("a", "b", "c"):
        cache.set(key, key.upper(), 60)
    assert cache.incr("gen") == 1
    cache.delete("a", "b", "gen", "never-set")
    cache.delete()
    assert [cache.get(key) for key in ("a", "b", "c", "gen")] == [None, None, "C", None]
    assert cache.incr("gen") == 1


def test_values_expire_after_their_ttl_and_counters_never(subject: CacheUnderTest) -> None:
    cache = subject.cache
    cache.set("short", "s", 1)
    cache.set("long", "l", 60)
    cache.set("renewed", "first", 1)
    cache.set("renewed", "second", 60)  # an overwrite replaces the TTL too
    cache.incr("gen")
    subject.wait(1.2)
    assert [cache.get(key) for key in ("short", "long", "renewed", "gen")] == [None, "l", "second", "1"]


def test_incr_counts_from_one_atomically_across_threads(subject: CacheUnderTest) -> None:
    def bump_fifty_times(_: int) -> list[int]:
        return [subject.cache.incr("hits") for _ in range(50)]

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = [value for batch in pool.map(bump_fifty_times, range(20)) for value in batch]
    assert sorted(results) == list(range(1, 1001))
    assert subject.cache.get("hits") == "1000"  # readers build keys from a generation without bumping it
    assert subject.cache.incr("other") == 1


def test_memory_expires_exactly_by_the_clock_and_evicts_the_least_recently_used_value() -> None:
    clock = ManualClock()
    cache = MemoryCache(clock, max_entries=3)
    cache.set("k", "v", 30)
    clock.advance(29.999)
    assert cache.get("k") == "v"
    clock.advance(0.001)
    assert cache.get("k") is None
    cache.incr("gen")
    for key in ("a", "b", "c"):
        cache.set(key, key, 60)
    assert cache.get("a") == "a"  # a read makes "a" recent: "b" is now the oldest
    cache.set("d", "d", 60)
    assert [cache.get(key) for key in ("a", "b", "c", "d")] == ["a", None, "c", "d"]
    assert cache.get("gen") == "1"
    pytest.raises(ValueError, MemoryCache, ManualClock(), max_entries=0)


def test_memory_stays_bounded_under_concurrent_use() -> None:
    cache = MemoryCache(ManualClock(), max_entries=50)

    def set_and_read(index: int) -> str | None:
        cache.set(str(index), "v", 60)
        return cache.get(str(index - 1))
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(set_and_read, range(4000)))
    assert len(cache) == 50


class BreakableClient:
    """Forwards every command to a real client, or fails it while `broken` is set."""

    def __init__(self, client: redis.Redis) -> None:
        self._client, self.broken = client, False

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.broken:
                raise redis.exceptions.ConnectionError("Connection reset by peer")
            return method(*args, **kwargs)
        return call


@pytest.mark.redis
def test_redis_keys_carry_the_prefix_and_the_ttl(redis_url: str, redis_prefix: str) -> None:
    with make_redis_client(redis_url) as redis_client:
        cache = RedisCache(redis_client, prefix=redis_prefix)
        cache.set("profile:1", "v", 90)
        cache.incr("gen")
        keys = sorted(key.decode() for key in redis_client.scan_iter(match=redis_prefix + "*"))
        assert keys == [f"{redis_prefix}cache:0:profile:1", f"{redis_prefix}cache:counter:gen"]
        assert 89_000 < redis_client.pttl(f"{redis_prefix}cache:0:profile:1") <= 90_000
        assert redis_client.pttl(f"{redis_prefix}cache:counter:gen") == -1


@pytest.mark.redis
def test_redis_outage_then_recovery_hides_entries_written_before_it(
    redis_url: str, redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    with make_redis_client(redis_url) as redis_client:
        proxy = BreakableClient(redis_client)
        cache = RedisCache(cast(redis.Redis, proxy), prefix=redis_prefix, retry_interval_seconds=0)
        caplog.set_level(logging.INFO, logger="rozgar.cache")
        cache.set("search:gen1:plumber", "stale results", 60)
        cache.set("profile:1", "old profile", 60)
        assert cache.incr("labours:generation") == 1

        proxy.broken = True
        assert cache.incr("labours:generation") == 0  # this bump is lost...
        cache.delete("profile:1")  # ...and so is this eviction
        proxy.broken = False

        assert cache.get("search:gen1:plumber") is None  # ...yet nothing from before the outage is served
        assert cache.get("profile:1") is None
        assert cache.get("labours:generation") == "1"  # counters survive the epoch change
        assert cache.incr("labours:generation") == 2
        cache.set("profile:1", "new profile", 60)
        assert cache.get("profile:1") == "new profile"
        assert redis_client.get(f"{redis_prefix}cache-epoch") == b"1"
        records = [r for r in caplog.records if r.name == "rozgar.cache"]
        assert [r.levelno for r in records] == [logging.WARNING, logging.INFO]
        assert records[1].getMessage().startswith("cache recovered")
        assert "old profile" not in caplog.text and "stale results" not in caplog.text


@pytest.fixture(params=["refused", "silent"])
def unreachable_client(request: pytest.FixtureRequest) -> Iterator[redis.Redis]:
    """A client whose server refuses connections, or accepts them and never answers."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = 1 if request.param == "refused" else silent.getsockname()[1]
        with make_redis_client(f"redis://127.0.0.1:{port}", socket_timeout=0.2) as client:
            yield client


def test_unreachable_redis_is_an_empty_cache_that_warns_once(
    unreachable_client: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    cache = RedisCache(unreachable_client, retry_interval_seconds=0)  # every call tries Redis again
    caplog.set_level(logging.INFO, logger="rozgar.cache")
    for _ in range(2):
        assert cache.get("k") is None
        cache.set("k", "secret-value", 60)
        cache.delete("k", "j")
        assert cache.incr("gen") == 0
    assert [r.levelno for r in caplog.records if r.name == "rozgar.cache"] == [logging.WARNING]
    assert "secret-value" not in caplog.text
    patient = RedisCache(unreachable_client)  # after a failure, not asked again for a second
    assert patient.get("k") is None
    started = time.monotonic()
    patient.set("k", "v", 60)
    assert [patient.incr("gen"), patient.get("k")] == [0, None]
    assert time.monotonic() - started < 0.05


def test_get_many_reads_values_and_counters_in_order_with_gaps(subject: CacheUnderTest) -> None:
    cache = subject.cache
    cache.set("first", "1st", 1)
    cache.set("third", "३rd", 60)
    assert cache.incr("generation") == 1
    assert cache.incr("generation") == 2
    keys = ["missing", "first", "generation", "also-missing", "third"]
    assert cache.get_many(keys) == [None, "1st", "2", None, "३rd"]
    assert cache.get_many([]) == []
    subject.wait(1.2)
    assert cache.get_many(["first", "generation", "third"]) == [None, "2", "३rd"]
