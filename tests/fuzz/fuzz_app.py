"""The app under fuzzing: the in-memory container, with test numbers that log in without SMS."""
from __future__ import annotations

import itertools
from typing import Any

from flask import Flask

from rozgar_adapters.container import build_memory_container
from rozgar_adapters.settings import Settings
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


def fuzz_app() -> Flask:
    settings = Settings(
        jwt_secret="fuzz-test-jwt-secret-of-32-bytes",
        otp_pepper="fuzz-test-otp-pepper-of-32-bytes",
        otp_test_numbers={f"+91{FUZZ_NUMBER[0]}": FUZZ_NUMBER[1], f"+91{FRESH_NUMBER[0]}": FRESH_NUMBER[1]},
        # Thousands of requests from one user and one address: the general limits would answer 429 to most.
        rate_limit_max_requests=1_000_000,
        rate_limit_user_max_requests=1_000_000,
    )
    return create_app(build_memory_container(settings))


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
