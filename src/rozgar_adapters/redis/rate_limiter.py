"""Rolling-window rate limiter on Redis: one sorted set of event times per key, one Lua script per call."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import redis

from rozgar_adapters.memory.rate_limiter import retry_after_seconds, to_epoch_ms, validate_rules
from rozgar_adapters.redis.client import redis_unavailable_on_error
from rozgar_core.ports import RateDecision, RateRule

# KEYS: one sorted set per distinct key (score = event time in ms).
# ARGV: now_ms, member, record (1/0), then per key its longest window in ms,
#       then per rule: key index (1-based), limit, window ms.
# Returns 0 when allowed (and, when recording, the event is counted in every key),
# otherwise the ms until every blocking rule has room again (and nothing is counted).
_HIT_SCRIPT = """
local now = tonumber(ARGV[1])
local nkeys = #KEYS
for i = 1, nkeys do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - tonumber(ARGV[3 + i]))
end
local wait = 0
for r = 4 + nkeys, #ARGV, 3 do
  local key = KEYS[tonumber(ARGV[r])]
  local limit = tonumber(ARGV[r + 1])
  local window = tonumber(ARGV[r + 2])
  local floor = '(' .. (now - window)
  local count = redis.call('ZCOUNT', key, floor, '+inf')
  if count >= limit then
    local freeing = redis.call('ZRANGEBYSCORE', key, floor, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    local rule_wait = tonumber(freeing[2]) + window - now
    if rule_wait > wait then wait = rule_wait end
  end
end
if wait > 0 then return wait end
if ARGV[3] == '1' then
  for i = 1, nkeys do
    redis.call('ZADD', KEYS[i], now, ARGV[2])
    redis.call('PEXPIRE', KEYS[i], ARGV[3 + i])
  end
end
return 0
"""


class RedisRateLimiter:
    """Shared by every worker and process that uses the same Redis and prefix."""

    def __init__(self, client: redis.Redis, *, prefix: str = "rozgar:") -> None:
        self._prefix = prefix
        self._script = client.register_script(_HIT_SCRIPT)

    def hit(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        return self._evaluate(rules, now, record=True)

    def check(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        return self._evaluate(rules, now, record=False)

    def _evaluate(self, rules: Sequence[RateRule], now: datetime, *, record: bool) -> RateDecision:
        validate_rules(rules)
        if not rules:
            return RateDecision(True, 0)
        now_ms = to_epoch_ms(now)
        keys, args = self._script_arguments(rules, now_ms, record)
        with redis_unavailable_on_error("rate limit"):
            wait_ms = int(self._script(keys=keys, args=args))
        if wait_ms > 0:
            return RateDecision(False, retry_after_seconds(wait_ms))
        return RateDecision(True, 0)

    def _script_arguments(
        self, rules: Sequence[RateRule], now_ms: int, record: bool
    ) -> tuple[list[str], list[str | int]]:
        longest_window_ms: dict[str, int] = {}
        for rule in rules:
            window_ms = rule.window_seconds * 1000
            longest_window_ms[rule.key] = max(window_ms, longest_window_ms.get(rule.key, 0))
        key_index = {key: index for index, key in enumerate(longest_window_ms, start=1)}
        member = f"{now_ms}-{uuid.uuid4().hex}"
        args: list[str | int] = [now_ms, member, 1 if record else 0, *longest_window_ms.values()]
        for rule in rules:
            args += [key_index[rule.key], rule.limit, rule.window_seconds * 1000]
        keys = [f"{self._prefix}rate:{key}" for key in longest_window_ms]
        return keys, args
