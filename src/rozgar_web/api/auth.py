"""POST /auth/send-otp, /auth/verify-otp, /auth/refresh-token, /auth/logout."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from rozgar_core.use_cases.auth import (
    LogoutCommand,
    RefreshSessionCommand,
    SendOtpCommand,
    TokenPair,
    VerifyOtpCommand,
)
from rozgar_web.auth import authenticate_request
from rozgar_web.blueprint import Blueprint
from rozgar_web.container_access import client_ip, container
from rozgar_web.schemas.auth import (
    LogoutRequest,
    RefreshTokenRequest,
    SendOtpRequest,
    SendOtpResponse,
    TokenPairResponse,
    VerifyOtpRequest,
    VerifyOtpResponse,
)
from rozgar_web.schemas.common import MessageSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Phone OTP login and sessions")


@blp.route("/send-otp", methods=["POST"])
@blp.arguments(SendOtpRequest())
@blp.response(200, SendOtpResponse)
@blp.errors(429, 503)
def send_otp(body: dict[str, Any]) -> dict[str, Any]:
    """Text a login code to an Indian mobile number (same answer whether or not it has an account)."""
    result = container().send_otp()(SendOtpCommand(phone=body["phone"], client_ip=client_ip()))
    return {"success": True, "message": "OTP sent", "expiresIn": result.expires_in}


@blp.route("/verify-otp", methods=["POST"])
@blp.arguments(VerifyOtpRequest())
@blp.response(200, VerifyOtpResponse)
@blp.errors(403, 429, 503)
def verify_otp(body: dict[str, Any]) -> Response:
    """Check the code; log in, creating the account on the first login."""
    command = VerifyOtpCommand(phone=body["phone"], otp=body["otp"], client_ip=client_ip())
    login = container().verify_otp()(command)
    payload = _token_payload(login.tokens, "Logged in")
    payload["isNewUser"] = login.is_new_user
    payload["user"] = login.user
    return _no_store(VerifyOtpResponse().dump(payload))


@blp.route("/refresh-token", methods=["POST"])
@blp.arguments(RefreshTokenRequest())
@blp.response(200, TokenPairResponse)
@blp.errors(401, 503)
def refresh_token(body: dict[str, Any]) -> Response:
    """Exchange a refresh token for a new pair; the old refresh token stops working."""
    pair = container().refresh_session()(RefreshSessionCommand(body["refreshToken"]))
    return _no_store(TokenPairResponse().dump(_token_payload(pair, "Token refreshed")))


@blp.route("/logout", methods=["POST"])
@blp.arguments(LogoutRequest(), required=False)  # the bearer token alone is enough
@blp.response(200, MessageSchema)
@blp.errors(401, 503)
@blp.doc(security=[{"bearerAuth": []}, {}])
def logout(body: dict[str, Any]) -> dict[str, Any]:
    """End this session (or every session with `allDevices`); the access token stops at once.

    Authenticated by the bearer access token, or by the refresh token alone when the access
    token has already expired."""
    claims = authenticate_request(required=False)
    command = LogoutCommand(claims, body.get("refreshToken"), body.get("allDevices", False))
    container().logout()(command)
    return {"success": True, "message": "Logged out"}


def _token_payload(pair: TokenPair, message: str) -> dict[str, Any]:
    return {
        "success": True,
        "message": message,
        "accessToken": pair.access_token,
        "refreshToken": pair.refresh_token,
        "expiresIn": container().settings().jwt_access_ttl_seconds,
    }


def _no_store(payload: dict[str, Any]) -> Response:
    response = jsonify(payload)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
