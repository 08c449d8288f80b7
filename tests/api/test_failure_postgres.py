"""PostgreSQL stops under a running app and starts again: quick 503s, readiness says why, then recovery."""
from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from rozgar_adapters.memory.sms import MemorySmsSender

from .conftest import REFRESH, SEND, assert_error
from .failure_support import (
    LIVE,
    READY,
    failure_settings,
    labour_and_searcher,
    real_app,
    timed,
)
from .profile_helpers import LABOURS, PROFILE, SETTINGS
from .services import PrivateCluster

pytestmark = pytest.mark.postgres
RECOVERY_SECONDS = 15.0
_fresh = itertools.count(1)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def database_url(cluster: PrivateCluster) -> str:
    return cluster.new_database()


def test_postgres_outage_gives_quick_503s_and_the_same_app_recovers(
    cluster: PrivateCluster, database_url: str, tmp_path: Path
) -> None:
    app, container = real_app(failure_settings(tmp_path, database_url=database_url))
    client = app.test_client()
    sms = container.sms_sender()
    assert isinstance(sms, MemorySmsSender)
    searcher, labour_id = labour_and_searcher(client, sms)

    def needs_database() -> list[tuple[str, str, dict[str, Any]]]:
        # Search results and public profiles may come from the cache: a query not asked before needs SQL.
        return [
            ("GET", PROFILE, {"headers": searcher}),
            ("GET", f"{LABOURS}?skills=plumber&minExperience={next(_fresh)}", {"headers": searcher}),
            ("GET", f"{LABOURS}/{uuid.uuid4()}", {"headers": searcher}),
            ("GET", SETTINGS, {"headers": searcher}),
            ("PUT", PROFILE, {"headers": searcher, "json": {"bio": "Walls and doors"}}),
            ("POST", SEND, {"json": {"phone": f"99887766{next(_fresh):02d}"}}),
            ("POST", REFRESH, {"json": {"refreshToken": "x" * 43}}),
        ]

    for method, path, kwargs in [needs_database()[i] for i in (0, 1, 3)]:
        assert timed(client, method, path, **kwargs).status_code == 200
    assert timed(client, "GET", f"{LABOURS}/{labour_id}", headers=searcher).status_code == 200

    cluster.stop()
    for _ in range(2):  # the second round uses connections the pool got back from the first
        for method, path, kwargs in needs_database():
            assert_error(timed(client, method, path, **kwargs), 503, "SERVICE_UNAVAILABLE")
    not_ready = timed(client, "GET", READY)
    assert not_ready.status_code == 503
    assert not_ready.get_json()["checks"] == {"database": "down"}
    assert "database" in not_ready.get_json()["message"]
    live = timed(client, "GET", LIVE)
    assert live.status_code == 200 and live.get_json()["success"] is True

    cluster.start()
    _wait_until_ready(client)
    for method, path, kwargs in [needs_database()[i] for i in (0, 1, 3, 4, 5)]:
        response = timed(client, method, path, **kwargs)
        assert response.status_code == 200, (path, response.get_json())
    assert timed(client, "GET", PROFILE, headers=searcher).get_json()["user"]["bio"] == "Walls and doors"


def _wait_until_ready(client: FlaskClient) -> None:
    deadline = time.monotonic() + RECOVERY_SECONDS
    while timed(client, "GET", READY).status_code != 200:
        assert time.monotonic() < deadline, "the app did not see the database come back"
        time.sleep(0.2)


def test_a_query_stuck_behind_a_lock_is_cancelled_with_a_503_and_the_database_stays_ready(
    database_url: str, tmp_path: Path
) -> None:
    settings = failure_settings(tmp_path, database_url=database_url, database_statement_timeout_ms=1000)
    app, container = real_app(settings)
    client = app.test_client()
    sms = container.sms_sender()
    assert isinstance(sms, MemorySmsSender)
    searcher, _ = labour_and_searcher(client, sms)
    blocker = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with blocker.connect() as connection, connection.begin():
            connection.exec_driver_sql("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
            assert_error(timed(client, "GET", PROFILE, headers=searcher), 503, "SERVICE_UNAVAILABLE")
            assert timed(client, "GET", READY).status_code == 200  # up, only that table is stuck
    finally:
        blocker.dispose()
    assert timed(client, "GET", PROFILE, headers=searcher).status_code == 200


def test_a_request_that_finds_every_pooled_connection_busy_gets_a_503(
    database_url: str, tmp_path: Path
) -> None:
    settings = failure_settings(tmp_path, database_url=database_url, database_pool_min=1, database_pool_max=1)
    app, container = real_app(settings)
    client = app.test_client()
    sms = container.sms_sender()
    assert isinstance(sms, MemorySmsSender)
    searcher, _ = labour_and_searcher(client, sms)
    with container.engine().connect():  # the pool's only connection, held elsewhere
        assert_error(timed(client, "GET", PROFILE, headers=searcher), 503, "SERVICE_UNAVAILABLE")
        search = f"{LABOURS}?skills=plumber&minExperience={next(_fresh)}"  # not cached
        assert_error(timed(client, "GET", search, headers=searcher), 503, "SERVICE_UNAVAILABLE")
    assert timed(client, "GET", PROFILE, headers=searcher).status_code == 200
