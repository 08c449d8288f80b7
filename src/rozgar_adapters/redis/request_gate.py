"""A request's general rate limit and its token's revocation in one Lua script: one round trip."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rozgar_adapters.memory.rate_limiter import to_epoch_ms, validate_rules
from rozgar_adapters.redis.client import redis_unavailable_on_error
from rozgar_adapters.redis.denylist import RedisTokenDenylist, revoked_by
from rozgar_adapters.redis.rate_limiter import (
    HIT_FUNCTION,
    RedisRateLimiter,
    decision_after,
)
from rozgar_core.model import AccessClaims
from rozgar_core.ports import Admission, RateDecision, RateRule

# KEYS: the rate limiter's keys, then (the last two) the token's denylist key and its user's cut-off.
# ARGV: the rate limiter's arguments. Returns {wait in ms (0: allowed), the two denylist values}.
_ADMIT_SCRIPT = HIT_FUNCTION + """
local count = #KEYS
local limited = {}
for i = 1, count - 2 do limited[i] = KEYS[i] end
local wait = 0
if count > 2 then wait = hit(limited, ARGV) end
return {wait, redis.call('GET', KEYS[count - 1]) or false, redis.call('GET', KEYS[count]) or false}
"""


class RedisRequestGate:
    """`RedisRateLimiter.hit` and `RedisTokenDenylist.is_revoked` at once, with their keys and meaning:
    both must use the same Redis (and so the same key prefix)."""

    def __init__(self, limiter: RedisRateLimiter, denylist: RedisTokenDenylist) -> None:
        if limiter.client is not denylist.client:
            raise ValueError("the rate limiter and the denylist must share one Redis client")
        self._limiter = limiter
        self._denylist = denylist
        self._script = limiter.client.register_script(_ADMIT_SCRIPT)

    def admit(self, rules: Sequence[RateRule], claims: AccessClaims, now: datetime) -> Admission:
        validate_rules(rules)
        limit_keys: list[str] = []
        args: list[str | int] = []
        if rules:
            limit_keys, args = self._limiter.hit_arguments(rules, to_epoch_ms(now), record=True)
        with redis_unavailable_on_error("rate limit and denylist"):
            wait_ms, jti_value, cutoff = self._script(keys=[*limit_keys, *self._denylist.keys_of(claims)], args=args)
        decision = decision_after(int(wait_ms)) if rules else RateDecision(True, 0)
        return Admission(decision, revoked_by(claims, jti_value, cutoff))
