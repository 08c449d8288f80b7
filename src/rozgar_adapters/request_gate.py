"""The request gate over any rate limiter and token denylist: one call to each."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rozgar_core.model import AccessClaims
from rozgar_core.ports import Admission, RateLimiter, RateRule, TokenDenylist


class CompositeRequestGate:
    def __init__(self, limiter: RateLimiter, denylist: TokenDenylist) -> None:
        self._limiter = limiter
        self._denylist = denylist

    def admit(self, rules: Sequence[RateRule], claims: AccessClaims, now: datetime) -> Admission:
        decision = self._limiter.hit(rules, now)
        return Admission(decision, self._denylist.is_revoked(claims))
