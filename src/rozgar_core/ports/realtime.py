"""Pushing events to connected clients (Socket.IO in the web layer). Best effort: the notification
list stays the source of truth, so a failed push loses nothing."""
from __future__ import annotations

from typing import Protocol

from rozgar_core.model.activity import Notification


class RealtimePublisher(Protocol):
    def notification_created(self, notification: Notification, unread_count: int) -> None: ...

    def unread_count_changed(self, user_id: str, unread_count: int) -> None: ...

    def end_sessions(self, user_id: str, jti: str | None = None) -> None:
        """Close the user's live connections: those opened with access token `jti`, or all of them."""
        ...
