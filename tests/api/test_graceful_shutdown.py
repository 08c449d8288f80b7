"""`rozgar serve` under gunicorn: a SIGTERM lets a request in flight finish, then the server exits in time."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
GRACEFUL_TIMEOUT_SECONDS = 5
SHORT_GRACEFUL_TIMEOUT_SECONDS = 2
TEST_PHONE, TEST_CODE = "9000000001", "123456"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path, graceful_timeout: int) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "PROMETHEUS_"))}
    return {
        **inherited,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        "NODE_ENV": "development",
        "DATA_DIR": str(data_dir),
        "JWT_SECRET": "graceful-shutdown-jwt-secret-32b",
        "OTP_PEPPER": "graceful-shutdown-otp-pepper-32b",
        "OTP_TEST_NUMBERS": f"{TEST_PHONE}:{TEST_CODE}",
        "GRACEFUL_TIMEOUT": str(graceful_timeout),
        "LOG_FORMAT": "json",
    }


Server = tuple[subprocess.Popen[bytes], int, Path]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[[int], Server]]:
    """Starts `rozgar serve` (one gunicorn worker) with a graceful timeout; kills what is left at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(graceful_timeout: int) -> Server:
        port = free_port()
        log_path = tmp_path / f"server-{port}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "rozgar_web.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", "1"],
                env=server_env(tmp_path / "data", graceful_timeout),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(process)
        _wait_ready(process, port, log_path)
        return process, port, log_path

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _wait_ready(process: subprocess.Popen[bytes], port: int, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise TimeoutError(f"server not ready:\n{log_path.read_text()[-3000:]}")


def _read_response(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


BODY = json.dumps({"phone": TEST_PHONE}).encode()


def _request_head(port: int) -> bytes:
    return (
        "POST /api/v1/auth/send-otp HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def test_sigterm_lets_a_request_in_flight_finish_and_exits_within_the_graceful_timeout(
    start_server: Callable[[int], Server],
) -> None:
    process, port, log_path = start_server(GRACEFUL_TIMEOUT_SECONDS)
    body = BODY
    head = _request_head(port)
    with socket.create_connection(("127.0.0.1", port), timeout=GRACEFUL_TIMEOUT_SECONDS + 5) as sock:
        sock.sendall(head + body[:5])
        time.sleep(0.5)  # the worker has read the headers and waits for the rest of the body
        process.send_signal(signal.SIGTERM)
        stopping_at = time.monotonic()
        time.sleep(0.5)
        assert process.poll() is None, "the server must wait for the request in flight"
        sock.sendall(body[5:])
        response = _read_response(sock)
    status_line, _, rest = response.partition(b"\r\n")
    assert status_line == b"HTTP/1.1 200 OK", response[:500]
    headers, _, payload = rest.partition(b"\r\n\r\n")
    assert b"Server: rozgar360\r\n" in headers + b"\r\n"
    assert json.loads(payload)["success"] is True

    process.wait(timeout=GRACEFUL_TIMEOUT_SECONDS + 5)
    assert time.monotonic() - stopping_at < GRACEFUL_TIMEOUT_SECONDS + 3
    assert process.returncode == 0, log_path.read_text()[-3000:]
    log = log_path.read_text()
    assert '"path": "/api/v1/auth/send-otp", "status": 200' in log


def test_a_request_that_never_finishes_does_not_hold_the_shutdown_past_the_graceful_timeout(
    start_server: Callable[[int], Server],
) -> None:
    process, port, _ = start_server(SHORT_GRACEFUL_TIMEOUT_SECONDS)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(_request_head(port) + BODY[:5])
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        stopping_at = time.monotonic()
        process.wait(timeout=SHORT_GRACEFUL_TIMEOUT_SECONDS + 8)
        # GRACEFUL_TIMEOUT is what bounds it (the default would be 30 seconds).
        assert time.monotonic() - stopping_at < SHORT_GRACEFUL_TIMEOUT_SECONDS + 3
