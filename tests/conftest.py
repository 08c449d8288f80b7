"""Shared fixtures for real services.

PostgreSQL: every test run creates its own database and drops it at the end.
Redis: every test run uses its own key prefix and deletes its keys at the end.
Under CI=true a service that does not answer fails the run; elsewhere its tests are skipped.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

ADMIN_DATABASE_URL = os.environ.get(
    "ROZGAR_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEST_REDIS_URL = os.environ.get("ROZGAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _unavailable(service: str, error: Exception) -> None:
    message = f"{service} is not reachable: {error}"
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing service is a failure)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database that lives for this test run."""
    import sqlalchemy as sa

    name = f"rozgar_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = sa.create_engine(ADMIN_DATABASE_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any connection failure means "not reachable"
        _unavailable("PostgreSQL", error)
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A reachable Redis URL; keys written under `redis_prefix` are removed at the end of the run."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        _unavailable("Redis", error)
    yield TEST_REDIS_URL
    client.close()


@pytest.fixture(scope="session")
def redis_run_prefix(redis_url: str) -> Iterator[str]:
    import redis

    prefix = f"rozgar-test-{uuid.uuid4().hex[:12]}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def redis_prefix(redis_run_prefix: str) -> str:
    """A key prefix of its own for each test, inside the run's prefix."""
    return f"{redis_run_prefix}{uuid.uuid4().hex[:8]}:"
