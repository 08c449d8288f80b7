"""Log set-up: JSON or text lines on stderr, with phone numbers masked and secrets removed from every line."""
from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO, Any

REDACTED = "[REDACTED]"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# An Indian mobile: +91 / 91 / 0 prefix (optional) and ten digits starting 6-9, not inside a longer number.
_PHONE = re.compile(r"(?<![A-Za-z0-9+])(?:(?:\+|00)?91[\s-]?|0)?([6-9]\d{4})[\s-]?(\d{5})(?![A-Za-z0-9])")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[^\s,;\"']+")
# Opaque tokens (refresh tokens are 43 url-safe characters): long, mixed-case and with digits.
_OPAQUE = re.compile(r"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*\d)"
                     r"[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")
# Field names (lower case, "-" read as "_") whose values never reach a log.
SECRET_KEYS = frozenset(
    {
        "otp", "otp_code", "token", "accesstoken", "access_token", "refreshtoken", "refresh_token",
        "authorization", "password", "secret", "cookie", "set_cookie", "jwt", "apikey", "api_key",
    }
)
# `otp=123456`, `"refreshToken": "abc"`, `authorization: Bearer x` inside free text.
_KEYED = re.compile(
    r"(?i)([\"']?\b(?:"
    + "|".join(re.escape(k).replace("_", "[_-]") for k in sorted(SECRET_KEYS, key=len, reverse=True))
    + r")\b[\"']?\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;}&]+)"
)
_SMS_CODE = re.compile(r"(?<![\d*])\d{4,8}(?!\d)")  # not the last digits of a masked phone
_STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys() | {"message", "asctime", "request_id"}
)


def mask_phone_numbers(text: str) -> str:
    return _PHONE.sub(lambda m: "+91******" + m.group(2)[-4:], text)


def redact_text(text: str) -> str:
    """Mask phone numbers and remove anything shaped like a JWT, a bearer token or a keyed secret."""
    text = _JWT.sub(REDACTED, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _KEYED.sub(lambda m: m.group(1) + REDACTED, text)
    text = _OPAQUE.sub(REDACTED, text)
    return mask_phone_numbers(text)


def redact_value(key: str, value: Any) -> Any:
    """A structured field: secrets by name are dropped, strings are redacted, containers recursively."""
    if key.lower().replace("-", "_") in SECRET_KEYS:
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(key, v) for v in value]
    return value


class RedactionFilter(logging.Filter):
    """On the handler, so it sees every record that reaches the output, whichever logger made it."""

    def __init__(self, *, reveal_sms_codes: bool = False) -> None:
        super().__init__()
        # The console SMS sender logs the login code on purpose so a developer can log in.
        self._reveal_sms_codes = reveal_sms_codes

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact_text(record.getMessage())
        if record.name == "rozgar.sms" and not self._reveal_sms_codes:
            message = _SMS_CODE.sub("[OTP]", message)
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        for key in extra_fields(record):
            setattr(record, key, redact_value(key, record.__dict__[key]))
        return True


class RequestContextFilter(logging.Filter):
    """Adds the current request's id (when there is a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _current_request_id()
        return True


def _current_request_id() -> str | None:
    from flask import g, has_request_context

    if not has_request_context():
        return None
    request_id = g.get("request_id")
    return str(request_id) if request_id else None


def extra_fields(record: logging.LogRecord) -> list[str]:
    return [key for key in record.__dict__ if key not in _STANDARD_ATTRIBUTES and not key.startswith("_")]


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            entry["request_id"] = record.request_id  # type: ignore[attr-defined]
        for key in extra_fields(record):
            entry[key] = record.__dict__[key]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time of the record, like logging's last-resort handler."""

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        pass


def build_handler(
    stream: IO[str] | None = None, *, json_lines: bool = True, reveal_sms_codes: bool = False
) -> logging.Handler:
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestContextFilter())
    handler.addFilter(RedactionFilter(reveal_sms_codes=reveal_sms_codes))
    return handler


def wants_json(log_format: str, *, production: bool, stream: IO[str] | None = None) -> bool:
    """`json` / `text` as configured; otherwise JSON in production or when nobody reads a terminal."""
    if log_format in {"json", "text"}:
        return log_format == "json"
    target = stream or sys.stderr
    return production or not (hasattr(target, "isatty") and target.isatty())


def configure_logging(
    *, log_format: str = "auto", level: str = "INFO", production: bool = False, reveal_sms_codes: bool = False
) -> logging.Handler:
    """Install one redacting handler on stderr at the root, replacing the one an earlier call installed
   ; other handlers are left alone."""
    handler = build_handler(
        json_lines=wants_json(log_format, production=production), reveal_sms_codes=reveal_sms_codes
    )
    handler._rozgar = True  # type: ignore[attr-defined]
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "_rozgar", False):
            root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper() if level.upper() in LEVELS else "INFO")
    return handler
