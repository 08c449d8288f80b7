"""Engines built from database URLs: connection settings, pooling, and SQLite's serialised writers."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.sql import create_engine_from_url, ping_database


@pytest.fixture
def sqlite_file_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine_from_url(f"sqlite:///{tmp_path / 'missing' / 'dirs' / 'rozgar.db'}", pool_max=20)
    yield engine
    engine.dispose()


def test_a_sqlite_file_engine_creates_its_directory_and_sets_its_pragmas(sqlite_file_engine: Engine) -> None:
    with sqlite_file_engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        }
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 5000}
    assert Path(str(sqlite_file_engine.url.database)).is_file()


def test_concurrent_read_then_write_transactions_on_sqlite_neither_fail_nor_lose_updates(
    sqlite_file_engine: Engine, run_concurrently: Callable[..., list[Any]]
) -> None:
    counter = sa.table("counter", sa.column("value", sa.Integer))
    with sqlite_file_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (value INTEGER NOT NULL)")
        connection.execute(counter.insert().values(value=0))

    def increment(index: int) -> None:
        # Reads first, then writes: with a deferred BEGIN two such transactions deadlock on the lock
        # upgrade and one fails with "database is locked"; BEGIN IMMEDIATE makes them take turns.
        with sqlite_file_engine.begin() as connection:
            value = connection.execute(sa.select(counter.c.value)).scalar_one()
            connection.execute(counter.update().values(value=value + 1))

    run_concurrently(20, increment)

    with sqlite_file_engine.connect() as connection:
        assert connection.execute(sa.select(counter.c.value)).scalar_one() == 20


def test_an_in_memory_sqlite_engine_keeps_one_database() -> None:
    engine = create_engine_from_url("sqlite://")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE kept (id INTEGER)")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM kept").scalar() == 0
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.mark.postgres
def test_a_postgres_engine_uses_psycopg_with_a_pool_and_no_prepared_statements(postgres_url: str) -> None:
    plain_url = sa.make_url(postgres_url).set(drivername="postgresql")
    engine = create_engine_from_url(plain_url, pool_min=3, pool_max=7)
    try:
        with engine.connect() as connection:
            driver_connection = connection.connection.driver_connection
            assert driver_connection is not None and driver_connection.prepare_threshold is None
        assert engine.url.drivername == "postgresql+psycopg"
        assert isinstance(engine.pool, sa.QueuePool)
        assert engine.pool.size() == 7  # connections are kept up to the maximum, not closed above 3
        assert ping_database(engine) is True
    finally:
        engine.dispose()


def test_ping_database_says_false_when_the_database_does_not_answer() -> None:
    engine = create_engine_from_url("postgresql+psycopg://postgres@127.0.0.1:1/none")
    assert ping_database(engine) is False


@pytest.mark.parametrize(
    ("url", "pool_min", "pool_max"),
    [("mysql://localhost/rozgar", 2, 10), ("sqlite:///x.db", 0, 10), ("sqlite:///x.db", 5, 4)],
)
def test_unsupported_databases_and_pool_sizes_are_refused(url: str, pool_min: int, pool_max: int) -> None:
    with pytest.raises(ValueError):
        create_engine_from_url(url, pool_min=pool_min, pool_max=pool_max)
