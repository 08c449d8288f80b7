"""`rozgar serve` under load: started on loopback with the benchmark's settings, watched, stopped."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from monitor import children_of

STARTUP_SECONDS = 90
STOP_SECONDS = 40


@dataclass(frozen=True)
class ServerConfig:
    database_url: str
    redis_url: str
    redis_prefix: str
    port: int
    workers: int | None
    test_numbers: Mapping[str, str]
    log_path: Path
    rate_limit: int = 1_000_000


def server_environment(config: ServerConfig, extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of the server and of the CLI commands run against the same database."""
    return {
        **os.environ,
        "NODE_ENV": "development",
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "REDIS_KEY_PREFIX": config.redis_prefix,
        "OTP_TEST_NUMBERS": ",".join(f"{phone}:{code}" for phone, code in config.test_numbers.items()),
        # The general limits are raised so the benchmark measures the API rather than the limiter.
        "RATE_LIMIT_MAX_REQUESTS": str(config.rate_limit),
        "RATE_LIMIT_USER_MAX_REQUESTS": str(config.rate_limit),
        # Tokens outlive the run: the mix has no refresh step.
        "JWT_ACCESS_EXPIRY": "2h",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        **extra,
    }


class RunningServer:
    """A gunicorn master (the `rozgar serve` process) and its workers."""

    def __init__(self, config: ServerConfig, environment: Mapping[str, str]) -> None:
        self.config = config
        self.base_url = f"http://127.0.0.1:{config.port}"
        command = [sys.executable, "-m", "rozgar_web.cli", "serve", "--host", "127.0.0.1",
                   "--port", str(config.port), "--no-migrate"]
        if config.workers:
            command += ["--workers", str(config.workers)]
        self._log: IO[bytes] = config.log_path.open("wb")
        self.process = subprocess.Popen(command, env=dict(environment), stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited while starting; see {self.config.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v1/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server was not healthy within {STARTUP_SECONDS} s")

    def worker_pids(self) -> list[int]:
        return children_of(self.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


def delete_redis_keys(redis_url: str, prefix: str) -> int:
    import redis

    client = redis.Redis.from_url(redis_url)
    deleted = 0
    try:
        batch: list[bytes] = []
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                deleted += int(client.delete(*batch))
                batch.clear()
        if batch:
            deleted += int(client.delete(*batch))
    finally:
        client.close()
    return deleted


def redis_version(redis_url: str) -> str:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return str(client.info("server")["redis_version"])
    finally:
        client.close()
