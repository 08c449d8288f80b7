"""X-Request-ID and one access-log line per request (method, route template, status, duration, user)."""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from rozgar_web.container_access import client_ip

REQUEST_ID_HEADER = "X-Request-ID"
UNMATCHED_ROUTE = "<unmatched>"
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

access_log = logging.getLogger("rozgar.access")


def route_template() -> str:
    """The URL rule (`/api/v1/labours/<string:labour_id>`), never the concrete path: ids and phone
    numbers in paths stay out of logs and metric labels."""
    rule = request.url_rule
    return rule.rule if rule is not None else UNMATCHED_ROUTE


def elapsed_seconds() -> float:
    started = g.get("request_started")
    return time.perf_counter() - started if started is not None else 0.0


def current_user_id() -> str | None:
    """The user the view authenticated, else the one whose signed token the rate limiter read."""
    user_id = g.get("user_id") or g.get("rate_limit_user_id")
    return str(user_id) if user_id else None


def _start_request() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _CLIENT_REQUEST_ID.match(offered) else uuid.uuid4().hex


def _finish_request(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    if not access_log.isEnabledFor(logging.INFO):
        return response  # the line would be dropped: skip gathering its fields
    route = route_template()
    duration_ms = round(elapsed_seconds() * 1000, 2)
    access_log.info(
        "%s %s %d %.1fms",
        request.method,
        route,
        response.status_code,
        duration_ms,
        extra={
            "method": request.method,
            "path": route,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": current_user_id(),
            "request_id": request_id,
            "remote_ip": client_ip(),
        },
    )
    return response


def install(app: Flask) -> None:
    # First before-request hook, and the after-request hook that runs last (they run in reverse order).
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish_request)
