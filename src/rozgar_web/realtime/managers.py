"""Client managers that can disconnect every member of a room, in every server process.

python-socketio disconnects across processes only by sid: a process that receives the queued
`disconnect` message acts on it only if that sid is its own, and `close_room` merely forgets room
membership. Ending a session must close connections we know only by room (`token:<jti>`,
`user:<id>`), so the message queue carries an ordinary emit with a reserved event name: every
process (the sender included) receives it in `_handle_emit` and disconnects its own members of that
room instead of sending anything to clients.
"""
from __future__ import annotations

from typing import Any

import socketio

END_ROOM_SESSIONS = "rozgar:end-room-sessions"
"""Reserved event name: handled by the managers, never delivered to a client."""


def _disconnect_local_members(manager: Any, namespace: str, room: str) -> None:
    # get_participants yields from a copy, so disconnecting while iterating is safe.
    for sid, _eio_sid in list(manager.get_participants(namespace, room)):
        manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class LocalSessionManager(socketio.Manager):  # type: ignore[misc]
    """One process, no message queue."""

    def end_room_sessions(self, room: str, namespace: str = "/") -> None:
        _disconnect_local_members(self, namespace, room)


class RedisSessionManager(socketio.RedisManager):  # type: ignore[misc]
    """Several processes sharing a Redis channel."""

    def end_room_sessions(self, room: str, namespace: str = "/") -> None:
        # PubSubManager.emit handles the message here and publishes it to the other processes.
        self.emit(END_ROOM_SESSIONS, None, namespace=namespace, room=room)

    def _handle_emit(self, message: dict[str, Any]) -> None:
        if message.get("event") == END_ROOM_SESSIONS:
            room = message.get("room")
            if isinstance(room, str):
                _disconnect_local_members(self, message.get("namespace") or "/", room)
            return
        super()._handle_emit(message)
