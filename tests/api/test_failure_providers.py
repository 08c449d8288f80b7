"""Slow or failing SMS, email and storage providers: a bounded 503 for the action that needs one, and
nothing else waits or fails."""
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from flask.testing import FlaskClient
from support import images

from rozgar_adapters.tasks import BackgroundTaskRunner

from .conftest import SEND, VERIFY, assert_error, bearer
from .failure_support import READY, failure_settings, real_app, timed
from .fake_provider import FakeProvider
from .profile_helpers import LABOUR_BODY, LABOURS, PICTURE, PROFILE, SETTINGS

CONTACTS = "/api/v1/contacts"
NOTIFICATIONS = "/api/v1/notifications"
SEARCHER = ("9000000001", "123456")
LABOUR = ("9000000002", "654321")
TEST_NUMBERS = {"+919000000001": SEARCHER[1], "+919000000002": LABOUR[1]}
PROVIDER_TIMEOUT_SECONDS = 1.0


def provider_settings(tmp_path: Path, **overrides: Any) -> Any:
    return failure_settings(tmp_path, otp_test_numbers=TEST_NUMBERS, **overrides)


def log_in_test_number(client: FlaskClient, phone: str, code: str) -> dict[str, str]:
    """Store reviewers' numbers log in with a fixed code and no SMS, so the SMS provider is not involved."""
    assert timed(client, "POST", SEND, json={"phone": phone}).status_code == 200
    verified = timed(client, "POST", VERIFY, json={"phone": phone, "otp": code})
    assert verified.status_code == 200, verified.get_json()
    return bearer(verified.get_json()["accessToken"])


def complete_profile(client: FlaskClient, headers: dict[str, str], **overrides: Any) -> str:
    created = timed(client, "POST", PROFILE, json={**LABOUR_BODY, **overrides}, headers=headers)
    assert created.status_code == 201, created.get_json()
    user_id: str = created.get_json()["user"]["id"]
    return user_id


def assert_everything_else_works(client: FlaskClient, headers: dict[str, str]) -> None:
    for path in (PROFILE, f"{LABOURS}?skills=plumber", SETTINGS):
        response = timed(client, "GET", path, headers=headers)
        assert response.status_code == 200, (path, response.get_json())
    assert timed(client, "GET", READY).status_code == 200


@pytest.mark.parametrize(
    ("status", "delay_seconds"),
    [(200, PROVIDER_TIMEOUT_SECONDS + 2), (500, 0.0)],
    ids=["slow", "failing"],
)
def test_send_otp_is_503_within_the_bound_when_the_sms_provider_is_slow_or_failing(
    tmp_path: Path, status: int, delay_seconds: float
) -> None:
    with FakeProvider(status=status, delay_seconds=delay_seconds) as msg91:
        settings = provider_settings(
            tmp_path, sms_provider="msg91", msg91_auth_key="test-key", msg91_template_id="test-template",
            msg91_base_url=msg91.url, sms_timeout_seconds=PROVIDER_TIMEOUT_SECONDS,
        )
        app, _ = real_app(settings, memory_sms=False)
        client = app.test_client()
        searcher = log_in_test_number(client, *SEARCHER)
        complete_profile(client, searcher)

        assert_error(timed(client, "POST", SEND, json={"phone": "9876543210"}), 503, "SERVICE_UNAVAILABLE")
        assert msg91.request_count == 1, "the code was handed to the provider once"
        assert_everything_else_works(client, searcher)


def _contact_with_email_provider(client: FlaskClient) -> dict[str, str]:
    """The labour (with an email address and email notifications on) is contacted by the searcher;
    the labour's headers."""
    labour = log_in_test_number(client, *LABOUR)
    labour_id = complete_profile(client, labour, email="ramesh@example.in")
    switched = timed(client, "PUT", SETTINGS, json={"emailNotifications": True}, headers=labour)
    assert switched.status_code == 200, switched.get_json()
    searcher = log_in_test_number(client, *SEARCHER)
    complete_profile(client, searcher, name="Sunita Patil")
    response = timed(client, "POST", CONTACTS, json={"labourId": labour_id, "contactType": "call"}, headers=searcher)
    assert response.status_code == 201, response.get_json()
    return labour


def _assert_contact_notified(client: FlaskClient, labour: dict[str, str]) -> None:
    listed = timed(client, "GET", NOTIFICATIONS, headers=labour)
    assert listed.status_code == 200, listed.get_json()
    assert [n["type"] for n in listed.get_json()["notifications"]] == ["contact"]


def test_a_failing_email_provider_does_not_fail_the_contact_that_notified(tmp_path: Path) -> None:
    with FakeProvider(status=500) as sendgrid:
        settings = provider_settings(tmp_path, sendgrid_api_key="test-key", sendgrid_base_url=sendgrid.url)
        app, _ = real_app(settings)
        client = app.test_client()
        labour = _contact_with_email_provider(client)
        assert sendgrid.paths == ["/v3/mail/send"], "the email was attempted"
        _assert_contact_notified(client, labour)


def test_a_slow_email_provider_delays_nothing_but_its_own_background_task(tmp_path: Path) -> None:
    with FakeProvider(delay_seconds=8.0) as sendgrid:
        settings = provider_settings(tmp_path, sendgrid_api_key="test-key", sendgrid_base_url=sendgrid.url)
        app, container = real_app(settings)
        runner = BackgroundTaskRunner()
        container.task_runner.override(providers.Object(runner))  # production's: after the response
        client = app.test_client()
        try:
            labour = _contact_with_email_provider(client)
            _assert_contact_notified(client, labour)
        finally:
            runner.shutdown()  # waits for the email task, which gives up at the sender's timeout
        assert sendgrid.paths == ["/v3/mail/send"]


@pytest.fixture
def slow_s3() -> Iterator[FakeProvider]:
    with FakeProvider(delay_seconds=30.0) as server:
        yield server


@pytest.mark.parametrize("storage", ["closed port", "slow"])
def test_upload_picture_is_503_within_the_bound_when_storage_is_unreachable_or_slow(
    tmp_path: Path, storage: str, request: pytest.FixtureRequest
) -> None:
    endpoint = "http://127.0.0.1:1" if storage == "closed port" else request.getfixturevalue("slow_s3").url
    settings = provider_settings(
        tmp_path, storage="s3", aws_s3_endpoint_url=endpoint, aws_s3_bucket="x",
        aws_access_key_id="test-access-key", aws_secret_access_key="test-secret-key",
        storage_timeout_seconds=PROVIDER_TIMEOUT_SECONDS,
    )
    app, _ = real_app(settings)
    client = app.test_client()
    searcher = log_in_test_number(client, *SEARCHER)
    complete_profile(client, searcher)
    picture = {"file": (io.BytesIO(images.jpeg_with_metadata()), "photo.jpg", "image/jpeg")}
    response = timed(client, "POST", PICTURE, headers=searcher, data=picture, content_type="multipart/form-data")
    assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert timed(client, "GET", PROFILE, headers=searcher).get_json()["user"]["profilePictureUrl"] is None
    assert_everything_else_works(client, searcher)
