"""Redis goes down (or stops answering) under a running app and comes back: reads keep working, OTP
sends fail closed, and no request waits long."""
from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from rozgar_adapters.memory.sms import MemorySmsSender

from .conftest import SEND, assert_error
from .failure_support import (
    READY,
    failure_settings,
    labour_and_searcher,
    real_app,
    timed,
)
from .profile_helpers import LABOURS, PROFILE
from .services import PrivateRedis

pytestmark = pytest.mark.redis
NEARBY = f"{LABOURS}/nearby?latitude=18.52&longitude=73.85&radius=25"
NOTIFICATIONS_READ_ALL = "/api/v1/notifications/read-all"
# RedisCache asks a failed Redis again at most once a second; the API may take a little longer.
RECOVERY_SECONDS = 10.0


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.close()


def test_redis_outage_keeps_reads_working_fails_otp_closed_and_recovers(
    redis_server: PrivateRedis, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = failure_settings(
        tmp_path, redis_url=redis_server.url, redis_key_prefix=f"failure-{uuid.uuid4().hex[:8]}:"
    )
    app, container = real_app(settings)
    client = app.test_client()
    sms = container.sms_sender()
    assert isinstance(sms, MemorySmsSender)
    searcher, labour_id = labour_and_searcher(client, sms)
    reads = [PROFILE, f"{LABOURS}?skills=plumber", NEARBY, f"{LABOURS}/{labour_id}"]
    for path in reads:  # warm the cache while Redis is up
        assert timed(client, "GET", path, headers=searcher).status_code == 200
    assert timed(client, "GET", READY).get_json()["checks"] == {"database": "ok", "redis": "ok"}

    redis_server.stop()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            _reads_still_work(client, searcher, reads, labour_id)
        sent_before = len(sms.sent)
        refused = timed(client, "POST", SEND, json={"phone": "9988776655"})
        assert_error(refused, 503, "SERVICE_UNAVAILABLE")
        assert len(sms.sent) == sent_before, "no SMS may go out while sends cannot be counted"
        not_ready = timed(client, "GET", READY)
        assert not_ready.status_code == 503
        assert not_ready.get_json()["checks"] == {"database": "ok", "redis": "down"}
        assert "redis" in not_ready.get_json()["message"]
    cache_warnings = [r for r in caplog.records if r.name == "rozgar.cache" and r.levelno == logging.WARNING]
    assert len(cache_warnings) == 1, [r.getMessage() for r in cache_warnings]

    redis_server.start()
    _wait_until_sends_work(client)
    assert timed(client, "GET", READY).status_code == 200
    _reads_still_work(client, searcher, reads, labour_id)


def _reads_still_work(
    client: FlaskClient, headers: dict[str, str], reads: list[str], labour_id: str
) -> None:
    for path in reads:
        response = timed(client, "GET", path, headers=headers)
        assert response.status_code == 200, (path, response.get_json())
    found = timed(client, "GET", f"{LABOURS}?skills=plumber", headers=headers).get_json()["labours"]
    assert [labour["id"] for labour in found] == [labour_id]
    nearby = timed(client, "GET", NEARBY, headers=headers).get_json()["labours"]
    assert [labour["id"] for labour in nearby] == [labour_id]


def _wait_until_sends_work(client: FlaskClient) -> None:
    """The same app, not recreated: its clients reconnect on their own."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    attempt = 0
    while True:
        attempt += 1
        response = timed(client, "POST", SEND, json={"phone": f"99887766{attempt:02d}"})
        if response.status_code == 200:
            return
        assert response.status_code == 503, response.get_json()
        assert time.monotonic() < deadline, "send-otp did not recover after Redis came back"
        time.sleep(0.2)


def test_a_redis_that_stops_answering_costs_a_request_a_bounded_wait(
    redis_server: PrivateRedis, tmp_path: Path
) -> None:
    settings = failure_settings(
        tmp_path, redis_url=redis_server.url, redis_key_prefix=f"failure-{uuid.uuid4().hex[:8]}:"
    )
    app, container = real_app(settings)
    client = app.test_client()
    sms = container.sms_sender()
    assert isinstance(sms, MemorySmsSender)
    searcher, labour_id = labour_and_searcher(client, sms)
    reads = [PROFILE, f"{LABOURS}?skills=plumber", NEARBY, f"{LABOURS}/{labour_id}"]

    redis_server.freeze()
    try:
        # Each Redis command now waits for its client's timeout (1 s) before the fallback applies.
        _reads_still_work(client, searcher, reads, labour_id)
        # Marking read pushes the unread count to live connections through Redis.
        assert timed(client, "PATCH", NOTIFICATIONS_READ_ALL, headers=searcher).status_code == 200
        assert_error(timed(client, "POST", SEND, json={"phone": "9988776655"}), 503, "SERVICE_UNAVAILABLE")
        assert timed(client, "GET", READY).status_code == 503
    finally:
        redis_server.thaw()
    _wait_until_sends_work(client)
    assert timed(client, "GET", READY).status_code == 200
