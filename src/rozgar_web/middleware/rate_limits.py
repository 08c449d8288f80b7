"""General request limits: per client IP for anonymous traffic, per user for authenticated traffic."""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from flask import Flask, g, request

from rozgar_core.errors import DependencyUnavailable, RateLimited, RozgarError
from rozgar_core.model import AccessClaims
from rozgar_core.ports import RateDecision, RateRule
from rozgar_web.auth import bearer_token, remember_decoded_token
from rozgar_web.container_access import client_ip

log = logging.getLogger("rozgar.rate_limits")

EXEMPT_PATHS = frozenset(
    {
        "/api/v1/health",
        "/api/v1/health/ready",
        "/metrics",
        # These two have limits of their own, per phone and per IP, tighter where it matters (codes
        # sent and guessed) and sized for many users behind one carrier-grade NAT address.
        "/api/v1/auth/send-otp",
        "/api/v1/auth/verify-otp",
    }
)
# After the limiter's store failed, requests skip it for this long instead of each waiting for a timeout.
OUTAGE_BACKOFF_SECONDS = 5.0


class GeneralRateLimits:
    """A before-request hook on the container's RateLimiter (in process, or Redis when configured)."""

    def __init__(self, container: Any) -> None:
        self._container = container
        self._warned = False
        self._skip_until = 0.0
        self._outage_lock = threading.Lock()

    def __call__(self) -> None:
        if request.method == "OPTIONS" or request.path.rstrip("/") in EXEMPT_PATHS:
            return
        if time.monotonic() < self._skip_until:
            return
        now = self._container.clock().now()
        try:
            decision = self._decide(now)
        except DependencyUnavailable:
            # General limits fail open: an outage of the limiter's store must not take the API down.
            self._outage_started()
            return
        if self._warned:
            self._warned = False
            log.info("general rate limits are back on")
        if not decision.allowed:
            raise RateLimited(decision.retry_after)

    def _decide(self, now: Any) -> RateDecision:
        """Per user for a signed, unexpired access token (whose revocation the gate reads at the same
        time, for the view's auth guard), per client IP otherwise."""
        settings = self._container.settings()
        window_seconds = max(1, -(-settings.rate_limit_window_ms // 1000))
        signed = self._signed_token(now)
        if signed is None:
            rule = RateRule(f"general:ip:{client_ip()}", settings.rate_limit_max_requests, window_seconds)
            return self._container.rate_limiter().hit([rule], now)  # type: ignore[no-any-return]
        token, claims = signed
        g.rate_limit_user_id = claims.user_id
        rule = RateRule(f"general:user:{claims.user_id}", settings.rate_limit_user_max_requests, window_seconds)
        remember_decoded_token(token, claims)  # kept even if the gate's store is down
        admission = self._container.request_gate().admit([rule], claims, now)
        remember_decoded_token(token, claims, admission.revoked)
        return admission.decision  # type: ignore[no-any-return]

    def _signed_token(self, now: Any) -> tuple[str, AccessClaims] | None:
        """The bearer token and its claims, when it is signed by us and unexpired."""
        token = bearer_token()
        if token is None:
            return None
        try:
            return token, self._container.token_codec().decode(token, now)
        except RozgarError:
            return None

    def _outage_started(self) -> None:
        with self._outage_lock:
            self._skip_until = time.monotonic() + OUTAGE_BACKOFF_SECONDS
            if self._warned:
                return
            self._warned = True
        log.warning("general rate limits are off while the rate-limit store does not answer")


def install(app: Flask, container: Any) -> None:
    app.before_request(GeneralRateLimits(container))
