"""Issuing token pairs: a JWT access token plus an opaque, rotating refresh token."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rozgar_core.model import RefreshToken, User
from rozgar_core.ports import AccessTokenCodec, SecretGenerator, UnitOfWork
from rozgar_core.use_cases.auth.policy import AuthPolicy, refresh_token_digest


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime


class SessionIssuer:
    def __init__(self, codec: AccessTokenCodec, secrets: SecretGenerator, policy: AuthPolicy) -> None:
        self._codec = codec
        self._secrets = secrets
        self._policy = policy

    def start(self, uow: UnitOfWork, user: User, now: datetime) -> TokenPair:
        """A new session (a new refresh-token family) with the absolute refresh lifetime."""
        expires_at = now + timedelta(seconds=self._policy.refresh_ttl_seconds)
        return self.continue_family(uow, user, self._secrets.new_id(), expires_at, now)

    def continue_family(
        self, uow: UnitOfWork, user: User, family_id: str, expires_at: datetime, now: datetime
    ) -> TokenPair:
        """A rotated pair in an existing family; the family keeps its original expiry."""
        refresh = self._secrets.token()
        uow.refresh_tokens.add(
            RefreshToken(
                id=self._secrets.new_id(),
                user_id=user.id,
                family_id=family_id,
                token_hash=refresh_token_digest(refresh),
                expires_at=expires_at,
                created_at=now,
            )
        )
        access = self._codec.issue(user.id, user.phone.e164, now)
        return TokenPair(access.token, refresh, access.expires_at, expires_at)
