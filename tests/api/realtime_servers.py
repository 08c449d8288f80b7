"""Real `rozgar serve` processes (gunicorn, one worker each) for the Socket.IO tests, and small HTTP and
Socket.IO client helpers with bounded waits."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import socketio

from .services import free_port

SRC = Path(__file__).resolve().parents[2] / "src"
TEST_CODE = "123456"
# Generous: the first profile completion in a process loads the PIN-code directory, and CI machines are busy.
HTTP_TIMEOUT = 20.0


def server_env(**values: str) -> dict[str, str]:
    """The test process's environment (PATH, ...) without any Rozgar setting, plus `values`."""
    env = {key: value for key, value in os.environ.items() if key not in _SETTINGS_NAMES}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    env.update(values)
    return env


_SETTINGS_NAMES = {
    "DATABASE_URL", "REDIS_URL", "REDIS_KEY_PREFIX", "JWT_SECRET", "OTP_PEPPER", "OTP_TEST_NUMBERS",
    "JWT_ACCESS_EXPIRY", "WEB_CONCURRENCY", "PORT", "DATA_DIR", "NODE_ENV", "APP_ENV", "CORS_ORIGIN",
}


def rozgar(*args: str, env: Mapping[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Runs a `rozgar` command to completion; a failure shows its output."""
    result = subprocess.run(
        [sys.executable, "-m", "rozgar_web.cli", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"rozgar {' '.join(args)} exited with {result.returncode}:\n{result.stderr[-4000:]}")
    return result


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


def start_server(env: Mapping[str, str], log_path: Path) -> Server:
    """`rozgar serve` with one gunicorn worker on a free loopback port (the schema is already migrated)."""
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "rozgar_web.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "1", "--threads", "16", "--no-migrate"],
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(port, process, log_path)


def wait_ready(server: Server, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"server not ready after {timeout}s:\n{server.log()}")


def stop_server(server: Server, timeout: float = 15) -> None:
    """A graceful stop (SIGTERM), killed if it takes longer than `timeout`."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=5)


def log_in(server: Server, phone: str) -> dict[str, Any]:
    """Logs a test number in (no SMS) and returns the verify-otp body."""
    sent = httpx.post(f"{server.url}/api/v1/auth/send-otp", json={"phone": phone}, timeout=HTTP_TIMEOUT)
    assert sent.status_code == 200, sent.text
    verified = httpx.post(
        f"{server.url}/api/v1/auth/verify-otp", json={"phone": phone, "otp": TEST_CODE}, timeout=HTTP_TIMEOUT
    )
    assert verified.status_code == 200, verified.text
    return dict(verified.json())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Listener:
    """A python-socketio client (WebSocket transport) that queues every event it receives."""

    client: socketio.Client = field(default_factory=lambda: socketio.Client(reconnection=False))
    events: queue.Queue[tuple[str, Any]] = field(default_factory=queue.Queue)
    refusals: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.client.on("*", lambda event, data=None: self.events.put((event, data)))
        self.client.on("disconnect", lambda reason=None: self.events.put(("disconnect", reason)))
        self.client.on("connect_error", lambda data=None: self.refusals.append(data))

    def connect(self, server: Server, *, query: str = "", **kwargs: Any) -> None:
        url = f"{server.url}?{query}" if query else server.url
        self.client.connect(url, transports=["websocket"], wait_timeout=5, **kwargs)

    def next_event(self, timeout: float = 5) -> tuple[str, Any]:
        return self.events.get(timeout=timeout)

    def wait_for(self, name: str, timeout: float = 5) -> Any:
        """The payload of the next `name` event; other events on the way are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {name!r} event within {timeout}s")
            try:
                event, data = self.events.get(timeout=remaining)
            except queue.Empty:
                raise TimeoutError(f"no {name!r} event within {timeout}s") from None
            if event == name:
                return data

    def drain(self, settle: float = 0.5) -> list[tuple[str, Any]]:
        """Every event received until none has come for `settle` seconds."""
        received = []
        while True:
            try:
                received.append(self.events.get(timeout=settle))
            except queue.Empty:
                return received

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()
