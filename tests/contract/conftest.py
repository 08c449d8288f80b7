"""Fixtures of the persistence contract suites.

`uow_factory` runs a test once per adapter of the UnitOfWork port: in memory, SQLite (a file migrated with
Alembic) and PostgreSQL (the run's database, migrated once, emptied before every test)."""
from __future__ import annotations

import itertools
import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.memory import MemoryStore, memory_uow_factory
from rozgar_adapters.sql import create_engine_from_url, metadata, sql_uow_factory, upgrade
from rozgar_core.model import Phone
from rozgar_core.ports import UnitOfWorkFactory

T = TypeVar("T")

PERSISTENCE_ADAPTERS = ("memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres))
MAX_CONCURRENT_UNITS_OF_WORK = 20

RunConcurrently = Callable[[int, Callable[[int], Any]], list[Any]]


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test works on its own copy (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "rozgar.db"
    engine = create_engine_from_url(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def sqlite_engine(migrated_sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "rozgar.db"
    shutil.copyfile(migrated_sqlite_template, path)
    engine = create_engine_from_url(f"sqlite:///{path}", pool_max=MAX_CONCURRENT_UNITS_OF_WORK)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_postgres_engine(postgres_url: str) -> Iterator[Engine]:
    engine = create_engine_from_url(postgres_url, pool_max=MAX_CONCURRENT_UNITS_OF_WORK)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine(migrated_postgres_engine: Engine) -> Engine:
    """The run's migrated PostgreSQL database, with every table emptied."""
    quote = migrated_postgres_engine.dialect.identifier_preparer.quote
    table_names = ", ".join(quote(table.name) for table in metadata.sorted_tables)
    with migrated_postgres_engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE TABLE {table_names} CASCADE"))
    return migrated_postgres_engine


@pytest.fixture(params=PERSISTENCE_ADAPTERS)
def persistence_adapter(request: pytest.FixtureRequest) -> str:
    """The name of the adapter under test: memory, sqlite or postgres."""
    return str(request.param)


@pytest.fixture
def memory_store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def uow_factory(persistence_adapter: str, request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    """A fresh, empty database behind a UnitOfWork factory, once per adapter."""
    if persistence_adapter == "memory":
        store: MemoryStore = request.getfixturevalue("memory_store")
        return memory_uow_factory(store)
    engine: Engine = request.getfixturevalue(f"{persistence_adapter}_engine")
    return sql_uow_factory(engine)


@pytest.fixture(params=PERSISTENCE_ADAPTERS[1:])
def sql_engine(request: pytest.FixtureRequest) -> Engine:
    """A fresh migrated database, once per SQL adapter, for behaviour only SQL has (e.g. reviews)."""
    engine: Engine = request.getfixturevalue(f"{request.param}_engine")
    return engine


@pytest.fixture
def new_phone() -> Callable[[], Phone]:
    """Distinct valid Indian mobile numbers, one per call."""
    numbers = itertools.count(1)
    return lambda: Phone(f"+9198765{next(numbers):05d}")


@pytest.fixture
def run_concurrently() -> RunConcurrently:
    """Runs `work(i)` for i in range(count), each on its own thread, all released at the same moment."""

    def run(count: int, work: Callable[[int], T]) -> list[T]:
        start_together = threading.Barrier(count)

        def worker(index: int) -> T:
            start_together.wait(timeout=10)
            return work(index)

        with ThreadPoolExecutor(max_workers=count) as pool:
            return list(pool.map(worker, range(count)))

    return run
