"""Connecting: authenticate with the access token, join the user's and the token's rooms, receive the
current unread count. Refusals carry `{"message": ..., "data": {"code": ...}}` to the client."""
from __future__ import annotations

import logging
from typing import Any

from flask import request
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

from rozgar_core.errors import RozgarError
from rozgar_core.model import AccessClaims
from rozgar_core.model.pagination import PageRequest
from rozgar_web.auth import bearer_token
from rozgar_web.container_access import container
from rozgar_web.realtime.expiry import ExpiryWatch
from rozgar_web.realtime.rooms import UNREAD_COUNT_EVENT, token_room, user_room

log = logging.getLogger("rozgar.realtime")


def connection_token(auth: Any) -> str | None:
    """The access token from the connect payload `{"token": ...}` (preferred), else an
    `Authorization: Bearer` header, else a `token` query parameter."""
    if isinstance(auth, dict):
        token = auth.get("token")
        if isinstance(token, str) and token.strip():
            return token.strip().removeprefix("Bearer ").strip()
    header_token = bearer_token()
    if header_token:
        return header_token
    query_token = request.args.get("token", "").strip()
    return query_token or None


def _refuse(message: str, code: str) -> ConnectionRefusedError:
    return ConnectionRefusedError(message, {"code": code})


def _authenticate(token: str) -> AccessClaims:
    try:
        claims: AccessClaims = container().authenticate()(token)
    except RozgarError as error:  # AuthError, or the denylist store failing
        raise _refuse(error.message, error.code) from None
    return claims


def _unread_count(user_id: str) -> int:
    page = container().list_notifications()(user_id, True, PageRequest(1, 1))
    return int(page.unread_count)


def register_handlers(socketio: SocketIO, expiry: ExpiryWatch) -> None:
    @socketio.on("connect")
    def on_connect(auth: Any = None) -> None:
        token = connection_token(auth)
        if token is None:
            raise _refuse("Authentication required: connect with auth {token: <access token>}", "UNAUTHORIZED")
        claims = _authenticate(token)
        join_room(user_room(claims.user_id))
        join_room(token_room(claims.jti))
        # A logout or suspension between the check above and joining the rooms found no connection
        # to close; its revocation is already recorded, so a second check catches it.
        claims = _authenticate(token)
        sid: str = request.sid  # type: ignore[attr-defined]
        expiry.watch(sid, claims.expires_at)
        try:
            emit(UNREAD_COUNT_EVENT, {"unreadCount": _unread_count(claims.user_id)})
        except RozgarError:
            log.warning("unread count not sent on connect")
