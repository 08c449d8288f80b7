"""The Socket.IO server of an app: at /socket.io, WebSocket transport only, sharing events with the
other server processes through Redis when REDIS_URL is set."""
from __future__ import annotations

from typing import Any

from dependency_injector import providers
from flask import Flask
from flask_socketio import SocketIO

from rozgar_web.realtime.expiry import ExpiryWatch
from rozgar_web.realtime.handlers import register_handlers
from rozgar_web.realtime.managers import LocalSessionManager, RedisSessionManager
from rozgar_web.realtime.publisher import SocketIoPublisher
from rozgar_web.realtime.rooms import NAMESPACE, SESSION_ENDED_EVENT

# Long polling needs every request of a session to reach the same process, which gunicorn's workers
# sharing one port cannot promise; a WebSocket stays on the process that accepted it.
TRANSPORTS = ["websocket"]


def init_realtime(app: Flask, container: Any) -> SocketIO:
    """Attach Socket.IO to the app and make the container's realtime publisher push through it."""
    settings = container.settings()
    socketio = SocketIO(
        app,
        async_mode="threading",
        client_manager=_client_manager(settings),
        transports=TRANSPORTS,
        cors_allowed_origins=_allowed_origins(settings.cors_origins),
        manage_session=False,
    )
    expiry = ExpiryWatch(
        expire=lambda sid: _end_expired(socketio, sid),
        start_task=socketio.start_background_task,
    )
    register_handlers(socketio, expiry)
    container.realtime.override(providers.Object(SocketIoPublisher(socketio)))
    return socketio


def _client_manager(settings: Any) -> Any:
    if settings.redis_url:
        return RedisSessionManager(settings.redis_url, channel=f"{settings.redis_key_prefix}socketio")
    return LocalSessionManager()


def _allowed_origins(origins: tuple[str, ...]) -> list[str] | str | None:
    """None keeps python-engineio's same-origin check; clients that send no Origin (apps) always pass."""
    if not origins:
        return None
    if "*" in origins:
        return "*"
    return list(origins)


def _end_expired(socketio: SocketIO, sid: str) -> None:
    server = socketio.server
    if server.manager.is_connected(sid, NAMESPACE):
        server.emit(SESSION_ENDED_EVENT, {"reason": "expired"}, to=sid, namespace=NAMESPACE, ignore_queue=True)
        server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)
