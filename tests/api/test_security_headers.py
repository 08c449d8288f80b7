"""Security headers on every response (successes, errors, media, docs) and no server version."""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from rozgar_adapters.container import Container
from rozgar_adapters.settings import Settings
from rozgar_web import create_app
from rozgar_web.serving import SERVER_NAME, DevRequestHandler

from .conftest import Login, api_settings, bearer

API_CSP = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"
PROFILE = "/api/v1/users/profile"


def assert_base_headers(response: TestResponse) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"]
    assert response.headers["Cross-Origin-Resource-Policy"] in {"same-origin", "cross-origin"}
    assert "Server" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/api/v1/health", {}, 200),
        ("GET", "/api/v1/openapi.json", {}, 200),
        ("GET", "/api/v1/no-such-thing", {}, 404),
        ("DELETE", "/api/v1/health", {}, 405),
        ("GET", PROFILE, {}, 401),
        ("POST", "/api/v1/auth/send-otp", {"json": {"phone": "12"}}, 400),
        ("POST", "/api/v1/auth/send-otp", {"data": "{", "content_type": "application/json"}, 400),
        ("GET", "/media/pictures/missing.jpg", {}, 404),
    ],
)
def test_every_api_answer_carries_the_api_policy(
    client: FlaskClient, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status
    assert_base_headers(response)
    assert response.headers["Content-Security-Policy"] == API_CSP
    expected_corp = "cross-origin" if path.startswith("/media/") else "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == expected_corp


def test_a_served_picture_keeps_its_own_policy_and_may_be_embedded_cross_origin(
    client: FlaskClient, container: Container
) -> None:
    container.file_storage().save("pictures/a.jpg", b"\xff\xd8\xff", "image/jpeg")
    response = client.get("/media/pictures/a.jpg")
    assert response.status_code == 200
    assert_base_headers(response)
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_swagger_ui_gets_a_policy_that_loads_its_cdn_assets_and_only_its_own_inline_script(
    client: FlaskClient,
) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert_base_headers(response)
    policy = dict(
        (part.split(" ", 1) + [""])[:2] for part in response.headers["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "https://cdn.jsdelivr.net" in policy["script-src"].split()
    assert "https://cdn.jsdelivr.net" in policy["style-src"].split()
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["connect-src"] == "'self'"
    inline = re.findall(rb"<script>(.*?)</script>", response.get_data(), re.DOTALL)
    assert inline, "the page starts Swagger UI from an inline script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"].split()


def _client(container: Container, **overrides: Any) -> FlaskClient:
    container.settings.override(providers.Object(replace(api_settings(), **overrides)))
    app = create_app(container)
    app.config["TESTING"] = True
    return app.test_client()


def test_hsts_only_over_https_and_when_enabled(container: Container) -> None:
    enabled = _client(container, hsts=True)
    assert enabled.get("/api/v1/health", base_url="https://api.example.in").headers["Strict-Transport-Security"] == HSTS
    assert enabled.get("/api/v1/no-such-thing", base_url="https://api.example.in").headers[
        "Strict-Transport-Security"
    ] == HSTS
    assert "Strict-Transport-Security" not in enabled.get("/api/v1/health").headers
    disabled = _client(container, hsts=False)
    assert "Strict-Transport-Security" not in disabled.get("/api/v1/health", base_url="https://api.example.in").headers


def test_hsts_behind_a_tls_proxy_trusts_x_forwarded_proto_only_from_trusted_proxies(container: Container) -> None:
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.1"}
    behind_proxy = _client(container, hsts=True, trusted_proxy_count=1)
    assert behind_proxy.get("/api/v1/health", headers=https).headers["Strict-Transport-Security"] == HSTS
    direct = _client(container, hsts=True, trusted_proxy_count=0)
    assert "Strict-Transport-Security" not in direct.get("/api/v1/health", headers=https).headers


def test_authenticated_answers_are_not_stored_unless_the_view_says_otherwise(
    client: FlaskClient, login: Login
) -> None:
    token = login()["accessToken"]
    response = client.get(PROFILE, headers=bearer(token))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    refused = client.get(PROFILE, headers=bearer("not-a-token"))
    assert refused.status_code == 401 and refused.headers["Cache-Control"] == "no-store"
    assert "Cache-Control" not in client.get("/api/v1/health").headers


def test_the_development_server_names_no_software_version() -> None:
    assert SERVER_NAME == "rozgar360"
    handler = DevRequestHandler.__new__(DevRequestHandler)
    assert handler.version_string() == "rozgar360"


def test_hsts_is_on_by_default_in_production_only(tmp_path: Path) -> None:
    secrets = {"DATA_DIR": str(tmp_path), "JWT_SECRET": "j" * 32, "OTP_PEPPER": "p" * 32}
    assert Settings.from_env(secrets).hsts is False
    assert Settings.from_env({**secrets, "NODE_ENV": "production"}).hsts is True
    assert Settings.from_env({**secrets, "NODE_ENV": "production", "HSTS_ENABLED": "false"}).hsts is False
    assert Settings.from_env({**secrets, "HSTS_ENABLED": "true"}).hsts is True
