"""Shared by the failure tests: a production-shaped app on real adapters, and a per-request time bound."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from dependency_injector import providers
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from rozgar_adapters.container import Container, build_container
from rozgar_adapters.geo.memory import MemoryGeocoder
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.settings import Settings
from rozgar_adapters.sql.migrate import upgrade
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_core.model.location import GeoPoint
from rozgar_web import create_app

from .conftest import PHONE, PHONE_E164, SEND, VERIFY, bearer
from .profile_helpers import LABOUR_BODY, PROFILE, PUNE_PIN

# "No request hangs": every request must be answered within this, whatever is down.
REQUEST_BOUND_SECONDS = 5.0
PUNE = GeoPoint(18.5308, 73.8475)
LABOUR_PHONE = "9123456780"
LABOUR_E164 = "+919123456780"
READY = "/api/v1/health/ready"
LIVE = "/api/v1/health"


def failure_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'rozgar.sqlite3'}",
        "jwt_secret": "failure-test-jwt-secret-32-bytes",
        "otp_pepper": "failure-test-otp-pepper-32-bytes",
        "public_base_url": "http://testserver",
    }
    values.update(overrides)
    return Settings(**values)


def real_app(settings: Settings, *, memory_sms: bool = True) -> tuple[Flask, Container]:
    """The production container, minus geocoding, background threads and (unless told) SMS; migrated."""
    container = build_container(settings)
    if memory_sms:
        container.sms_sender.override(providers.Singleton(MemorySmsSender))
    container.geocoder.override(providers.Object(MemoryGeocoder({PUNE_PIN: PUNE})))
    container.task_runner.override(providers.Singleton(ImmediateTaskRunner))
    upgrade(container.engine())
    app = create_app(container)
    app.config["TESTING"] = True
    return app, container


def timed(client: FlaskClient, method: str, path: str, **kwargs: Any) -> TestResponse:
    """The request's response; fails the test if it took longer than the bound."""
    started = time.monotonic()
    response = client.open(path, method=method, **kwargs)
    elapsed = time.monotonic() - started
    assert elapsed < REQUEST_BOUND_SECONDS, f"{method} {path} took {elapsed:.1f} s"
    return response


def log_in(client: FlaskClient, sms: MemorySmsSender, phone: str, e164: str) -> dict[str, str]:
    """Bearer headers of a freshly logged-in phone (its code read from the memory SMS sender)."""
    sent = timed(client, "POST", SEND, json={"phone": phone})
    assert sent.status_code == 200, sent.get_json()
    code = sms.last_code_for(e164)
    assert code is not None
    verified = timed(client, "POST", VERIFY, json={"phone": phone, "otp": code})
    assert verified.status_code == 200, verified.get_json()
    return bearer(verified.get_json()["accessToken"])


def labour_and_searcher(client: FlaskClient, sms: MemorySmsSender) -> tuple[dict[str, str], str]:
    """A searcher with a complete profile and a labour in Pune: (the searcher's headers, the labour's id)."""
    labour = log_in(client, sms, LABOUR_PHONE, LABOUR_E164)
    created = timed(client, "POST", PROFILE, json=LABOUR_BODY, headers=labour)
    assert created.status_code == 201, created.get_json()
    searcher = log_in(client, sms, PHONE, PHONE_E164)
    body = {**LABOUR_BODY, "name": "Sunita Patil", "skills": ["painter"]}
    created = timed(client, "POST", PROFILE, json=body, headers=searcher)
    assert created.status_code == 201, created.get_json()
    labour_id: str = timed(client, "GET", PROFILE, headers=labour).get_json()["user"]["id"]
    return searcher, labour_id
