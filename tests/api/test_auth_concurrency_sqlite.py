"""Concurrent logins and refreshes against a real SQLite file database (the zero-configuration default)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from dependency_injector import providers
from flask import Flask

from rozgar_adapters.container import Container, build_container
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.settings import Settings
from rozgar_adapters.sql.migrate import upgrade
from rozgar_web import create_app

from .conftest import PHONE, PHONE_E164, REFRESH, SEND, VERIFY, run_concurrently


@pytest.fixture
def sqlite_container(tmp_path: Path) -> Iterator[Container]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/db.sqlite3",
        jwt_secret="x" * 32,
        otp_pepper="y" * 32,
        data_dir=tmp_path,
    )
    container = build_container(settings)
    upgrade(container.engine())
    container.sms_sender.override(providers.Singleton(MemorySmsSender))
    yield container
    container.engine().dispose()


@pytest.fixture
def sqlite_app(sqlite_container: Container) -> Flask:
    return create_app(sqlite_container)


def texted_code(app: Flask, container: Container) -> str:
    assert app.test_client().post(SEND, json={"phone": PHONE}).status_code == 200
    code = container.sms_sender().last_code_for(PHONE_E164)
    assert code is not None
    return code


def test_twenty_concurrent_submissions_of_the_right_code_log_in_exactly_once_on_sqlite(
    sqlite_app: Flask, sqlite_container: Container
) -> None:
    code = texted_code(sqlite_app, sqlite_container)
    statuses = run_concurrently(
        sqlite_app, 20, lambda client: client.post(VERIFY, json={"phone": PHONE, "otp": code}).status_code
    )
    assert statuses[200] == 1
    assert set(statuses) <= {200, 400, 429}


def test_ten_concurrent_refreshes_with_one_token_never_both_succeed_nor_fail_with_500_on_sqlite(
    sqlite_app: Flask, sqlite_container: Container
) -> None:
    code = texted_code(sqlite_app, sqlite_container)
    login = sqlite_app.test_client().post(VERIFY, json={"phone": PHONE, "otp": code})
    token = login.get_json()["refreshToken"]
    statuses = run_concurrently(
        sqlite_app, 10, lambda client: client.post(REFRESH, json={"refreshToken": token}).status_code
    )
    assert statuses[200] <= 1
    assert set(statuses) <= {200, 401}


def test_a_replayed_refresh_token_revokes_its_family_on_sqlite(sqlite_app: Flask, sqlite_container: Container) -> None:
    client = sqlite_app.test_client()
    code = texted_code(sqlite_app, sqlite_container)
    stolen = client.post(VERIFY, json={"phone": PHONE, "otp": code}).get_json()["refreshToken"]
    legit = client.post(REFRESH, json={"refreshToken": stolen}).get_json()["refreshToken"]
    assert client.post(REFRESH, json={"refreshToken": stolen}).status_code == 401
    assert client.post(REFRESH, json={"refreshToken": legit}).status_code == 401  # the revocation was committed


def test_concurrent_wrong_guesses_still_burn_the_code_after_five_on_sqlite(
    sqlite_app: Flask, sqlite_container: Container
) -> None:
    code = texted_code(sqlite_app, sqlite_container)
    guess = str((int(code) + 1) % 10**6).zfill(6)
    statuses = run_concurrently(
        sqlite_app, 9, lambda client: client.post(VERIFY, json={"phone": PHONE, "otp": guess}).status_code
    )
    assert statuses == Counter({400: 9})
    response = sqlite_app.test_client().post(VERIFY, json={"phone": PHONE, "otp": code})
    assert response.status_code == 400 and response.get_json()["code"] == "OTP_INVALID"


def test_ten_concurrent_sends_to_one_phone_text_it_only_once_on_sqlite(
    sqlite_app: Flask, sqlite_container: Container
) -> None:
    statuses = run_concurrently(sqlite_app, 10, lambda client: client.post(SEND, json={"phone": PHONE}).status_code)
    assert statuses == Counter({200: 1, 429: 9})
    assert len(sqlite_container.sms_sender().sent) == 1


def test_readiness_is_200_with_a_reachable_sqlite_database(sqlite_app: Flask) -> None:
    response = sqlite_app.test_client().get("/api/v1/health/ready")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok"}
