"""Client managers that can disconnect every member of a room, in every server process.

python-socketio disconnects across processes only by sid: a process that receives the queued
`disconnect` message acts on it only if that sid is its own, and `close_room` merely forgets room
membership. Ending a session must close connections we know only by room (`token:<jti>`,
`user:<id>`), so the message queue carries an ordinary emit with a reserved event name: every
process (the sender included) receives it in `_handle_emit` and disconnects its own members of that
room instead of sending anything to clients.
"""
from __future__ import annotations

import time
from typing import Any

import socketio

# Publishing runs in request threads: a Redis that stops answering must fail it quickly, and after a
# failure pushes are dropped for a few seconds instead of each waiting again (they are best effort).
PUBLISH_TIMEOUT_SECONDS = 1.0
PUBLISH_PAUSE_SECONDS = 5.0
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

    _publish_paused_until = 0.0

    def _redis_connect(self) -> None:
        super()._redis_connect()
        # The listener keeps the blocking connection its pubsub was made from; publishing gets its own.
        self.redis = self._get_redis_module().Redis.from_url(
            self.redis_url,
            **{
                **self.redis_options,
                "socket_timeout": PUBLISH_TIMEOUT_SECONDS,
                "socket_connect_timeout": PUBLISH_TIMEOUT_SECONDS,
            },
        )

    def _publish(self, data: Any) -> None:
        # One attempt, without reconnecting the listener as the base class does: the publishing
        # client reconnects by itself on its next command.
        if time.monotonic() < self._publish_paused_until:
            return
        try:
            if not self.connected:
                self._redis_connect()
            self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as error:  # noqa: BLE001 - whatever went wrong, the push is dropped
            self._publish_paused_until = time.monotonic() + PUBLISH_PAUSE_SECONDS
            self._get_logger().error("Cannot publish to redis, pushes paused: %s", type(error).__name__)

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
