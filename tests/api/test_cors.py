"""CORS: exact configured origins only, and no CORS headers at all when none is configured."""
from __future__ import annotations

from dataclasses import replace

from dependency_injector import providers
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.settings import Settings
from rozgar_web import create_app

from .conftest import api_settings

APP_ORIGIN = "https://app.rozgar360.in"
ADMIN_ORIGIN = "https://admin.rozgar360.in"
PROFILE = "/api/v1/users/profile"


def client_for(container: Container, origins: tuple[str, ...], **overrides: int) -> FlaskClient:
    container.settings.override(providers.Object(replace(api_settings(), cors_origins=origins, **overrides)))
    app = create_app(container)
    app.config["TESTING"] = True
    return app.test_client()


def preflight(client: FlaskClient, origin: str, path: str = "/api/v1/auth/send-otp") -> dict[str, str]:
    response = client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert response.status_code == 200
    return dict(response.headers)


def cors_headers(headers: dict[str, str]) -> set[str]:
    return {name for name in headers if name.lower().startswith("access-control-")}


def test_without_cors_origin_there_are_no_cors_headers(container: Container) -> None:
    client = client_for(container, ())
    assert cors_headers(dict(client.get("/api/v1/health", headers={"Origin": APP_ORIGIN}).headers)) == set()
    assert cors_headers(preflight(client, APP_ORIGIN)) == set()


def test_a_configured_origin_is_echoed_exactly_and_may_read_the_request_id(container: Container) -> None:
    client = client_for(container, (APP_ORIGIN, ADMIN_ORIGIN))
    for origin in (APP_ORIGIN, ADMIN_ORIGIN):
        response = client.get("/api/v1/health", headers={"Origin": origin})
        assert response.headers["Access-Control-Allow-Origin"] == origin
        exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
        assert "x-request-id" in exposed
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert "Origin" in response.headers.get("Vary", "")


def test_an_unknown_origin_gets_no_permission(container: Container) -> None:
    client = client_for(container, (APP_ORIGIN,))
    for origin in ("https://evil.example", "https://app.rozgar360.in.evil.example", "http://app.rozgar360.in"):
        response = client.get("/api/v1/health", headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Access-Control-Allow-Origin" not in preflight(client, origin)


def test_a_preflight_allows_the_authorization_and_content_type_headers(container: Container) -> None:
    client = client_for(container, (APP_ORIGIN,))
    headers = preflight(client, APP_ORIGIN)
    assert headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    allowed = {h.strip().lower() for h in headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type"} <= allowed
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in headers


def test_error_answers_carry_cors_headers_so_the_app_can_read_them(container: Container) -> None:
    client = client_for(container, (APP_ORIGIN,))
    response = client.get(PROFILE, headers={"Origin": APP_ORIGIN})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN


def test_a_rate_limited_answer_lets_the_app_read_retry_after(container: Container) -> None:
    client = client_for(container, (APP_ORIGIN,), rate_limit_max_requests=1)
    client.get(PROFILE, headers={"Origin": APP_ORIGIN})
    response = client.get(PROFILE, headers={"Origin": APP_ORIGIN})
    assert response.status_code == 429
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert "retry-after" in exposed


def test_preflights_do_not_use_up_the_rate_limit(container: Container) -> None:
    client = client_for(container, (APP_ORIGIN,), rate_limit_max_requests=1)
    for _ in range(5):
        assert preflight(client, APP_ORIGIN)["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert client.get(PROFILE, headers={"Origin": APP_ORIGIN}).status_code == 401


def test_cors_origin_is_read_as_a_comma_separated_list() -> None:
    settings = Settings.from_env(
        {"JWT_SECRET": "j" * 32, "OTP_PEPPER": "p" * 32, "CORS_ORIGIN": f"{APP_ORIGIN}, {ADMIN_ORIGIN}"}
    )
    assert settings.cors_origins == (APP_ORIGIN, ADMIN_ORIGIN)
