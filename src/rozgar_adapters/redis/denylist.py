"""Access-token denylist on Redis: one key per revoked jti, one per user cut-off, expired by TTL."""
from __future__ import annotations

import math
import time
from datetime import UTC, datetime, timedelta

import redis

from rozgar_adapters.redis.client import redis_unavailable_on_error
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import AccessClaims
from rozgar_core.ports import Clock

READ_PAUSE_AFTER_FAILURE_SECONDS = 2.0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# KEYS[1]: the user's cut-off key. ARGV[1]: issued_before in epoch microseconds, ARGV[2]: TTL in ms.
# Keeps the later cut-off and the longer TTL when the user is revoked again before expiry.
# Values stay strings: Lua would print a 16-digit number in exponent form.
_CUTOFF_SCRIPT = """
local value = ARGV[1]
local ttl = tonumber(ARGV[2])
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) > tonumber(value) then value = current end
local remaining = redis.call('PTTL', KEYS[1])
if remaining > ttl then ttl = remaining end
redis.call('SET', KEYS[1], value, 'PX', ttl)
return 1
"""


def _epoch_microseconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("denylist times must be timezone-aware")
    return (moment - _EPOCH) // _MICROSECOND


class RedisTokenDenylist:
    """Shared by every worker that uses the same Redis and prefix."""

    def __init__(self, client: redis.Redis, clock: Clock, *, prefix: str = "rozgar:") -> None:
        self._client = client
        self._clock = clock
        self._prefix = prefix
        self._set_cutoff = client.register_script(_CUTOFF_SCRIPT)
        self._reads_paused_until = 0.0

    def revoke_token(self, jti: str, until: datetime) -> None:
        ttl_ms = self._ttl_ms(until)
        if ttl_ms <= 0:
            return
        key = self._jti_key(jti)
        with redis_unavailable_on_error("denylist write"):
            pipe = self._client.pipeline(transaction=True)
            pipe.set(key, "1", px=ttl_ms, nx=True)
            pipe.pexpire(key, ttl_ms, gt=True)  # a second revocation never shortens the first
            pipe.execute()

    def revoke_user_tokens(self, user_id: str, issued_before: datetime, until: datetime) -> None:
        ttl_ms = self._ttl_ms(until)
        if ttl_ms <= 0:
            return
        cutoff = str(_epoch_microseconds(issued_before))
        with redis_unavailable_on_error("denylist write"):
            self._set_cutoff(keys=[self._user_key(user_id)], args=[cutoff, ttl_ms])

    def is_revoked(self, claims: AccessClaims) -> bool:
        # Every authenticated request reads here: while Redis hangs, answer "unavailable" at once for a
        # moment instead of making each request wait for the socket timeout.
        if time.monotonic() < self._reads_paused_until:
            raise DependencyUnavailable()
        try:
            with redis_unavailable_on_error("denylist read"):
                jti_value, cutoff = self._client.mget(*self.keys_of(claims))
        except DependencyUnavailable:
            self._reads_paused_until = time.monotonic() + READ_PAUSE_AFTER_FAILURE_SECONDS
            raise
        return revoked_by(claims, jti_value, cutoff)

    def keys_of(self, claims: AccessClaims) -> tuple[str, str]:
        """The keys that revoke these claims: their token's, and their user's cut-off."""
        return self._jti_key(claims.jti), self._user_key(claims.user_id)

    @property
    def client(self) -> redis.Redis:
        return self._client

    def _ttl_ms(self, until: datetime) -> int:
        return math.ceil((until - self._clock.now()) / timedelta(milliseconds=1))

    def _jti_key(self, jti: str) -> str:
        return f"{self._prefix}denylist:jti:{jti}"

    def _user_key(self, user_id: str) -> str:
        return f"{self._prefix}denylist:user:{user_id}"


def revoked_by(claims: AccessClaims, jti_value: object, cutoff: object) -> bool:
    """Whether the values of `keys_of(claims)` revoke the claims."""
    if jti_value is not None:
        return True
    return cutoff is not None and _epoch_microseconds(claims.issued_at) < int(cutoff)  # type: ignore[call-overload]
