"""The `auth_required` guard every protected route uses."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import g, request

from rozgar_core.errors import AuthError
from rozgar_core.model import AccessClaims
from rozgar_core.use_cases.auth import Authenticate
from rozgar_web.container_access import container

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class _DecodedToken:
    """An access token decoded earlier in this request (its signature and expiry checked), and whether
    the denylist revokes it when that was read too (None: not read). `g` may outlive a request (when
    an app context is pushed around several), so the request is kept too."""

    request: object
    token: str
    claims: AccessClaims
    revoked: bool | None = None


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate_request(required: bool = True) -> AccessClaims | None:
    token = bearer_token()
    if token is None:
        if required:
            raise AuthError("Authentication required", code="UNAUTHORIZED")
        return None
    claims = _authenticated(token)
    g.claims = claims
    g.user_id = claims.user_id
    return claims


def remember_decoded_token(token: str, claims: AccessClaims, revoked: bool | None = None) -> None:
    """Claims the codec decoded from this request's bearer token, and the denylist's answer for them
    when it was read, so that authenticating the request does neither again (it still checks the
    expiry, and reads the denylist if that was not done)."""
    g.decoded_token = _DecodedToken(request._get_current_object(), token, claims, revoked)  # type: ignore[attr-defined]


def _authenticated(token: str) -> AccessClaims:
    authenticate: Authenticate = container().authenticate()
    decoded = _decoded_earlier(token)
    if decoded is None:
        return authenticate(token)
    if decoded.revoked is None:
        return authenticate.verify_decoded(decoded.claims)
    return authenticate.verify_checked(decoded.claims, decoded.revoked)


def _decoded_earlier(token: str) -> _DecodedToken | None:
    """What was remembered, only for this very request and this very token."""
    decoded: _DecodedToken | None = g.get("decoded_token")
    if decoded is None or decoded.token != token:
        return None
    if decoded.request is not request._get_current_object():  # type: ignore[attr-defined]
        return None
    return decoded


def auth_required(view: F) -> F:
    """401 in the envelope for a missing, malformed, expired or revoked access token."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        authenticate_request(required=True)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def current_claims() -> AccessClaims:
    claims: AccessClaims = g.claims
    return claims


def admin_required(view: F) -> F:
    """401 without a valid token; 403 unless the account is an active admin right now (read from the
    database on every request, so a revoked admin is refused at once)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        claims = authenticate_request(required=True)
        assert claims is not None
        container().require_admin()(claims.user_id)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
