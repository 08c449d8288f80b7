"""A publisher that keeps what it was asked to push: the default outside a Socket.IO server, and for tests."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from rozgar_core.model.activity import Notification


@dataclass(frozen=True, slots=True)
class PushedEvent:
    user_id: str
    name: str
    payload: object


class MemoryRealtimePublisher:
    def __init__(self) -> None:
        self._events: list[PushedEvent] = []
        self._lock = threading.Lock()

    def notification_created(self, notification: Notification, unread_count: int) -> None:
        self._record(notification.user_id, "notification", notification)
        self._record(notification.user_id, "unreadCount", unread_count)

    def unread_count_changed(self, user_id: str, unread_count: int) -> None:
        self._record(user_id, "unreadCount", unread_count)

    def end_sessions(self, user_id: str, jti: str | None = None) -> None:
        self._record(user_id, "endSessions", jti)

    @property
    def events(self) -> list[PushedEvent]:
        with self._lock:
            return list(self._events)

    def _record(self, user_id: str, name: str, payload: object) -> None:
        with self._lock:
            self._events.append(PushedEvent(user_id, name, payload))
