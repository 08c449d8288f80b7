"""The `auth_required` guard every protected route uses."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, request

from rozgar_core.errors import AuthError
from rozgar_core.model import AccessClaims
from rozgar_web.container_access import container

F = TypeVar("F", bound=Callable[..., Any])


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
    claims = container().authenticate()(token)
    g.claims = claims
    g.user_id = claims.user_id
    return claims


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
