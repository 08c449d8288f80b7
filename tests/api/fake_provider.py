"""A local HTTP server standing in for an SMS or email provider that is slow or failing."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self


class FakeProvider:
    """`with FakeProvider(status=500) as provider:` answers every POST and PUT with `status` after `delay_seconds`."""

    def __init__(self, *, status: int = 200, body: bytes = b"{}", delay_seconds: float = 0.0) -> None:
        self.status = status
        self.body = body
        self.delay_seconds = delay_seconds
        self.paths: list[str] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.paths)

    def record(self, path: str) -> None:
        with self._lock:
            self.paths.append(path)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler_for(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.1, so that an `Expect: 100-continue` is answered at once, as real providers do.
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            provider.record(self.path)
            time.sleep(provider.delay_seconds)
            try:
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(provider.body)))
                self.end_headers()
                self.wfile.write(provider.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting, as a bounded client should

        do_PUT = do_POST  # S3's PutObject

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler
