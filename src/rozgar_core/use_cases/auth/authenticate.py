"""Authenticate: the claims of a valid, unrevoked access token."""
from __future__ import annotations

from rozgar_core.errors import TokenInvalid
from rozgar_core.model import AccessClaims
from rozgar_core.ports import AccessTokenCodec, Clock, TokenDenylist


class Authenticate:
    def __init__(self, codec: AccessTokenCodec, denylist: TokenDenylist, clock: Clock) -> None:
        self._codec = codec
        self._denylist = denylist
        self._clock = clock

    def __call__(self, token: str) -> AccessClaims:
        claims = self._codec.decode(token, self._clock.now())
        if self._denylist.is_revoked(claims):
            raise TokenInvalid()
        return claims
