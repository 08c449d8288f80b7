"""CORS for the configured origins only; no CORS headers at all when none is configured."""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS

ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Request-ID"]
EXPOSED_HEADERS = ["X-Request-ID", "Retry-After"]
PREFLIGHT_MAX_AGE_SECONDS = 600


def install(app: Flask, origins: tuple[str, ...]) -> None:
    if not origins:
        return
    # Bearer tokens travel in a header, never in cookies: credentials stay off, so even a "*"
    # origin can never be combined with them.
    CORS(
        app,
        origins=list(origins),
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        supports_credentials=False,
        max_age=PREFLIGHT_MAX_AGE_SECONDS,
        vary_header=True,
    )
