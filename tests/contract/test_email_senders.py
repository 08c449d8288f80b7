"""The EmailSender contract: console and SendGrid, SendGrid played by a local HTTP server."""
from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator

import pytest
from sms_server import RecordingServer

from rozgar_adapters.email import ConsoleEmailSender, SendGridEmailSender, mask_email
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.ports.activity import EmailSender

API_KEY = "SG.sendgrid-key-5ecre7"
FROM = "noreply@rozgar360.com"
TO = "ramesh.kumar@example.com"
SUBJECT = "New review"
TEXT = "You received a 5-star review"
SEND_FAILED = "Could not send the email, please try again"


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


def sendgrid(base_url: str, *, timeout: float = 5.0) -> SendGridEmailSender:
    return SendGridEmailSender(API_KEY, FROM, base_url=base_url, timeout=timeout)


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)


def assert_nothing_private_logged(caplog: pytest.LogCaptureFixture) -> None:
    text = logged_text(caplog)
    assert caplog.records, "the adapter should have logged what happened"
    for private in (API_KEY, TO, "ramesh.kumar", TEXT):
        assert private not in text


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("address", "masked"),
    [(TO, "r***@example.com"), ("a@b.in", "a***@b.in"), ("no-at-sign", "***"), ("@example.com", "***")],
)
def test_addresses_are_masked(address: str, masked: str) -> None:
    assert mask_email(address) == masked


def test_console_logs_one_line_with_the_masked_recipient_and_the_subject(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sender: EmailSender = ConsoleEmailSender()

    sender.send(TO, SUBJECT, TEXT)

    [record] = caplog.records
    assert (record.name, record.levelno) == ("rozgar.email", logging.INFO)
    assert "r***@example.com" in record.getMessage() and SUBJECT in record.getMessage()
    assert "\n" not in record.getMessage()
    assert_nothing_private_logged(caplog)


def test_console_keeps_a_multi_line_subject_on_one_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    ConsoleEmailSender().send(TO, "first\nsecond", TEXT)

    [record] = caplog.records
    assert "first second" in record.getMessage() and "\n" not in record.getMessage()


def test_sendgrid_sends_the_exact_mail_send_request(server: RecordingServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.answer_with(202, b"")

    sendgrid(server.url).send(TO, SUBJECT, TEXT)

    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/v3/mail/send")
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {
        "personalizations": [{"to": [{"email": TO}]}],
        "from": {"email": FROM},
        "subject": SUBJECT,
        "content": [{"type": "text/plain", "value": TEXT}],
    }
    assert_nothing_private_logged(caplog)


def test_sendgrid_keeps_a_base_url_path_prefix(server: RecordingServer) -> None:
    server.answer_with(202, b"")

    sendgrid(server.url + "/proxy").send(TO, SUBJECT, TEXT)

    assert server.requests[0].path == "/proxy/v3/mail/send"


@pytest.mark.parametrize("status", [400, 401, 403, 413, 429, 500, 503])
def test_sendgrid_refusals_raise_without_leaking(
    server: RecordingServer, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    caplog.set_level(logging.DEBUG)
    echo = json.dumps({"errors": [{"message": f"bad request for {TO} with key {API_KEY}"}]}).encode()
    server.answer_with(status, echo)

    with pytest.raises(DependencyUnavailable) as failure:
        sendgrid(server.url).send(TO, SUBJECT, TEXT)

    assert failure.value.message == SEND_FAILED
    assert failure.value.__cause__ is None and failure.value.__context__ is None
    assert f"HTTP {status}" in logged_text(caplog)
    assert_nothing_private_logged(caplog)


def test_sendgrid_timeout_raises(server: RecordingServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.answer_with(202, b"", delay_seconds=1.0)

    with pytest.raises(DependencyUnavailable) as failure:
        sendgrid(server.url, timeout=0.2).send(TO, SUBJECT, TEXT)

    assert failure.value.message == SEND_FAILED
    assert failure.value.__cause__ is None and failure.value.__suppress_context__  # no httpx details
    assert "Timeout" in logged_text(caplog)
    assert_nothing_private_logged(caplog)


def test_sendgrid_closed_port_raises(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    with pytest.raises(DependencyUnavailable) as failure:
        sendgrid(f"http://127.0.0.1:{closed_port()}").send(TO, SUBJECT, TEXT)

    assert failure.value.message == SEND_FAILED
    assert failure.value.__cause__ is None and failure.value.__suppress_context__
    assert "ConnectError" in logged_text(caplog)
    assert_nothing_private_logged(caplog)
