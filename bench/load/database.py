"""The benchmark's own PostgreSQL database: created (or reused), seeded with `rozgar seed-demo`, sampled."""
from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

MARKER = "rozgar load benchmark"
"""The comment on a database this script created: only such a database is ever dropped."""
DEMO_PHONES = ("+916000000000", "+916099999999")


def _maintenance_engine(url: str) -> Engine:
    return sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def database_name(url: str) -> str:
    name = make_url(url).database
    if not name:
        raise SystemExit("the database URL names no database")
    return name


def _state(url: str) -> tuple[bool, bool]:
    """(exists, created by this script)"""
    name = database_name(url)
    engine = _maintenance_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                sa.text("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :name"),
                {"name": name},
            ).first()
    finally:
        engine.dispose()
    return row is not None, row is not None and row[0] == MARKER


def prepare_database(url: str, *, reuse: bool) -> str:
    """Creates the database, or keeps it with `reuse`; refuses to replace one this script did not create."""
    exists, ours = _state(url)
    if exists and reuse:
        return "reused"
    if exists and not ours:
        raise SystemExit(f"database {database_name(url)!r} exists and was not created by this benchmark: "
                         "pass --reuse-database to load it as it is, or name another database")
    name = database_name(url)
    engine = _maintenance_engine(url)
    try:
        with engine.connect() as connection:
            if exists:
                connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
            connection.execute(sa.text(f"COMMENT ON DATABASE \"{name}\" IS '{MARKER}'"))
    finally:
        engine.dispose()
    return "created"


def drop_database(url: str) -> bool:
    exists, ours = _state(url)
    if not (exists and ours):
        return False
    engine = _maintenance_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{database_name(url)}" WITH (FORCE)'))
    finally:
        engine.dispose()
    return True


def run_cli(arguments: list[str], environment: Mapping[str, str]) -> str:
    """Runs a `rozgar` command (the same program as the console script) and returns its output."""
    command = [sys.executable, "-m", "rozgar_web.cli", *arguments]
    result = subprocess.run(command, env=dict(environment), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"`rozgar {' '.join(arguments)}` failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip()


def demo_labour_count(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(sa.text("SELECT to_regclass('users') IS NOT NULL")).scalar_one()
            if not tables:
                return 0
            return int(connection.execute(
                sa.text("SELECT count(*) FROM users WHERE phone BETWEEN :low AND :high"),
                {"low": DEMO_PHONES[0], "high": DEMO_PHONES[1]},
            ).scalar_one())
    finally:
        engine.dispose()


def seed(url: str, labours: int, environment: Mapping[str, str]) -> tuple[int, float]:
    """Tops the demo labours up to `labours` with `rozgar seed-demo`; (added, seconds)."""
    missing = labours - demo_labour_count(url)
    if missing <= 0:
        return 0, 0.0
    started = time.perf_counter()
    run_cli(["seed-demo", "--count", str(missing)], environment)
    return missing, time.perf_counter() - started


def vacuum(url: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for table in ("users", "user_skills"):
                connection.execute(sa.text(f"VACUUM (ANALYZE) {table}"))
    finally:
        engine.dispose()


def sample_labour_ids(url: str, size: int) -> list[str]:
    """Ids of seeded labours spread over the whole table (a block sample, topped up if it came short)."""
    query = sa.text(
        "SELECT id FROM users TABLESAMPLE SYSTEM (:percent) "
        "WHERE phone BETWEEN :low AND :high AND role = 'labour' LIMIT :size"
    )
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            total = max(1, demo_labour_count(url))
            percent = min(100.0, 100.0 * 2 * size / total)
            parameters = {"percent": percent, "low": DEMO_PHONES[0], "high": DEMO_PHONES[1], "size": size}
            return [str(row[0]) for row in connection.execute(query, parameters)]
    finally:
        engine.dispose()


def server_facts(url: str) -> dict[str, str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            facts = {"postgresql": str(connection.execute(sa.text("SHOW server_version")).scalar_one())}
            for setting in ("shared_buffers", "work_mem", "max_connections"):
                facts[setting] = str(connection.execute(sa.text(f"SHOW {setting}")).scalar_one())
            size = connection.execute(sa.text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
            facts["database size"] = str(size.scalar_one())
    finally:
        engine.dispose()
    return facts


def activity(url: str) -> dict[str, float]:
    """The database's cumulative statistics: sessions opened, milliseconds spent running statements
    and idle inside transactions, commits and rollbacks."""
    query = sa.text(
        "SELECT sessions, active_time, idle_in_transaction_time, xact_commit, xact_rollback "
        "FROM pg_stat_database WHERE datname = current_database()"
    )
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            row = connection.execute(query).one()
    finally:
        engine.dispose()
    names = ("sessions", "active_ms", "idle_in_transaction_ms", "commits", "rollbacks")
    return {name: float(value) for name, value in zip(names, row, strict=True)}
