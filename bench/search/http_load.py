"""HTTP throughput: `rozgar serve` against the benchmark database, loaded by wrk over loopback."""
from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LUA_DIRECTORY = Path(__file__).resolve().parent
TEST_PHONE, TEST_CODE = "9000000001", "123456"


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    requests: int
    latency_p50: str
    latency_p99: str
    non_2xx: int
    errors: str


_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (those gone are skipped)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS_PER_SECOND


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
            except OSError:
                continue
    return children


@contextmanager
def running_server(
    database_url: str, redis_url: str, port: int, workers: int | None
) -> Iterator[tuple[str, int]]:
    """`rozgar serve` on 127.0.0.1:`port`, stopped on exit; yields its base URL and process id."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": f"rozgar-bench-{secrets.token_hex(4)}:",
        "OTP_TEST_NUMBERS": f"{TEST_PHONE}:{TEST_CODE}",
        "JWT_SECRET": secrets.token_hex(32),
        "OTP_PEPPER": secrets.token_hex(32),
        "RATE_LIMIT_MAX_REQUESTS": "1000000",
        "RATE_LIMIT_USER_MAX_REQUESTS": "1000000",
        "LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "rozgar_web.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--no-migrate"]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base, server)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not become healthy within 60 s")


def access_token(base: str) -> str:
    body = json.dumps({"phone": TEST_PHONE, "otp": TEST_CODE}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/verify-otp", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["accessToken"])


def wrk(url: str, token: str, *, duration_s: int, threads: int, connections: int, script: str | None) -> WrkResult:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration_s}s", "--latency",
               "-H", f"Authorization: Bearer {token}"]
    if script:
        command += ["-s", str(LUA_DIRECTORY / script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return _parse(output)


def _parse(output: str) -> WrkResult:
    def find(pattern: str, default: str = "") -> str:
        match = re.search(pattern, output)
        return match.group(1) if match else default

    return WrkResult(
        requests_per_second=float(find(r"Requests/sec:\s+([\d.]+)", "0")),
        requests=int(find(r"(\d+) requests in", "0")),
        latency_p50=find(r"\s50%\s+(\S+)"),
        latency_p99=find(r"\s99%\s+(\S+)"),
        non_2xx=int(find(r"Non-2xx or 3xx responses:\s+(\d+)", "0")),
        errors=find(r"Socket errors:\s+(.*)"),
    )
