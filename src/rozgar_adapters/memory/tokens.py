"""Access tokens kept in process: opaque random strings mapped to their claims."""
from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta

from rozgar_core.errors import TokenInvalid
from rozgar_core.model import AccessClaims, IssuedAccessToken


class MemoryAccessTokenCodec:
    def __init__(self, ttl_seconds: int = 900) -> None:
        self._ttl = timedelta(seconds=ttl_seconds)
        self._claims: dict[str, AccessClaims] = {}
        self._lock = threading.Lock()

    def issue(self, user_id: str, phone: str, now: datetime) -> IssuedAccessToken:
        token = secrets.token_urlsafe(32)
        claims = AccessClaims(user_id, phone, secrets.token_hex(16), now, now + self._ttl)
        with self._lock:
            self._claims = {t: c for t, c in self._claims.items() if c.expires_at > now}
            self._claims[token] = claims
        return IssuedAccessToken(token, claims.jti, claims.expires_at)

    def decode(self, token: str, now: datetime) -> AccessClaims:
        with self._lock:
            claims = self._claims.get(token)
        if claims is None or claims.expires_at <= now:
            raise TokenInvalid()
        return claims
