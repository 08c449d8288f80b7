"""X-Request-ID, one JSON access line per request, and no phone number, code or token in any log line."""
from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from dependency_injector import providers
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.sms.console import ConsoleSmsSender
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import Phone
from rozgar_web.logging_config import build_handler

from .conftest import (
    LOGOUT,
    PHONE,
    PHONE_E164,
    REFRESH,
    SEND,
    VERIFY,
    Login,
    bearer,
    from_ip,
)

LABOUR_ROUTE = "/api/v1/labours/<string:labour_id>"


class CapturedLogs:
    def __init__(self, stream: io.StringIO) -> None:
        self._stream = stream

    @property
    def text(self) -> str:
        return self._stream.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def access(self) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line["logger"] == "rozgar.access"]


@pytest.fixture
def logs() -> Iterator[CapturedLogs]:
    """Everything logged at DEBUG and above, through the production handler (JSON, redacting)."""
    stream = io.StringIO()
    handler = build_handler(stream, json_lines=True)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield CapturedLogs(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_a_request_id_is_generated_and_returned(client: FlaskClient) -> None:
    first = client.get("/api/v1/health").headers["X-Request-ID"]
    second = client.get("/api/v1/health").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


@pytest.mark.parametrize("offered", ["abc-123", "trace.id_42", "A" * 64])
def test_a_well_formed_client_request_id_is_kept(client: FlaskClient, offered: str) -> None:
    assert client.get("/api/v1/health", headers={"X-Request-ID": offered}).headers["X-Request-ID"] == offered


@pytest.mark.parametrize("offered", ["", "A" * 65, "has space", "back\\slash", "<script>", "id;drop"])
def test_a_malformed_client_request_id_is_replaced(client: FlaskClient, offered: str) -> None:
    returned = client.get("/api/v1/health", headers={"X-Request-ID": offered}).headers["X-Request-ID"]
    assert returned != offered and re.fullmatch(r"[0-9a-f]{32}", returned)


def test_error_answers_carry_the_request_id_too(client: FlaskClient) -> None:
    for response in (client.get("/api/v1/nowhere"), client.get("/api/v1/users/profile"), client.delete("/api/v1/health")):
        assert response.status_code >= 400
        assert response.headers["X-Request-ID"]


def test_one_access_line_per_request_with_the_route_template(client: FlaskClient, logs: CapturedLogs) -> None:
    response = client.get("/api/v1/labours/0b5a7d0e-1111-4c3a-9a35-4a3e2f6f7a11", headers={"X-Request-ID": "req-1"})
    assert response.status_code == 401
    (line,) = logs.access()
    assert line["method"] == "GET"
    assert line["path"] == LABOUR_ROUTE
    assert line["status"] == 401
    assert isinstance(line["duration_ms"], (int, float)) and line["duration_ms"] >= 0
    assert line["request_id"] == "req-1"
    assert line["remote_ip"] == "127.0.0.1"
    assert line["user_id"] is None
    assert "0b5a7d0e" not in logs.text


def test_an_unknown_path_is_logged_under_one_template(client: FlaskClient, logs: CapturedLogs) -> None:
    client.get("/api/v1/users/9876543210/secrets")
    (line,) = logs.access()
    assert line["path"] == "<unmatched>" and line["status"] == 404


def test_the_access_line_names_the_authenticated_user(client: FlaskClient, login: Login, logs: CapturedLogs) -> None:
    body = login()
    response = client.get("/api/v1/users/profile", headers=bearer(body["accessToken"]), **from_ip("203.0.113.9"))
    assert response.status_code == 200
    line = logs.access()[-1]
    assert line["path"] == "/api/v1/users/profile"
    assert line["user_id"] == response.get_json()["user"]["id"]
    assert line["remote_ip"] == "203.0.113.9"
    assert line["request_id"] == response.headers["X-Request-ID"]


class _FailingSms:
    def send(self, phone: Phone, message: str) -> None:
        raise DependencyUnavailable()


def test_error_logs_carry_the_request_id(container: Container, client: FlaskClient, logs: CapturedLogs) -> None:
    container.sms_sender.override(providers.Object(_FailingSms()))
    response = client.post(SEND, json={"phone": PHONE}, headers={"X-Request-ID": "failing-send"})
    assert response.status_code == 503
    errors = [line for line in logs.lines() if line["level"] == "ERROR"]
    assert errors and all(line["request_id"] == "failing-send" for line in errors)


class _UnreachableSms:
    def send(self, phone: Phone, message: str) -> None:
        try:
            raise ConnectionRefusedError("connection to the provider refused\nsecond line")
        except ConnectionRefusedError as error:
            raise DependencyUnavailable() from error


def test_a_dependency_failure_logs_its_cause(container: Container, client: FlaskClient, logs: CapturedLogs) -> None:
    container.sms_sender.override(providers.Object(_UnreachableSms()))
    assert client.post(SEND, json={"phone": PHONE}).status_code == 503
    errors = [line["message"] for line in logs.lines() if line["level"] == "ERROR"]
    assert any(message.endswith("(ConnectionRefusedError: connection to the provider refused)") for message in errors)


class _RecordingConsoleSms(ConsoleSmsSender):
    """The development SMS sender (it logs the message), remembering the code for the test."""

    def __init__(self) -> None:
        self.codes: list[str] = []

    def send(self, phone: Phone, message: str) -> None:
        self.codes.append(message.split()[0])
        super().send(phone, message)


def test_no_phone_number_code_or_token_reaches_any_log_line(
    container: Container, client: FlaskClient, logs: CapturedLogs
) -> None:
    sms = _RecordingConsoleSms()
    container.sms_sender.override(providers.Object(sms))
    secrets: list[str] = [PHONE, PHONE_E164[1:]]

    assert client.post(SEND, json={"phone": f"+91 {PHONE[:5]}-{PHONE[5:]}"}).status_code == 200
    code = sms.codes[-1]
    assert client.post(VERIFY, json={"phone": PHONE, "otp": "000000" if code != "000000" else "111111"}).status_code == 400
    verified = client.post(VERIFY, json={"phone": PHONE, "otp": code})
    assert verified.status_code == 200
    tokens = verified.get_json()
    secrets += [tokens["accessToken"], tokens["refreshToken"]]
    refreshed = client.post(REFRESH, json={"refreshToken": tokens["refreshToken"]}).get_json()
    secrets += [refreshed["accessToken"], refreshed["refreshToken"]]
    replayed = client.post(REFRESH, json={"refreshToken": tokens["refreshToken"]})
    assert replayed.status_code == 401
    client.get("/api/v1/users/profile", headers=bearer(refreshed["accessToken"]))
    client.post(LOGOUT, json={"refreshToken": refreshed["refreshToken"]}, headers=bearer(refreshed["accessToken"]))
    client.post(SEND, json={"phone": "12345"})

    text = logs.text
    assert len(logs.access()) == 8
    assert "+91******3210" in text, "the SMS line is still there, with the phone masked"
    for secret in secrets:
        assert secret not in text
    # The code as a word of its own (a random hex request id may contain the same digits).
    assert not re.search(rf"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])", text)


def test_with_info_lines_off_no_access_line_is_written_and_the_request_id_is_still_returned(
    client: FlaskClient, logs: CapturedLogs
) -> None:
    access = logging.getLogger("rozgar.access")
    level = access.level
    access.setLevel(logging.WARNING)
    try:
        response = client.get("/api/v1/health", headers={"X-Request-ID": "quiet-1"})
    finally:
        access.setLevel(level)
    assert response.headers["X-Request-ID"] == "quiet-1"
    assert logs.access() == []
    client.get("/api/v1/health")
    assert len(logs.access()) == 1
