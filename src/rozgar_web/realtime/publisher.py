"""The RealtimePublisher port on Socket.IO: events go to the user's room only, through the message
queue when there is one, so they reach the user's connections in every server process."""
from __future__ import annotations

from typing import Any

from flask_socketio import SocketIO

from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model.activity import Notification
from rozgar_web.realtime.rooms import (
    NAMESPACE,
    NOTIFICATION_EVENT,
    SESSION_ENDED_EVENT,
    UNREAD_COUNT_EVENT,
    token_room,
    user_room,
)
from rozgar_web.schemas.activity import NotificationSchema


class SocketIoPublisher:
    def __init__(self, socketio: SocketIO) -> None:
        self._socketio = socketio
        self._schema = NotificationSchema()

    def notification_created(self, notification: Notification, unread_count: int) -> None:
        room = user_room(notification.user_id)
        self._emit(NOTIFICATION_EVENT, self._schema.dump(notification), room)
        self._emit(UNREAD_COUNT_EVENT, {"unreadCount": unread_count}, room)

    def unread_count_changed(self, user_id: str, unread_count: int) -> None:
        self._emit(UNREAD_COUNT_EVENT, {"unreadCount": unread_count}, user_room(user_id))

    def end_sessions(self, user_id: str, jti: str | None = None) -> None:
        room = token_room(jti) if jti else user_room(user_id)
        # Both go through the same queue in order: clients learn why before they are disconnected.
        self._emit(SESSION_ENDED_EVENT, {"reason": "revoked"}, room)
        try:
            self._socketio.server.manager.end_room_sessions(room, NAMESPACE)
        except Exception as error:
            raise DependencyUnavailable() from error

    def _emit(self, event: str, payload: Any, room: str) -> None:
        try:
            self._socketio.emit(event, payload, to=room, namespace=NAMESPACE)
        except Exception as error:
            # The port is best effort; the core logs a DependencyUnavailable and carries on.
            raise DependencyUnavailable() from error
