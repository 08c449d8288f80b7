"""Room and event names shared by the connect handler and the publisher."""
from __future__ import annotations

NAMESPACE = "/"

NOTIFICATION_EVENT = "notification"
UNREAD_COUNT_EVENT = "unreadCount"
SESSION_ENDED_EVENT = "sessionEnded"


def user_room(user_id: str) -> str:
    return f"user:{user_id}"


def token_room(jti: str) -> str:
    return f"token:{jti}"
