"""Authenticate: the claims of a valid, unrevoked access token."""
from __future__ import annotations

import logging
import threading

from rozgar_core.errors import DependencyUnavailable, TokenInvalid
from rozgar_core.model import AccessClaims
from rozgar_core.ports import AccessTokenCodec, Clock, TokenDenylist

log = logging.getLogger("rozgar.auth")


class Authenticate:
    """When the denylist's store is down, valid tokens are accepted (logged once per outage): reads
    and searches must keep working, and a revoked token lives at most one access-token lifetime."""

    _outage = threading.Event()

    def __init__(self, codec: AccessTokenCodec, denylist: TokenDenylist, clock: Clock) -> None:
        self._codec = codec
        self._denylist = denylist
        self._clock = clock

    def __call__(self, token: str) -> AccessClaims:
        return self.verify_decoded(self._codec.decode(token, self._clock.now()))

    def verify_decoded(self, claims: AccessClaims) -> AccessClaims:
        """Claims the codec already decoded from a token (signature and expiry checked): refused if they
        have expired since, or if the token was revoked."""
        if claims.expires_at <= self._clock.now() or self._is_revoked(claims):
            raise TokenInvalid()
        return claims

    def verify_checked(self, claims: AccessClaims, revoked: bool) -> AccessClaims:
        """`verify_decoded`, with the denylist's answer already read for these claims (by a RequestGate)."""
        if claims.expires_at <= self._clock.now() or self._answered(revoked):
            raise TokenInvalid()
        return claims

    def _is_revoked(self, claims: AccessClaims) -> bool:
        try:
            revoked = self._denylist.is_revoked(claims)
        except DependencyUnavailable:
            if not self._outage.is_set():
                self._outage.set()
                log.warning("token denylist unavailable: accepting unexpired tokens until it returns")
            return False
        return self._answered(revoked)

    def _answered(self, revoked: bool) -> bool:
        """The denylist answered: any outage is over."""
        if self._outage.is_set():
            self._outage.clear()
            log.info("token denylist available again")
        return revoked
