"""gunicorn's gthread worker, made to let go of Socket.IO connections on a graceful stop.

Under Flask-SocketIO's threading mode each WebSocket holds one of the worker's threads for its whole
life. On SIGTERM gthread waits for in-flight connections up to the graceful timeout, and the pool's
threads are joined at exit, so open sockets would hold a stopping worker until it is killed. Closing
them at the start of the stop lets the worker finish its HTTP requests and exit; clients see a
transport close and reconnect to a live worker.
"""
from __future__ import annotations

import threading
from types import FrameType
from typing import Any

from gunicorn.workers.gthread import ThreadWorker


class RealtimeThreadWorker(ThreadWorker):  # type: ignore[misc]
    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        socketio = getattr(getattr(self, "wsgi", None), "extensions", {}).get("socketio")
        if socketio is not None:
            # Not inside the signal handler: closing can block, and the handler interrupts the event loop.
            threading.Thread(target=_close_all, args=(socketio,), daemon=True).start()


def _close_all(socketio: Any) -> None:
    # Aborted, without a close packet: to a client this is a server going away, after which it
    # reconnects (a close packet would read as "disconnected on purpose, do not come back").
    for eio_socket in list(socketio.server.eio.sockets.values()):
        eio_socket.close(wait=False, abort=True)
