"""Best-effort cache on Redis: an outage makes it empty, and nothing written before one is read again."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import redis

from rozgar_adapters.memory.cache import check_entry

logger = logging.getLogger("rozgar.cache")

_Result = TypeVar("_Result")
_REDIS_ERRORS = (redis.exceptions.RedisError, OSError)

# Data keys are built inside the scripts so that the epoch is read in the same round trip that uses it
# (keys not passed in KEYS: fine on a standalone Redis or a replica set, not on Redis Cluster).
# KEYS[1]: the epoch key. ARGV[1]: the data key prefix; a data key is ARGV[1] .. epoch .. ':' .. key.

# KEYS[2]: the key's counter. ARGV[2]: the key. A counter wins over a value stored under the same key.
_GET_SCRIPT = """
local counter = redis.call('GET', KEYS[2])
if counter then return counter end
local epoch = redis.call('GET', KEYS[1]) or '0'
return redis.call('GET', ARGV[1] .. epoch .. ':' .. ARGV[2])
"""

# KEYS[i + 1]: the counter of the key ARGV[i + 1], for each of the keys asked for.
_GET_MANY_SCRIPT = """
local epoch = redis.call('GET', KEYS[1]) or '0'
local values = {}
for i = 2, #KEYS do
  values[i - 1] = redis.call('GET', KEYS[i]) or redis.call('GET', ARGV[1] .. epoch .. ':' .. ARGV[i])
end
return values
"""

# ARGV[2]: the key, ARGV[3]: the value, ARGV[4]: the TTL in seconds.
_SET_SCRIPT = """
local epoch = redis.call('GET', KEYS[1]) or '0'
redis.call('SET', ARGV[1] .. epoch .. ':' .. ARGV[2], ARGV[3], 'EX', ARGV[4])
return 1
"""

# KEYS[i] (i >= 2): the counter of the key ARGV[i]; both the value and the counter are removed.
_DELETE_SCRIPT = """
local epoch = redis.call('GET', KEYS[1]) or '0'
for i = 2, #ARGV do
  redis.call('DEL', ARGV[1] .. epoch .. ':' .. ARGV[i], KEYS[i])
end
return 1
"""


class RedisCache:
    """A cache shared by every worker that uses the same Redis and prefix; Redis trouble never fails a call.

    When a command fails or times out, `get` returns None, `set` and `delete` do nothing and `incr`
    returns 0. The outage is logged once at WARNING. For `retry_interval_seconds` after a failure Redis is
    not asked at all, then one call at a time probes it, so a hanging server costs one timeout per
    interval instead of one per call.

    An `incr` or `delete` lost in an outage would leave stale entries readable once Redis answers again
    (a search generation that was not bumped, a profile that was not evicted). So values live under an
    epoch, `{prefix}cache:{epoch}:{key}`, where the epoch is the integer at `{prefix}cache-epoch` (missing
    means 0) and is read by the same script that reads or writes the value. The first command after an
    outage is an INCR of the epoch: only once it succeeds is the cache used again (and "cache recovered"
    logged at INFO), and every value written before is out of reach, left to expire by its TTL.
    Counters (`incr`) live at `{prefix}cache:counter:{key}`, outside the epochs, so they keep growing;
    `get` of a counter's key returns its decimal value and `delete` resets it.
    """

    def __init__(
        self, client: redis.Redis, *, prefix: str = "rozgar:", retry_interval_seconds: float = 1.0
    ) -> None:
        self._client = client
        self._epoch_key = f"{prefix}cache-epoch"
        self._data_prefix = f"{prefix}cache:"
        self._counter_prefix = f"{prefix}cache:counter:"
        self._retry_interval = retry_interval_seconds
        self._get_script = client.register_script(_GET_SCRIPT)
        self._get_many_script = client.register_script(_GET_MANY_SCRIPT)
        self._set_script = client.register_script(_SET_SCRIPT)
        self._delete_script = client.register_script(_DELETE_SCRIPT)
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._probing = False
        self._failures = 0  # counts every failure, so a recovery cannot swallow one that raced with it

    def get(self, key: str) -> str | None:
        raw = self._run("get", lambda: self._get_script(
            keys=[self._epoch_key, self._counter_key(key)],
            args=[self._data_prefix, key],
            client=self._client,
        ), None)
        return _text(raw)

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        if not keys:
            return []
        raws = self._run("get", lambda: self._get_many_script(
            keys=[self._epoch_key, *map(self._counter_key, keys)],
            args=[self._data_prefix, *keys],
            client=self._client,
        ), None)
        if raws is None:
            return [None] * len(keys)
        # A missing key is false in the script's table (a nil would end it), and None here.
        return [_text(raw) for raw in raws]

    def set(self, key: str, value: str, ttl_seconds: int) -> None:
        check_entry(value, ttl_seconds)
        self._run("set", lambda: self._set_script(
            keys=[self._epoch_key],
            args=[self._data_prefix, key, value, ttl_seconds],
            client=self._client,
        ), None)

    def delete(self, *keys: str) -> None:
        if not keys:
            return
        self._run("delete", lambda: self._delete_script(
            keys=[self._epoch_key, *map(self._counter_key, keys)],
            args=[self._data_prefix, *keys],
            client=self._client,
        ), None)

    def incr(self, key: str) -> int:
        return int(self._run("incr", lambda: self._client.incr(self._counter_key(key)), 0))

    def _counter_key(self, key: str) -> str:
        return f"{self._counter_prefix}{key}"

    def _run(self, operation: str, command: Callable[[], _Result], fallback: _Result) -> _Result:
        if not self._usable():
            return fallback
        try:
            return command()
        except _REDIS_ERRORS as error:
            self._record_failure(operation, error)
            return fallback

    def _usable(self) -> bool:
        with self._lock:
            if self._down_since is None:
                return True
            # While down, one thread at a time probes Redis, and only once the retry interval has passed.
            if self._probing or time.monotonic() - self._down_since < self._retry_interval:
                return False
            self._probing, failures_seen = True, self._failures
        try:
            self._client.incr(self._epoch_key)
        except _REDIS_ERRORS as error:
            self._record_failure("epoch bump", error)
            return False
        finally:
            with self._lock:
                self._probing = False
        with self._lock:
            # A failure recorded after this bump started may have lost a write the bump does not cover:
            # stay down, and a later call bumps the epoch again.
            if self._failures != failures_seen:
                return True
            self._down_since = None
        logger.info("cache recovered; entries written before the outage will not be read")
        return True

    def _record_failure(self, operation: str, error: Exception) -> None:
        with self._lock:
            was_up = self._down_since is None
            self._down_since = time.monotonic()
            self._failures += 1
        if was_up:
            logger.warning(
                "cache unavailable, serving without it (%s failed: %s: %s)",
                operation, type(error).__name__, error,
            )


def _text(raw: object) -> str | None:
    if raw is None or raw is False:
        return None
    return raw.decode() if isinstance(raw, bytes) else str(raw)
