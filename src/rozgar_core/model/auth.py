"""Records of the login flow: OTP challenges, refresh tokens, access-token claims."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class OtpChallenge:
    """One code sent to one phone. Only `code_hash` (an HMAC keyed with the server pepper) is stored."""

    id: str
    phone: str
    code_hash: str
    expires_at: datetime
    created_at: datetime
    attempts: int = 0
    is_verified: bool = False


@dataclass(slots=True)
class RefreshToken:
    """A refresh token as stored: its SHA-256, never the token itself. Rotation keeps the family id."""

    id: str
    user_id: str
    family_id: str
    token_hash: str
    expires_at: datetime
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    token: str
    jti: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: str
    phone: str
    jti: str
    issued_at: datetime
    expires_at: datetime
