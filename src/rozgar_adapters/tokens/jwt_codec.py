"""Access tokens as HS256 JWTs (PyJWT), with the algorithm pinned and the token type checked."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt

from rozgar_core.errors import TokenInvalid
from rozgar_core.model import AccessClaims, IssuedAccessToken

ALGORITHM = "HS256"
ACCESS_TOKEN_TYPE = "access"
MIN_SECRET_BYTES = 32
_REQUIRED = ["sub", "userId", "phone", "iat", "exp", "jti", "iss", "aud", "type"]
VERIFIED_TOKENS_KEPT = 4096
"""Verified tokens remembered per codec: every request of an app presents the same token for its 15
minutes, and checking the signature and claims again is most of the cost of decoding it."""


def floor_to_millisecond(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class JwtAccessTokenCodec:
    def __init__(
        self,
        secret: str,
        *,
        ttl_seconds: int = 900,
        issuer: str = "rozgar360",
        audience: str = "rozgar360-app",
    ) -> None:
        if not secret:
            raise ValueError("A JWT secret is required")
        self._secret = secret
        self._ttl = timedelta(seconds=ttl_seconds)
        self._issuer = issuer
        self._audience = audience
        # A token's signature and claims verify the same way every time (expiry aside, which is
        # judged on each decode): a token seen before is not verified again. Failures are not kept.
        self._verified = lru_cache(maxsize=VERIFIED_TOKENS_KEPT)(self._verify)

    def issue(self, user_id: str, phone: str, now: datetime) -> IssuedAccessToken:
        jti = uuid.uuid4().hex
        expires_at = now + self._ttl
        payload = {
            "sub": user_id,
            "userId": user_id,
            "phone": phone,
            # Millisecond precision (floored, as the denylist cut-off is): "logout everywhere" must not
            # stop a login made a moment later.
            "iat": floor_to_millisecond(now).timestamp(),
            "exp": int(expires_at.timestamp()),
            "jti": jti,
            "iss": self._issuer,
            "aud": self._audience,
            "type": ACCESS_TOKEN_TYPE,
        }
        token = jwt.encode(payload, self._secret, algorithm=ALGORITHM)
        return IssuedAccessToken(token, jti, datetime.fromtimestamp(payload["exp"], UTC))

    def decode(self, token: str, now: datetime) -> AccessClaims:
        claims = self._verified(token)
        if claims.expires_at <= now:
            raise TokenInvalid()
        return claims

    def _verify(self, token: str) -> AccessClaims:
        """The claims of a token signed by us, of the access type, with every claim present and
        well-formed, whatever its expiry."""
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                # Expiry is checked by `decode` against the injected clock, not the machine's.
                options={"require": _REQUIRED, "verify_exp": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            raise TokenInvalid() from None
        if payload.get("type") != ACCESS_TOKEN_TYPE or payload["sub"] != payload["userId"]:
            raise TokenInvalid()
        return _claims(payload)


def _claims(payload: dict[str, object]) -> AccessClaims:
    try:
        issued_at = datetime.fromtimestamp(float(payload["iat"]), UTC)  # type: ignore[arg-type]
        expires_at = datetime.fromtimestamp(float(payload["exp"]), UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise TokenInvalid() from None
    return AccessClaims(
        user_id=str(payload["sub"]),
        phone=str(payload["phone"]),
        jti=str(payload["jti"]),
        issued_at=issued_at,
        expires_at=expires_at,
    )
