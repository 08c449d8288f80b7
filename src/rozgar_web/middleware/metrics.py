"""Prometheus metrics on a registry of the app's own, served at /metrics (token or loopback only)."""
from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Sequence
from typing import Any

from dependency_injector import providers
from flask import Flask, Response, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from rozgar_core.ports import Cache
from rozgar_web.auth import bearer_token
from rozgar_web.container_access import client_ip
from rozgar_web.errors import error_response
from rozgar_web.middleware.request_logging import elapsed_seconds, route_template

METRICS_PATH = "/metrics"
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
_FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")
# (method, route template) answered with 200 -> the domain counter it feeds.
_DOMAIN_EVENTS = {
    ("POST", "/api/v1/auth/send-otp"): "otp_sends",
    ("POST", "/api/v1/auth/verify-otp"): "logins",
    ("GET", "/api/v1/labours"): "searches",
    ("GET", "/api/v1/labours/nearby"): "searches",
}


class RozgarMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "rozgar_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=registry
        )
        self.duration = Histogram(
            "rozgar_http_request_duration_seconds", "Time to answer a request", ["method", "route"],
            registry=registry,
        )
        self.otp_sends = Counter("rozgar_otp_sends", "Login codes sent", registry=registry)
        self.logins = Counter("rozgar_logins", "Successful OTP logins", registry=registry)
        self.searches = Counter("rozgar_searches", "Labour searches answered", registry=registry)
        self.cache_hits = Counter("rozgar_cache_hits", "Cache lookups that found a value", registry=registry)
        self.cache_misses = Counter("rozgar_cache_misses", "Cache lookups that found nothing", registry=registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.duration.labels(method, route).observe(seconds)
        event = _DOMAIN_EVENTS.get((method, route))
        if event is not None and status == 200:
            getattr(self, event).inc()

    def exposition(self) -> bytes:
        if os.environ.get(MULTIPROCESS_ENV):
            from prometheus_client import multiprocess

            # Every gunicorn worker writes its counts to files in that directory; sum them.
            merged = CollectorRegistry()
            multiprocess.MultiProcessCollector(merged)
            return bytes(generate_latest(merged))
        return bytes(generate_latest(self.registry))


class CountingCache:
    """The Cache port, counting hits and misses of `get` and otherwise passing through."""

    def __init__(self, inner: Cache, hits: Counter, misses: Counter) -> None:
        self._inner = inner
        self._hits = hits
        self._misses = misses

    def get(self, key: str) -> str | None:
        value = self._inner.get(key)
        (self._misses if value is None else self._hits).inc()
        return value

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        values = self._inner.get_many(keys)
        for value in values:
            (self._misses if value is None else self._hits).inc()
        return values

    def set(self, key: str, value: str, ttl_seconds: int) -> None:
        self._inner.set(key, value, ttl_seconds)

    def delete(self, *keys: str) -> None:
        self._inner.delete(*keys)

    def incr(self, key: str) -> int:
        return self._inner.incr(key)


def count_cache_lookups(container: Any, metrics: RozgarMetrics) -> None:
    """Put a CountingCache in front of whatever the container's cache provider builds now."""
    inner = container.cache.last_overriding
    if inner is None:
        original = container.cache
        inner = type(original)(original.provides, *original.args, **original.kwargs)
    container.cache.override(providers.Singleton(CountingCache, inner, metrics.cache_hits, metrics.cache_misses))


def is_local_request() -> bool:
    """A loopback peer that no proxy forwarded: a proxy on the same host must not open /metrics."""
    if any(name in request.headers for name in _FORWARDING_HEADERS):
        return False
    try:
        return ipaddress.ip_address(client_ip()).is_loopback
    except ValueError:
        return False


def _metrics_view(metrics: RozgarMetrics, token: str | None) -> Response:
    if token:
        offered = bearer_token() or ""
        if not hmac.compare_digest(offered.encode(), token.encode()):
            response = error_response(401, "A valid metrics token is required", "UNAUTHORIZED")
            response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    elif not is_local_request():
        return error_response(403, "Metrics are served to local clients only", "FORBIDDEN")
    response = Response(metrics.exposition())
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.headers["Cache-Control"] = "no-store"
    return response


def install(app: Flask, container: Any) -> RozgarMetrics:
    metrics = RozgarMetrics(CollectorRegistry())
    app.extensions["rozgar.metrics"] = metrics
    count_cache_lookups(container, metrics)
    token = container.settings().metrics_token

    app.add_url_rule(METRICS_PATH, "metrics", lambda: _metrics_view(metrics, token), methods=["GET"])

    @app.after_request
    def record_request(response: Response) -> Response:
        metrics.observe(request.method, route_template(), response.status_code, elapsed_seconds())
        return response

    return metrics
