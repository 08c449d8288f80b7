"""An app on the in-memory container with a manual clock, and helpers that log a phone in over HTTP."""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from dependency_injector import providers
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from rozgar_adapters.container import Container, build_memory_container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.search import MemoryLabourSearch
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.memory.uow import memory_uow_factory
from rozgar_adapters.redis import make_redis_client
from rozgar_adapters.redis.cache import RedisCache
from rozgar_adapters.settings import Settings
from rozgar_web import create_app

PHONE = "9876543210"
PHONE_E164 = "+919876543210"
OTHER_PHONE = "9123456789"
OTHER_PHONE_E164 = "+919123456789"
TEST_NUMBER = "9000000001"
TEST_NUMBER_CODE = "123456"

SEND = "/api/v1/auth/send-otp"
VERIFY = "/api/v1/auth/verify-otp"
REFRESH = "/api/v1/auth/refresh-token"
LOGOUT = "/api/v1/auth/logout"

Login = Callable[..., dict[str, Any]]


def api_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "jwt_secret": "api-test-jwt-secret-of-32-bytes!",
        "otp_pepper": "api-test-otp-pepper-of-32-bytes!",
        "otp_test_numbers": {"+919000000001": TEST_NUMBER_CODE, "+919000000002": "654321"},
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(request: pytest.FixtureRequest) -> Settings:
    """The default test settings; a test may pass its own with `indirect=["settings"]`."""
    return getattr(request, "param", None) or api_settings()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def container(settings: Settings, clock: ManualClock, store: MemoryStore) -> Container:
    container = build_memory_container(settings)
    container.clock.override(providers.Object(clock))
    container.uow_factory.override(providers.Object(memory_uow_factory(store)))
    container.labour_search.override(providers.Object(MemoryLabourSearch(store)))
    return container


@pytest.fixture
def app(container: Container) -> Flask:
    app = create_app(container)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def sms(container: Container) -> MemorySmsSender:
    sender = container.sms_sender()
    assert isinstance(sender, MemorySmsSender)
    return sender


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def from_ip(ip: str) -> dict[str, Any]:
    return {"environ_base": {"REMOTE_ADDR": ip}}


def assert_error(response: TestResponse, status: int, code: str | None = None) -> dict[str, Any]:
    """The error envelope: {success: false, message, code[, errors]} and nothing else."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body is not None, "an error must be JSON"
    assert body["success"] is False
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["code"], str) and body["code"]
    assert set(body) <= {"success", "message", "code", "errors"}
    if code is not None:
        assert body["code"] == code
    assert "Traceback" not in response.get_data(as_text=True)
    return dict(body)


def run_concurrently(app: Flask, count: int, call: Callable[[FlaskClient], int]) -> Counter[int]:
    """`count` threads, each with its own test client, released together; the status codes they got."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        client = app.test_client()
        barrier.wait()
        status = call(client)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(statuses) == count, "a request never finished"
    return Counter(statuses)


def field_names(body: dict[str, Any]) -> list[str]:
    return [error["field"] for error in body["errors"]]


@pytest.fixture
def send_code(client: FlaskClient, sms: MemorySmsSender) -> Callable[..., str]:
    """POST send-otp for a phone and return the code it texted."""

    def send(phone: str = PHONE, e164: str = PHONE_E164, ip: str = "127.0.0.1") -> str:
        response = client.post(SEND, json={"phone": phone}, **from_ip(ip))
        assert response.status_code == 200, response.get_json()
        code = sms.last_code_for(e164)
        assert code is not None
        return code

    return send


@pytest.fixture
def login(client: FlaskClient, send_code: Callable[..., str]) -> Login:
    """Send a code, verify it, and return the verify-otp body."""

    def log_in(phone: str = PHONE, e164: str = PHONE_E164) -> dict[str, Any]:
        code = send_code(phone, e164)
        response = client.post(VERIFY, json={"phone": phone, "otp": code})
        assert response.status_code == 200, response.get_json()
        return dict(response.get_json())

    return log_in


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def cache_backend(request: pytest.FixtureRequest, container: Container) -> Iterator[str]:
    """The app's cache on each adapter: in process (the test app's own), and Redis."""
    if request.param == "memory":
        yield "memory"
        return
    with make_redis_client(request.getfixturevalue("redis_url")) as client:
        cache = RedisCache(client, prefix=request.getfixturevalue("redis_prefix"))
        container.cache.override(providers.Object(cache))
        assert container.cache() is cache
        yield "redis"
        container.cache.reset_override()
