"""Private servers that a test may stop and start at will: a redis-server and a PostgreSQL cluster.

Each listens on 127.0.0.1 at a free port and lives in a temporary directory of its own, so stopping it
never touches the shared servers other tests use. A missing binary skips the test, except under CI=true,
where it fails it.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
START_TIMEOUT_SECONDS = 30


def require_binary(name: str, found: str | None) -> str:
    """The binary's path, or skip (fail under CI) with the reason."""
    if found:
        return found
    message = f"{name} is not installed, so this failure test cannot run"
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing binary is a failure)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, *, timeout: float = START_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class PrivateRedis:
    """`redis-server` without persistence; `stop()` kills it, `start()` brings it back on the same port."""

    def __init__(self) -> None:
        self.binary = require_binary("redis-server", shutil.which("redis-server"))
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="rozgar-redis-"))
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if self._process is not None:
            return
        command = [
            self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.directory), "--logfile", "",
        ]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.wait(timeout=10)

    def freeze(self) -> None:
        """Stop the server without closing its port: connections open, nothing answered."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def postgres_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: on PATH, or the newest Debian-style versioned directory."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name)
        if Path(path).parent.name.isdigit() else 0,
    )
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


class PrivateCluster:
    """A throwaway PostgreSQL cluster (trust authentication, no fsync) owned by the `postgres` user
    when the tests run as root, since initdb refuses to run as root."""

    def __init__(self) -> None:
        found = postgres_bin_dir()
        self.bin_dir = Path(require_binary("PostgreSQL (initdb, pg_ctl)", str(found) if found else None))
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="rozgar-pg-"))
        self.data = self.directory / "data"
        self._run_as = self._service_user()
        if self._run_as is not None:
            os.chown(self.directory, self._run_as.pw_uid, self._run_as.pw_gid)
        self._initdb()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """The URL of a new, empty database in this cluster."""
        name = f"rozgar_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.dispose()
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        self._pg_ctl("start", "-w", "-t", str(START_TIMEOUT_SECONDS), "-o", options,
                     "-l", str(self.directory / "server.log"))
        wait_for_port(self.port)

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast", "-w", check=False)

    def close(self) -> None:
        self._pg_ctl("stop", "-m", "immediate", "-w", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _initdb(self) -> None:
        self._run([str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                   "--no-sync", "-E", "UTF8", "--locale=C"])

    def _pg_ctl(self, *arguments: str, check: bool = True) -> None:
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *arguments], check=check)

    def _run(self, command: list[str], *, check: bool = True) -> None:
        if self._run_as is not None:
            command = ["runuser", "-u", self._run_as.pw_name, "--", *command]
        result = subprocess.run(command, capture_output=True, timeout=120, cwd=self.directory, check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stderr.decode(errors='replace')[-2000:]}")

    @staticmethod
    def _service_user() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root needs a 'postgres' user to own the test cluster", pytrace=False)
