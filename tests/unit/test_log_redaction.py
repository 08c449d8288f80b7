"""Log lines and error reports: phone numbers masked, tokens and codes removed, JSON lines, log settings."""
from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rozgar_adapters.settings import Settings, SettingsError
from rozgar_web.logging_config import (
    REDACTED,
    build_handler,
    configure_logging,
    mask_phone_numbers,
    redact_text,
    wants_json,
)
from rozgar_web.middleware import sentry

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJ0eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU"
REFRESH_TOKEN = "q2W3e4R5t6Y7u8I9o0PaSdFgHjKlZxCvBnM1234567-_"


@pytest.mark.parametrize(
    "raw",
    ["9876543210", "+919876543210", "+91 98765 43210", "+91-98765-43210", "09876543210", "919876543210",
     "0091 9876543210"],
)
def test_indian_mobile_numbers_are_masked_in_every_spelling(raw: str) -> None:
    masked = mask_phone_numbers(f"login for {raw}, please")
    assert masked == "login for +91******3210, please"


@pytest.mark.parametrize(
    "text",
    [
        "took 1234567890 ns",  # ten digits, but not a mobile number (starts with 1)
        "epoch ms 1712345678901",
        "user 3f2a9876543210bc",  # inside an identifier
        "order 98765432101234",
        "pin 411001",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert mask_phone_numbers(text) == text


def test_jwts_bearer_tokens_and_keyed_secrets_are_removed() -> None:
    text = redact_text(
        f"auth={JWT} header='Authorization: Bearer {JWT}' otp=123456 "
        f'{{"refreshToken": "{REFRESH_TOKEN}", "otp": "654321"}} token: abc'
    )
    for secret in (JWT, "123456", "654321", REFRESH_TOKEN, "abc"):
        assert secret not in text
    assert text.count(REDACTED) >= 5


def test_a_bare_opaque_token_is_removed_but_ordinary_ids_are_kept() -> None:
    uuid_text = "user 0b5a7d0e-1111-4c3a-9a35-4a3e2f6f7a11 request 6f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
    assert redact_text(uuid_text) == uuid_text
    assert REFRESH_TOKEN not in redact_text(f"rotated {REFRESH_TOKEN}")


@pytest.fixture
def output() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    logger = logging.getLogger("rozgar.test_redaction")
    handler = build_handler(stream, json_lines=True)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_the_handler_writes_one_json_object_per_line(output: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = output
    logger.info("first %s", "line", extra={"route": "/api/v1/health", "status": 200})
    logger.warning("second\nline")
    first, second = lines(stream)
    assert first["message"] == "first line" and first["level"] == "INFO"
    assert first["logger"] == "rozgar.test_redaction"
    assert first["route"] == "/api/v1/health" and first["status"] == 200
    assert first["time"].endswith("+00:00")
    assert second["message"] == "second\nline"


def test_messages_arguments_extras_and_tracebacks_are_redacted(output: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = output
    logger.info("OTP for %s", "+919876543210", extra={"otp": "123456", "accessToken": JWT, "phone": "9876543210"})
    try:
        raise ValueError(f"bad phone 9876543210 with token {JWT}")
    except ValueError:
        logger.exception("failed")
    text = stream.getvalue()
    for secret in ("9876543210", "123456", JWT):
        assert secret not in text
    info, error = lines(stream)
    assert info["message"] == "OTP for +91******3210"
    assert info["otp"] == REDACTED and info["accessToken"] == REDACTED and info["phone"] == "+91******3210"
    assert "ValueError: bad phone +91******3210" in error["exception"]


def test_the_console_sms_code_is_hidden_unless_revealing_is_asked_for() -> None:
    sms_logger = logging.getLogger("rozgar.sms")
    message = "SMS to %s: 482913 is your Rozgar360 login code. It is valid for 5 minutes."
    for reveal, expected in ((False, "[OTP] is your"), (True, "482913 is your")):
        stream = io.StringIO()
        handler = build_handler(stream, json_lines=False, reveal_sms_codes=reveal)
        sms_logger.addHandler(handler)
        try:
            sms_logger.warning(message, "+91******3210")
        finally:
            sms_logger.removeHandler(handler)
        text = stream.getvalue()
        assert expected in text and "+91******3210" in text and "valid for 5 minutes" in text


def test_json_is_the_default_in_production_and_when_no_terminal_reads_the_log() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_json("auto", production=False, stream=io.StringIO()) is True
    assert wants_json("auto", production=False, stream=Terminal()) is False
    assert wants_json("auto", production=True, stream=Terminal()) is True
    assert wants_json("text", production=True) is False
    assert wants_json("json", production=False, stream=Terminal()) is True


def test_configuring_twice_replaces_its_own_handler_and_keeps_others() -> None:
    root = logging.getLogger()
    original, level = list(root.handlers), root.level
    others = [handler for handler in original if not getattr(handler, "_rozgar", False)]
    try:
        first = configure_logging(log_format="json", level="debug")
        second = configure_logging(log_format="text", level="WARNING")
        assert first not in root.handlers and second in root.handlers
        assert [handler for handler in root.handlers if handler is not second] == others
        assert root.level == logging.WARNING
    finally:
        root.handlers[:] = original
        root.setLevel(level)


def test_log_settings_are_read_and_checked(tmp_path: Path) -> None:
    base = {"DATA_DIR": str(tmp_path), "JWT_SECRET": "j" * 32, "OTP_PEPPER": "p" * 32}
    defaults = Settings.from_env(base)
    assert (defaults.log_format, defaults.log_level) == ("auto", "INFO")
    chosen = Settings.from_env({**base, "LOG_FORMAT": "json", "LOG_LEVEL": "debug"})
    assert (chosen.log_format, chosen.log_level) == ("json", "DEBUG")
    with pytest.raises(SettingsError, match="LOG_FORMAT"):
        Settings.from_env({**base, "LOG_FORMAT": "xml"})
    with pytest.raises(SettingsError, match="LOG_LEVEL"):
        Settings.from_env({**base, "LOG_LEVEL": "verbose"})


def test_error_reports_lose_bodies_credentials_addresses_and_phone_numbers() -> None:
    event: dict[str, Any] = {
        "message": "could not text 9876543210",
        "request": {
            "url": "https://api.rozgar360.in/api/v1/auth/send-otp",
            "query_string": "phone=9876543210",
            "data": {"phone": "9876543210", "otp": "123456"},
            "cookies": {"session": "x"},
            "headers": {"Authorization": f"Bearer {JWT}", "X-Forwarded-For": "203.0.113.9", "Accept": "*/*"},
            "env": {"REMOTE_ADDR": "203.0.113.9", "SERVER_NAME": "api"},
        },
        "user": {"id": "u-1", "ip_address": "203.0.113.9", "username": "+919876543210"},
        "exception": {"values": [{"type": "DependencyUnavailable", "value": f"SMS to +91 98765 43210 failed ({JWT})"}]},
        "breadcrumbs": {"values": [{"message": "OTP for 09876543210", "data": {"refresh_token": REFRESH_TOKEN}}]},
    }
    scrubbed = sentry.scrub_event(event, {})
    text = json.dumps(scrubbed)
    for secret in ("9876543210", "98765 43210", "123456", JWT, REFRESH_TOKEN, "203.0.113.9"):
        assert secret not in text
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert scrubbed["request"]["headers"]["Authorization"] == REDACTED
    assert scrubbed["request"]["headers"]["Accept"] == "*/*"
    assert scrubbed["user"] == {"id": "u-1"}
    assert scrubbed["exception"]["values"][0]["type"] == "DependencyUnavailable"


def test_sentry_starts_only_with_a_dsn_and_without_personal_data(monkeypatch: pytest.MonkeyPatch) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    assert sentry.install(None, environment="production") is False
    assert calls == []
    assert sentry.install("https://key@o0.ingest.sentry.io/1", environment="production") is True
    (options,) = calls
    assert options["send_default_pii"] is False
    assert options["before_send"] is sentry.scrub_event
    assert options["include_local_variables"] is False
    assert any(isinstance(integration, FlaskIntegration) for integration in options["integrations"])
