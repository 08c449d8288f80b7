"""The SmsSender contract: console, MSG91 and Twilio, the providers played by a local HTTP server."""
from __future__ import annotations

import base64
import json
import logging
import socket
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs

import pytest
from sms_server import RecordingServer

from rozgar_adapters.sms import ConsoleSmsSender, Msg91SmsSender, TwilioSmsSender
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import Phone
from rozgar_core.ports import SmsSender

AUTH_KEY = "msg91-authkey-5ecre7"
TEMPLATE_ID = "1207161234567890123"
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "twilio-token-5ecre7"
FROM_NUMBER = "+15005550006"
MESSAGE = "Your Rozgar360 code is 483920"
SEND_FAILED = "Could not send the SMS, please try again"
SECRETS = [AUTH_KEY, AUTH_TOKEN, base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()]
PRIVATE = [*SECRETS, "9876543210", "483920"]

SenderFactory = Callable[..., SmsSender]


def phone() -> Phone:
    return Phone.parse("9876543210")


def msg91(
    base_url: str, *, timeout: float = 5.0, sender_id: str | None = None, message_variable: str = "message"
) -> Msg91SmsSender:
    return Msg91SmsSender(
        auth_key=AUTH_KEY,
        template_id=TEMPLATE_ID,
        sender_id=sender_id,
        message_variable=message_variable,
        base_url=base_url,
        timeout=timeout,
    )


def twilio(base_url: str, *, timeout: float = 5.0) -> TwilioSmsSender:
    return TwilioSmsSender(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number=FROM_NUMBER,
        base_url=base_url,
        timeout=timeout,
    )


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


@pytest.fixture(params=["msg91", "twilio"])
def provider(request: pytest.FixtureRequest) -> SenderFactory:
    factories: dict[str, SenderFactory] = {"msg91": msg91, "twilio": twilio}
    return factories[request.param]


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)


def assert_nothing_private_logged(caplog: pytest.LogCaptureFixture) -> None:
    text = logged_text(caplog)
    assert caplog.records, "the adapter should have logged what happened"
    for private in PRIVATE:
        assert private not in text


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_msg91_sends_the_exact_flow_request(server: RecordingServer) -> None:
    server.answer_with(200, b'{"type": "success", "message": "3763646c3058373530393831"}')

    msg91(server.url).send(phone(), MESSAGE)

    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/api/v5/flow/")
    assert request.headers["authkey"] == AUTH_KEY
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {
        "template_id": TEMPLATE_ID,
        "short_url": "0",
        "recipients": [{"mobiles": "919876543210", "message": MESSAGE}],
    }


def test_msg91_uses_the_configured_variable_and_sender(server: RecordingServer) -> None:
    server.answer_with(200, b'{"type": "success", "message": "ok"}')

    msg91(server.url, message_variable="otp_text", sender_id="RZGRAP").send(phone(), MESSAGE)

    body = json.loads(server.requests[0].body)
    assert body["sender"] == "RZGRAP"
    assert body["recipients"] == [{"mobiles": "919876543210", "otp_text": MESSAGE}]


def test_msg91_error_type_in_a_200_answer_is_a_failure(
    server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.answer_with(200, b'{"type": "error", "message": "Invalid mobile 919876543210"}')

    with pytest.raises(DependencyUnavailable) as raised:
        msg91(server.url).send(phone(), MESSAGE)

    assert raised.value.message == SEND_FAILED
    assert "Invalid mobile" in logged_text(caplog)
    assert_nothing_private_logged(caplog)


def test_twilio_sends_the_exact_messages_request(server: RecordingServer) -> None:
    server.answer_with(201, b'{"sid": "SM0123", "status": "queued"}')

    twilio(server.url).send(phone(), MESSAGE)

    [request] = server.requests
    assert (request.method, request.path) == (
        "POST",
        f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
    )
    credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {credentials}"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.body.decode(), strict_parsing=True) == {
        "To": ["+919876543210"],
        "From": [FROM_NUMBER],
        "Body": [MESSAGE],
    }


def test_twilio_logs_its_error_code(server: RecordingServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.answer_with(400, b'{"code": 21211, "message": "The To number +919876543210 is invalid"}')

    with pytest.raises(DependencyUnavailable):
        twilio(server.url).send(phone(), MESSAGE)

    assert "21211" in logged_text(caplog)
    assert_nothing_private_logged(caplog)


def test_a_successful_send_logs_no_secret(
    provider: SenderFactory, server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.answer_with(200, b'{"type": "success", "message": "ok"}')

    provider(server.url).send(phone(), MESSAGE)

    assert len(server.requests) == 1
    assert "3210" in logged_text(caplog)  # the masked phone says who got it
    assert_nothing_private_logged(caplog)


@pytest.mark.parametrize("status", [500, 503, 401, 429])
def test_an_error_status_is_unavailable(
    provider: SenderFactory, server: RecordingServer, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    caplog.set_level(logging.DEBUG)
    server.answer_with(status, b'{"type": "error", "message": "Authentication failure"}')

    with pytest.raises(DependencyUnavailable) as raised:
        provider(server.url).send(phone(), MESSAGE)

    assert raised.value.message == SEND_FAILED
    assert str(status) in logged_text(caplog)
    assert_nothing_private_logged(caplog)


def test_an_unreadable_answer_is_unavailable(provider: SenderFactory, server: RecordingServer) -> None:
    server.answer_with(502, b"<html>Bad gateway</html>")

    with pytest.raises(DependencyUnavailable):
        provider(server.url).send(phone(), MESSAGE)


def test_a_provider_slower_than_the_timeout_is_unavailable(
    provider: SenderFactory, server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.answer_with(200, b'{"type": "success"}', delay_seconds=1.5)

    with pytest.raises(DependencyUnavailable) as raised:
        provider(server.url, timeout=0.2).send(phone(), MESSAGE)

    assert raised.value.message == SEND_FAILED
    assert "Timeout" in logged_text(caplog)
    assert_nothing_private_logged(caplog)


def test_a_closed_port_is_unavailable(provider: SenderFactory, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    with pytest.raises(DependencyUnavailable) as raised:
        provider(f"http://127.0.0.1:{closed_port()}", timeout=1.0).send(phone(), MESSAGE)

    assert raised.value.message == SEND_FAILED
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert_nothing_private_logged(caplog)


def test_console_logs_one_line_with_the_masked_phone_and_the_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="rozgar.sms")

    ConsoleSmsSender().send(phone(), MESSAGE)

    [record] = caplog.records
    assert (record.name, record.levelno) == ("rozgar.sms", logging.INFO)
    line = record.getMessage()
    assert "+91******3210" in line and MESSAGE in line
    assert "9876543210" not in line


def test_console_keeps_a_multi_line_message_on_one_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rozgar.sms")

    ConsoleSmsSender().send(phone(), "Your code is 4821\nDo not share it")

    [record] = caplog.records
    assert "\n" not in record.getMessage()
    assert "Your code is 4821 Do not share it" in record.getMessage()
