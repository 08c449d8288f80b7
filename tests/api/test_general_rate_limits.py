"""General request limits: per client IP for anonymous traffic, per user for authenticated traffic."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dependency_injector import providers
from flask.testing import FlaskClient

from rozgar_adapters.container import Container, build_memory_container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.redis import make_redis_client
from rozgar_adapters.redis.denylist import RedisTokenDenylist
from rozgar_adapters.redis.rate_limiter import RedisRateLimiter
from rozgar_adapters.redis.request_gate import RedisRequestGate
from rozgar_adapters.settings import Settings
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.ports import RateDecision, RateRule
from rozgar_web import create_app
from rozgar_web.middleware import rate_limits

from .conftest import (
    LOGOUT,
    TEST_NUMBER,
    TEST_NUMBER_CODE,
    VERIFY,
    api_settings,
    assert_error,
    bearer,
    from_ip,
)

# Anonymous: 3 requests a minute per IP; authenticated: 5 a minute per user.
LIMITED = api_settings(rate_limit_window_ms=60_000, rate_limit_max_requests=3, rate_limit_user_max_requests=5)
ANY_ROUTE = "/api/v1/labours"  # anonymous callers get a 401, which counts like any other answer
PROFILE = "/api/v1/users/profile"



@pytest.fixture
def settings() -> Settings:
    return LIMITED


def statuses(client: FlaskClient, count: int, path: str = ANY_ROUTE, **kwargs: object) -> list[int]:
    return [client.get(path, **kwargs).status_code for _ in range(count)]  # type: ignore[arg-type]


def log_in_test_number(
    client: FlaskClient, phone: str = TEST_NUMBER, code: str = TEST_NUMBER_CODE, ip: str = "198.51.100.200"
) -> str:
    client.post("/api/v1/auth/send-otp", json={"phone": phone}, **from_ip(ip))
    response = client.post(VERIFY, json={"phone": phone, "otp": code}, **from_ip(ip))
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["accessToken"])


def test_an_ip_over_its_limit_gets_429_in_the_envelope_with_retry_after(client: FlaskClient) -> None:
    assert statuses(client, 3, **from_ip("203.0.113.7")) == [401, 401, 401]
    response = client.get(ANY_ROUTE, **from_ip("203.0.113.7"))
    body = assert_error(response, 429, "RATE_LIMITED")
    assert body["message"]
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert response.headers["X-Request-ID"]
    assert statuses(client, 1, **from_ip("203.0.113.8")) == [401]


def test_the_window_moves_rather_than_resetting_at_fixed_times(client: FlaskClient, clock: ManualClock) -> None:
    ip = from_ip("203.0.113.7")
    assert statuses(client, 2, **ip) == [401, 401]
    clock.advance(40)
    assert statuses(client, 2, **ip) == [401, 429]
    clock.advance(21)  # the first two left the window; the third (at 40 s) is still in it
    assert statuses(client, 3, **ip) == [401, 401, 429]


def test_health_metrics_and_preflights_are_not_limited(client: FlaskClient) -> None:
    ip = from_ip("203.0.113.7")
    assert statuses(client, 5, "/api/v1/health", **ip) == [200] * 5
    assert statuses(client, 5, "/api/v1/health/ready", **ip) == [200] * 5
    assert statuses(client, 5, "/metrics", **from_ip("127.0.0.1")) == [200] * 5
    assert all(client.options(ANY_ROUTE, **ip).status_code == 200 for _ in range(5))
    assert statuses(client, 4, **ip) == [401, 401, 401, 429]


def test_authenticated_requests_count_per_user_with_the_higher_limit(client: FlaskClient) -> None:
    token = log_in_test_number(client)
    ip = from_ip("203.0.113.7")
    assert statuses(client, 5, PROFILE, headers=bearer(token), **ip) == [200] * 5
    response = client.get(PROFILE, headers=bearer(token), **ip)
    assert_error(response, 429, "RATE_LIMITED")
    # The user's traffic did not use up the IP's anonymous budget, nor another user's.
    assert statuses(client, 3, **ip) == [401, 401, 401]
    other = log_in_test_number(client, "9000000002", "654321", ip="198.51.100.201")
    assert client.get(PROFILE, headers=bearer(other), **ip).status_code == 200


def test_a_user_cannot_dodge_the_limit_by_changing_ip(client: FlaskClient) -> None:
    token = log_in_test_number(client)
    codes = [client.get(PROFILE, headers=bearer(token), **from_ip(f"203.0.113.{n}")).status_code for n in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_token_that_does_not_decode_counts_against_the_ip(client: FlaskClient) -> None:
    ip = from_ip("203.0.113.7")
    forged = [client.get(PROFILE, headers=bearer(f"not-a-jwt-{n}"), **ip).status_code for n in range(3)]
    assert forged == [401, 401, 401]
    assert_error(client.get(PROFILE, headers=bearer("another"), **ip), 429, "RATE_LIMITED")


def test_an_expired_token_counts_against_the_ip(client: FlaskClient, clock: ManualClock) -> None:
    token = log_in_test_number(client)
    clock.advance(3600)  # past the access token's lifetime and the login requests' window
    ip = from_ip("203.0.113.7")
    assert [client.get(PROFILE, headers=bearer(token), **ip).status_code for _ in range(4)] == [401, 401, 401, 429]


def test_a_forged_x_forwarded_for_does_not_change_the_bucket_without_trusted_proxies(client: FlaskClient) -> None:
    codes = [
        client.get(ANY_ROUTE, headers={"X-Forwarded-For": f"198.51.100.{n}"}, **from_ip("203.0.113.7")).status_code
        for n in range(4)
    ]
    assert codes == [401, 401, 401, 429]


def _app_behind_one_proxy(container: Container) -> FlaskClient:
    container.settings.override(providers.Object(replace(LIMITED, trusted_proxy_count=1)))
    app = create_app(container)
    app.config["TESTING"] = True
    return app.test_client()


def test_behind_one_trusted_proxy_the_forwarded_client_is_the_bucket(container: Container) -> None:
    client = _app_behind_one_proxy(container)
    proxy = from_ip("10.0.0.2")
    per_client = [
        client.get(ANY_ROUTE, headers={"X-Forwarded-For": f"198.51.100.{n}"}, **proxy).status_code for n in range(6)
    ]
    assert per_client == [401] * 6
    # A client prepending a forged address still lands in its own bucket (the proxy appends the real one).
    one_client = [
        client.get(ANY_ROUTE, headers={"X-Forwarded-For": f"1.2.3.{n}, 198.51.100.50"}, **proxy).status_code
        for n in range(4)
    ]
    assert one_client == [401, 401, 401, 429]


class _DownLimiter:
    """A RateLimiter whose store does not answer."""

    def __init__(self) -> None:
        self.calls = 0

    def hit(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        self.calls += 1
        raise DependencyUnavailable()

    def check(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        raise DependencyUnavailable()


def test_when_the_limiter_store_is_down_requests_pass_and_it_is_logged_once(
    container: Container, client: FlaskClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rate_limits, "OUTAGE_BACKOFF_SECONDS", 0.0)
    down = _DownLimiter()
    container.rate_limiter.override(providers.Object(down))
    with caplog.at_level(logging.WARNING, logger="rozgar.rate_limits"):
        assert statuses(client, 6, **from_ip("203.0.113.7")) == [401] * 6
    assert down.calls == 6
    warnings = [r for r in caplog.records if r.name == "rozgar.rate_limits" and r.levelno == logging.WARNING]
    assert len(warnings) == 1


def test_during_an_outage_the_store_is_not_asked_on_every_request(container: Container, client: FlaskClient) -> None:
    down = _DownLimiter()
    container.rate_limiter.override(providers.Object(down))
    assert statuses(client, 5, **from_ip("203.0.113.7")) == [401] * 5
    assert down.calls == 1


@pytest.mark.redis
def test_limits_are_shared_by_every_app_on_the_same_redis(redis_url: str, redis_prefix: str) -> None:
    clients = []
    with make_redis_client(redis_url) as redis_client:
        for _ in range(2):  # two processes' worth of apps, each with its own container
            container = build_memory_container(LIMITED)
            container.clock.override(providers.Object(ManualClock()))
            container.rate_limiter.override(providers.Object(RedisRateLimiter(redis_client, prefix=redis_prefix)))
            clients.append(create_app(container).test_client())
        ip = from_ip("203.0.113.7")
        codes = [clients[n % 2].get(ANY_ROUTE, **ip).status_code for n in range(4)]
        assert codes == [401, 401, 401, 429]


@pytest.mark.redis
def test_with_limits_and_logouts_on_one_redis_they_are_read_together_and_both_hold(
    redis_url: str, redis_prefix: str
) -> None:
    with make_redis_client(redis_url) as redis_client:
        container = build_memory_container(LIMITED)
        container.clock.override(providers.Object(ManualClock(datetime.now(UTC))))
        container.rate_limiter.override(providers.Object(RedisRateLimiter(redis_client, prefix=redis_prefix)))
        container.denylist.override(
            providers.Object(RedisTokenDenylist(redis_client, container.clock(), prefix=redis_prefix))
        )
        assert isinstance(container.request_gate(), RedisRequestGate)
        client = create_app(container).test_client()
        token, ip = log_in_test_number(client), from_ip("203.0.113.7")

        assert statuses(client, 3, PROFILE, headers=bearer(token), **ip) == [200] * 3
        assert client.post(LOGOUT, headers=bearer(token), **ip).status_code == 200
        assert_error(client.get(PROFILE, headers=bearer(token), **ip), 401, "TOKEN_INVALID")
        # Five requests a minute per user, the logout and the refused one included.
        assert_error(client.get(PROFILE, headers=bearer(token), **ip), 429, "RATE_LIMITED")


def test_settings_read_the_per_user_limit(tmp_path: Path) -> None:
    base = {"DATA_DIR": str(tmp_path), "JWT_SECRET": "j" * 32, "OTP_PEPPER": "p" * 32}
    assert Settings.from_env(base).rate_limit_user_max_requests == 600
    assert Settings.from_env({**base, "RATE_LIMIT_USER_MAX_REQUESTS": "1200"}).rate_limit_user_max_requests == 1200
