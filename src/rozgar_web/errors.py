"""Every error leaves as the envelope the app reads: {success: false, message, code, errors?}."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from rozgar_core import errors as core

log = logging.getLogger("rozgar.web")

_STATUS: list[tuple[type[core.RozgarError], int]] = [
    (core.InvalidInput, 400),
    (core.OtpInvalid, 400),
    (core.AuthError, 401),
    (core.Forbidden, 403),
    (core.NotFound, 404),
    (core.Conflict, 409),
    (core.PayloadTooLarge, 413),
    (core.UnsupportedMediaType, 415),
    (core.RateLimited, 429),
    (core.DependencyUnavailable, 503),
]

_HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
}


def error_response(
    status: int, message: str, code: str, errors: list[dict[str, str]] | None = None
) -> Response:
    body: dict[str, Any] = {"success": False, "message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    return response


def status_of(error: core.RozgarError) -> int:
    for error_class, status in _STATUS:
        if isinstance(error, error_class):
            return status
    return 500


def handle_rozgar_error(error: core.RozgarError) -> Response:
    status = status_of(error)
    errors = None
    if isinstance(error, core.InvalidInput):
        errors = [{"field": e.field, "message": e.message} for e in error.errors]
    response = error_response(status, error.message, error.code, errors)
    if isinstance(error, core.RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, core.AuthError):
        response.headers["WWW-Authenticate"] = 'Bearer realm="rozgar360"'
    if status >= 500:
        log.error("dependency failure: %s (%s)", error.message, failure_cause(error))
    return response


def failure_cause(error: BaseException) -> str:
    """What made a dependency fail, for the log: the class and first line of the driver's own error
    (a database wrapper's full text would quote the statement and its parameters)."""
    cause = error.__cause__
    if cause is None:
        return "no cause recorded"
    original = getattr(cause, "orig", None) or cause
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0][:300]}" if lines else type(original).__name__


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages is not None:
        field_errors = flatten_messages(messages)
        return error_response(400, _summary(field_errors), "VALIDATION_ERROR", field_errors)
    code = _HTTP_CODES.get(status, "ERROR" if status < 500 else "INTERNAL_ERROR")
    response = error_response(status, _plain_description(error), code)
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return response


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error")
    return error_response(500, "Something went wrong on our side", "INTERNAL_ERROR")


def flatten_messages(messages: Any, prefix: str = "") -> list[dict[str, str]]:
    """webargs/marshmallow messages ({"json": {"phone": ["..."]}}) -> [{field, message}]."""
    if isinstance(messages, dict):
        flat: list[dict[str, str]] = []
        for key, value in messages.items():
            if not prefix and key in {"json", "query", "form", "files", "headers", "path", "view_args"}:
                flat.extend(flatten_messages(value, ""))
            else:
                name = "body" if key == "_schema" else str(key)
                flat.extend(flatten_messages(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(messages, (list, tuple)):
        if all(isinstance(m, str) for m in messages):
            return [{"field": prefix or "body", "message": str(m)} for m in messages]
        flat = []
        for item in messages:
            flat.extend(flatten_messages(item, prefix))
        return flat
    return [{"field": prefix or "body", "message": str(messages)}]


def _summary(field_errors: list[dict[str, str]]) -> str:
    if len(field_errors) == 1:
        return f"{field_errors[0]['field']}: {field_errors[0]['message']}"
    return "Invalid input in " + ", ".join(sorted({e["field"] for e in field_errors}))


def _plain_description(error: HTTPException) -> str:
    if error.code == 404:
        return "Not found"
    if error.code == 405:
        return "Method not allowed"
    return error.description or error.name


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(core.RozgarError, handle_rozgar_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
