"""Security headers on every response, errors and /media included; a view's own values win."""
from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask, Response, request

API_CSP = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def docs_policy(body: bytes, asset_origin: str) -> str:
    """Swagger UI loads its scripts and styles from a CDN and starts from one inline script, which is
    allowed by its hash (not with 'unsafe-inline')."""
    script_sources = [asset_origin] + [
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(body)
    ]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(script_sources),
            f"style-src {asset_origin} 'unsafe-inline'",
            f"img-src 'self' data: {asset_origin}",
            f"font-src data: {asset_origin}",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def is_media_request() -> bool:
    return request.path.startswith("/media/")


def install(app: Flask, *, hsts: bool) -> None:
    swagger_url = str(app.config.get("OPENAPI_SWAGGER_UI_URL") or "")
    parts = urlsplit(swagger_url)
    asset_origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "'self'"

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # One pass over the response's headers: each setdefault would scan them all again.
        present = {name.lower() for name, _ in response.headers.items()}

        def default(name: str, value: str) -> None:
            if name.lower() not in present:
                response.headers.add(name, value)
                present.add(name.lower())

        for name, value in BASE_HEADERS.items():
            default(name, value)
        if request.endpoint == DOCS_ENDPOINT and response.status_code == 200:
            response.headers["Content-Security-Policy"] = docs_policy(response.get_data(), asset_origin)
            present.add("content-security-policy")
        default("Content-Security-Policy", API_CSP)
        # Pictures are shown by web clients of other origins; everything else is read through CORS.
        default("Cross-Origin-Resource-Policy", "cross-origin" if is_media_request() else "same-origin")
        if hsts and request.is_secure:
            default("Strict-Transport-Security", HSTS)
        if "Authorization" in request.headers:
            default("Cache-Control", "no-store")
        return response
