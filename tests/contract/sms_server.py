"""A local HTTP server standing in for an SMS provider: records every request, answers as told."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"{}"
    delay_seconds: float = 0.0


class RecordingServer:
    """`with RecordingServer() as server:` listens on 127.0.0.1 at a free port until the block ends."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.answer = Answer()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def answer_with(self, status: int, body: bytes, *, delay_seconds: float = 0.0) -> None:
        self.answer = Answer(status, body, delay_seconds)

    def __enter__(self) -> "RecordingServer":
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler_for(server: RecordingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            server.requests.append(RecordedRequest(self.command, self.path, headers, body))
            answer = server.answer
            time.sleep(answer.delay_seconds)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, which is what the timeout tests want

        def log_message(self, format: str, *args: object) -> None:
            return  # keep the test output quiet

    return Handler
