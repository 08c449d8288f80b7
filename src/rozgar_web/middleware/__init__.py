"""Cross-cutting HTTP concerns: request ids and access logs, metrics, security headers, CORS, rate limits,
error reporting."""
from __future__ import annotations

from typing import Any

from flask import Flask

from rozgar_web.middleware import (
    cors,
    metrics,
    rate_limits,
    request_logging,
    security_headers,
    sentry,
)


def install_middleware(app: Flask, container: Any) -> None:
    settings = container.settings()
    request_logging.install(app)
    metrics.install(app, container)
    security_headers.install(app, hsts=settings.hsts)
    cors.install(app, settings.cors_origins)
    rate_limits.install(app, container)
    sentry.install(settings.sentry_dsn, environment=settings.env)
