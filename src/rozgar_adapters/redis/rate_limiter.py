"""Rolling-window rate limiter on Redis: one sorted set of event times per key, one Lua script per call."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import redis

from rozgar_adapters.memory.rate_limiter import retry_after_seconds, to_epoch_ms, validate_rules
from rozgar_adapters.redis.client import redis_unavailable_on_error
from rozgar_core.ports import RateDecision, RateRule

# hit(keys, argv): keys are the sorted sets, one per distinct key (score = event time in ms).
# argv: now_ms, member, record (1/0), then per key its longest window in ms,
#       then per rule: key index (1-based), limit, window ms.
# Returns 0 when allowed (and, when recording, the event is counted in every key),
# otherwise the ms until every blocking rule has room again (and nothing is counted).
HIT_FUNCTION = """
local function hit(keys, argv)
  local now = tonumber(argv[1])
  local nkeys = #keys
  for i = 1, nkeys do
    redis.call('ZREMRANGEBYSCORE', keys[i], '-inf', now - tonumber(argv[3 + i]))
  end
  local wait = 0
  for r = 4 + nkeys, #argv, 3 do
    local key = keys[tonumber(argv[r])]
    local limit = tonumber(argv[r + 1])
    local window = tonumber(argv[r + 2])
    local floor = '(' .. (now - window)
    local count = redis.call('ZCOUNT', key, floor, '+inf')
    if count >= limit then
      local freeing = redis.call('ZRANGEBYSCORE', key, floor, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
      local rule_wait = tonumber(freeing[2]) + window - now
      if rule_wait > wait then wait = rule_wait end
    end
  end
  if wait > 0 then return wait end
  if argv[3] == '1' then
    for i = 1, nkeys do
      redis.call('ZADD', keys[i], now, argv[2])
      redis.call('PEXPIRE', keys[i], argv[3 + i])
    end
  end
  return 0
end
"""
_HIT_SCRIPT = HIT_FUNCTION + "return hit(KEYS, ARGV)\n"


class RedisRateLimiter:
    """Shared by every worker and process that uses the same Redis and prefix."""

    def __init__(self, client: redis.Redis, *, prefix: str = "rozgar:") -> None:
        self._client = client
        self._prefix = prefix
        self._script = client.register_script(_HIT_SCRIPT)

    @property
    def client(self) -> redis.Redis:
        return self._client

    def hit(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        return self._evaluate(rules, now, record=True)

    def check(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        return self._evaluate(rules, now, record=False)

    def _evaluate(self, rules: Sequence[RateRule], now: datetime, *, record: bool) -> RateDecision:
        validate_rules(rules)
        if not rules:
            return RateDecision(True, 0)
        keys, args = self.hit_arguments(rules, to_epoch_ms(now), record)
        with redis_unavailable_on_error("rate limit"):
            return decision_after(int(self._script(keys=keys, args=args)))

    def hit_arguments(
        self, rules: Sequence[RateRule], now_ms: int, record: bool
    ) -> tuple[list[str], list[str | int]]:
        """The keys and arguments of `HIT_FUNCTION` for these (validated, non-empty) rules."""
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


def decision_after(wait_ms: int) -> RateDecision:
    """The decision for what `HIT_FUNCTION` returned."""
    if wait_ms > 0:
        return RateDecision(False, retry_after_seconds(wait_ms))
    return RateDecision(True, 0)
