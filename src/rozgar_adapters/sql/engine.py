"""Engines for the two supported databases: SQLite (the zero-configuration default) and PostgreSQL."""
from __future__ import annotations

import logging
import math
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

log = logging.getLogger("rozgar.sql")

CONNECT_TIMEOUT_SECONDS = 5
# A request waits at most this long for a free pooled connection; then it fails (503), it does not queue.
POOL_TIMEOUT_SECONDS = 3
SQLITE_BUSY_TIMEOUT_SECONDS = 5


def create_engine_from_url(
    url: str | URL,
    *,
    pool_min: int = 2,
    pool_max: int = 10,
    echo: bool = False,
    statement_timeout_ms: int | None = None,
) -> Engine:
    """An engine for `sqlite:///path`, `sqlite://` (in memory) or `postgresql+psycopg://...`.

    At most `pool_max` connections are open at once, and every connection opened is kept for reuse:
    closing the ones above a smaller pool size made busy workers reconnect on most requests. An in-memory SQLite
    database lives in one shared connection: fine for a single thread, not for concurrent use.
    `statement_timeout_ms` makes PostgreSQL cancel longer statements (SQLite has its busy timeout)."""
    parsed = _normalise(make_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, pool_min=pool_min, pool_max=pool_max, echo=echo)
    if backend == "postgresql":
        return _postgres_engine(
            parsed, pool_min=pool_min, pool_max=pool_max, echo=echo, statement_timeout_ms=statement_timeout_ms
        )
    raise ValueError(f"Unsupported database backend {backend!r}: use sqlite or postgresql")


def ping_database(engine: Engine) -> bool:
    """Whether the database answers a trivial query (for readiness checks); never raises."""
    try:
        with engine.connect() as connection:
            connection.execute(sa.select(1))
    except Exception:  # noqa: BLE001 - whatever the failure, the database is not ready
        log.warning("The database does not answer", exc_info=True)
        return False
    return True


def _normalise(url: URL) -> URL:
    if url.drivername in {"postgres", "postgresql"}:
        return url.set(drivername="postgresql+psycopg")
    return url


def _pool_sizes(pool_min: int, pool_max: int) -> dict[str, int]:
    if pool_min < 1 or pool_max < pool_min:
        raise ValueError("Pool sizes need 1 <= pool_min <= pool_max")
    return {"pool_size": pool_max, "max_overflow": 0}


def _postgres_engine(
    url: URL, *, pool_min: int, pool_max: int, echo: bool, statement_timeout_ms: int | None
) -> Engine:
    connect_args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        # Auto-prepared statements make PostgreSQL switch to generic plans, slow for skewed data.
        "prepare_threshold": None,
    }
    if statement_timeout_ms:
        connect_args["options"] = f"-c statement_timeout={int(statement_timeout_ms)}"
    return sa.create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_timeout=POOL_TIMEOUT_SECONDS,
        **_pool_sizes(pool_min, pool_max),
        connect_args=connect_args,
    )


def _is_in_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


def _sqlite_engine(url: URL, *, pool_min: int, pool_max: int, echo: bool) -> Engine:
    connect_args: dict[str, Any] = {
        "check_same_thread": False,
        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
    }
    if _is_in_memory(url):
        # One shared connection, or each pooled connection would see its own empty database.
        engine = sa.create_engine(url, echo=echo, connect_args=connect_args, poolclass=StaticPool)
    else:
        _create_parent_directory(url)
        engine = sa.create_engine(
            url,
            echo=echo,
            connect_args=connect_args,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            **_pool_sizes(pool_min, pool_max),
        )
    _install_sqlite_transaction_control(engine, in_memory=_is_in_memory(url))
    return engine


def _create_parent_directory(url: URL) -> None:
    database = url.database or ""
    if url.query.get("uri") in {"true", "1"} or database.startswith("file:"):
        return
    Path(database).resolve().parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_transaction_control(engine: Engine, *, in_memory: bool) -> None:
    """SQLAlchemy's pysqlite recipe: we emit BEGIN ourselves instead of the sqlite3 module.

    BEGIN IMMEDIATE takes the write lock when the transaction starts, so concurrent writers wait for
    each other (up to the busy timeout) instead of failing with "database is locked" when a
    transaction that started by reading tries to write."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
        finally:
            cursor.close()
        _ensure_math_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_MATH_FUNCTIONS = {"sin": math.sin, "cos": math.cos, "asin": math.asin, "sqrt": math.sqrt, "power": math.pow}


def _ensure_math_functions(dbapi_connection: Any) -> None:
    """The math functions of labour search's distance formula, from Python's math module when this
    SQLite was built without its own (both call the C library, so the results are the same)."""
    try:
        dbapi_connection.execute("SELECT sin(0), cos(0), asin(0), sqrt(1), power(2, 2)").fetchone()
    except sqlite3.OperationalError:
        for name, function in _MATH_FUNCTIONS.items():
            arguments = 2 if name == "power" else 1
            dbapi_connection.create_function(name, arguments, _null_safe(function), deterministic=True)


def _null_safe(function: Any) -> Any:
    def call(*arguments: float | None) -> float | None:
        if any(argument is None for argument in arguments):
            return None
        try:
            return float(function(*arguments))
        except (ValueError, OverflowError):
            return None  # as SQLite's own functions answer outside their domain

    return call
