"""The apps under fuzzing, with test numbers that log in without SMS."""
from __future__ import annotations

import itertools
from typing import Any

from dependency_injector import providers
from flask import Flask

from rozgar_adapters.container import build_container, build_memory_container
from rozgar_adapters.geo.memory import MemoryGeocoder
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.settings import Settings
from rozgar_adapters.sql.migrate import upgrade
from rozgar_adapters.storage.memory import MemoryFileStorage
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_web import create_app

OPENAPI_PATH = "/api/v1/openapi.json"
FUZZ_NUMBER = ("9000000001", "123456")
FRESH_NUMBER = ("9000000002", "654321")
COMPLETE_PROFILE: dict[str, Any] = {
    "name": "Ramesh Kumar",
    "address": "12 MG Road, Shivajinagar",
    "city": "Pune",
    "state": "Maharashtra",
    "pincode": "411005",
    "isAvailable": True,
    "skills": ["plumber"],
    "experienceYears": 7,
    "labourType": "daily",
}


def _settings(**overrides: Any) -> Settings:
    return Settings(
        jwt_secret="fuzz-test-jwt-secret-of-32-bytes",
        otp_pepper="fuzz-test-otp-pepper-of-32-bytes",
        otp_test_numbers={f"+91{FUZZ_NUMBER[0]}": FUZZ_NUMBER[1], f"+91{FRESH_NUMBER[0]}": FRESH_NUMBER[1]},
        # Thousands of requests from one user and one address: the general limits would answer 429 to most.
        rate_limit_max_requests=1_000_000,
        rate_limit_user_max_requests=1_000_000,
        **overrides,
    )


def fuzz_app() -> Flask:
    """Every port in memory."""
    return create_app(build_memory_container(_settings()))


def fuzz_sql_app(database_url: str) -> Flask:
    """The production container on a migrated SQL database, with SMS, geocoding and pictures in memory
    and tasks run in the request (so an in-memory SQLite database, one connection, is enough)."""
    container = build_container(_settings(database_url=database_url, public_base_url="http://localhost"))
    container.sms_sender.override(providers.Singleton(MemorySmsSender))
    container.geocoder.override(providers.Singleton(MemoryGeocoder))
    container.task_runner.override(providers.Singleton(ImmediateTaskRunner))
    container.file_storage.override(providers.Singleton(MemoryFileStorage, "http://localhost"))
    upgrade(container.engine())
    return create_app(container)


_logins = itertools.count(1)


def log_in(app: Flask, number: tuple[str, str], *, admin: bool = False) -> dict[str, str]:
    """Bearer headers of a new session of the test number's account, its profile complete. Each login
    comes from an address of its own, so that many logins stay under the per-address limits."""
    count = next(_logins)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.{count // 65536 % 256}.{count // 256 % 256}.{count % 256}"
    if admin:
        app.extensions["rozgar.container"].grant_admin()(number[0])
    verified = client.post("/api/v1/auth/verify-otp", json={"phone": number[0], "otp": number[1]})
    assert verified.status_code == 200, verified.get_json()
    headers = {"Authorization": f"Bearer {verified.get_json()['accessToken']}"}
    own = client.get("/api/v1/users/profile", headers=headers)
    assert own.status_code == 200, own.get_json()
    if not own.get_json()["user"]["isProfileComplete"]:
        created = client.post("/api/v1/users/profile", json=COMPLETE_PROFILE, headers=headers)
        assert created.status_code == 201, created.get_json()
    return headers
