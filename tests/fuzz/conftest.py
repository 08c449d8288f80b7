"""The SQL apps under fuzzing, and sessions of a logged-in admin on each app."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from fuzz_app import FUZZ_NUMBER, fuzz_app, fuzz_sql_app, log_in


@pytest.fixture(scope="session")
def memory_app() -> Flask:
    return fuzz_app()


@pytest.fixture(scope="session")
def sqlite_app() -> Iterator[Flask]:
    app = fuzz_sql_app("sqlite://")
    yield app
    app.extensions["rozgar.container"].engine().dispose()


@pytest.fixture(scope="session")
def postgres_app(postgres_url: str) -> Iterator[Flask]:
    app = fuzz_sql_app(postgres_url)
    yield app
    app.extensions["rozgar.container"].engine().dispose()


def _admin_headers(app: Flask) -> dict[str, str]:
    return log_in(app, FUZZ_NUMBER, admin=True)


@pytest.fixture(scope="session")
def memory_admin(memory_app: Flask) -> dict[str, str]:
    return _admin_headers(memory_app)


@pytest.fixture(scope="session")
def sqlite_admin(sqlite_app: Flask) -> dict[str, str]:
    return _admin_headers(sqlite_app)


@pytest.fixture(scope="session")
def postgres_admin(postgres_app: Flask) -> dict[str, str]:
    return _admin_headers(postgres_app)
