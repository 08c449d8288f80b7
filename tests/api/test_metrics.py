"""Prometheus metrics at /metrics: request counts and latencies by route, domain counters, protection."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from dependency_injector import providers
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from rozgar_adapters.container import Container
from rozgar_adapters.settings import Settings
from rozgar_web import create_app

from .conftest import (
    SEND,
    TEST_NUMBER,
    TEST_NUMBER_CODE,
    VERIFY,
    Login,
    api_settings,
    assert_error,
    bearer,
    from_ip,
)

SRC = Path(__file__).resolve().parents[2] / "src"
TOKEN = "metrics-scrape-token-0123456789"


def scrape(client: FlaskClient, **kwargs: object) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/plain")
    return parse(response.get_data(as_text=True))


def parse(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_method_route_template_and_status(client: FlaskClient) -> None:
    client.get("/api/v1/health")
    client.get("/api/v1/health")
    client.get("/api/v1/labours/3f1e0c55-0000-4000-8000-000000000001")
    client.get("/api/v1/no-such-route/9876543210")
    samples = scrape(client)
    assert value(samples, "rozgar_http_requests_total", method="GET", route="/api/v1/health", status="200") == 2
    labour_route = "/api/v1/labours/<string:labour_id>"
    assert value(samples, "rozgar_http_requests_total", method="GET", route=labour_route, status="401") == 1
    assert value(samples, "rozgar_http_requests_total", method="GET", route="<unmatched>", status="404") == 1
    assert value(samples, "rozgar_http_request_duration_seconds_count", method="GET", route="/api/v1/health") == 2
    assert value(samples, "rozgar_http_request_duration_seconds_sum", method="GET", route="/api/v1/health") > 0
    assert not any("9876543210" in str(labels) or "3f1e0c55" in str(labels) for _, labels in samples)


def test_otp_sends_logins_and_searches_count_only_successes(client: FlaskClient) -> None:
    assert client.post(SEND, json={"phone": TEST_NUMBER}).status_code == 200
    assert client.post(SEND, json={"phone": "123"}).status_code == 400
    assert client.post(VERIFY, json={"phone": TEST_NUMBER, "otp": "000000"}).status_code == 400
    verified = client.post(VERIFY, json={"phone": TEST_NUMBER, "otp": TEST_NUMBER_CODE})
    assert verified.status_code == 200
    headers = bearer(verified.get_json()["accessToken"])
    assert client.get("/api/v1/labours?skills=plumber", headers=headers).status_code == 200
    assert client.get("/api/v1/labours/nearby?latitude=18.5&longitude=73.8", headers=headers).status_code == 200
    assert client.get("/api/v1/labours?page=0", headers=headers).status_code == 400
    samples = scrape(client)
    assert value(samples, "rozgar_otp_sends_total") == 1
    assert value(samples, "rozgar_logins_total") == 1
    assert value(samples, "rozgar_searches_total") == 2


def test_cache_hits_and_misses_are_counted_through_the_cache_port(
    client: FlaskClient, container: Container, login: Login
) -> None:
    cache = container.cache()
    assert cache.get("metrics-test:absent") is None
    cache.set("metrics-test:present", "1", 60)
    assert cache.get("metrics-test:present") == "1"
    assert cache.incr("metrics-test:counter") == 1
    samples = scrape(client)
    assert value(samples, "rozgar_cache_misses_total") == 1
    assert value(samples, "rozgar_cache_hits_total") == 1

    headers = bearer(login()["accessToken"])
    for _ in range(2):  # the same search twice: the second answer comes from the cache
        assert client.get("/api/v1/labours?skills=mason", headers=headers).status_code == 200
    after = scrape(client)
    assert value(after, "rozgar_cache_misses_total") > 1
    assert value(after, "rozgar_cache_hits_total") > 1


def test_each_app_counts_on_its_own_registry(container: Container) -> None:
    first, second = create_app(container).test_client(), create_app(container).test_client()
    first.get("/api/v1/health")
    assert value(scrape(first), "rozgar_http_requests_total", method="GET", route="/api/v1/health", status="200") == 1
    assert value(scrape(second), "rozgar_http_requests_total", method="GET", route="/api/v1/health", status="200") == 0


def test_without_a_token_only_loopback_clients_may_scrape(client: FlaskClient) -> None:
    assert scrape(client, **from_ip("127.0.0.1")) is not None
    assert scrape(client, **from_ip("::1")) is not None
    assert_error(client.get("/metrics", **from_ip("203.0.113.5")), 403, "FORBIDDEN")
    # A reverse proxy on the same host forwards everyone from loopback: forwarded requests are refused.
    proxied = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.5"}, **from_ip("127.0.0.1"))
    assert_error(proxied, 403, "FORBIDDEN")


def _client_with_token(container: Container) -> FlaskClient:
    container.settings.override(providers.Object(replace(api_settings(), metrics_token=TOKEN)))
    app: Flask = create_app(container)
    return app.test_client()


def test_with_a_token_the_bearer_token_is_required_from_anywhere(container: Container) -> None:
    client = _client_with_token(container)
    assert_error(client.get("/metrics"), 401, "UNAUTHORIZED")
    assert_error(client.get("/metrics", headers=bearer("wrong-token")), 401, "UNAUTHORIZED")
    assert_error(client.get("/metrics", headers={"Authorization": TOKEN}), 401, "UNAUTHORIZED")
    assert scrape(client, headers=bearer(TOKEN), **from_ip("203.0.113.5")) is not None


def test_metrics_token_is_read_from_the_environment(tmp_path: Path) -> None:
    base = {"DATA_DIR": str(tmp_path), "JWT_SECRET": "j" * 32, "OTP_PEPPER": "p" * 32}
    assert Settings.from_env(base).metrics_token is None
    assert Settings.from_env({**base, "METRICS_TOKEN": TOKEN}).metrics_token == TOKEN


_MULTIPROCESS_SCRIPT = textwrap.dedent(
    """
    import os
    from rozgar_adapters.container import build_memory_container
    from rozgar_web import create_app

    for _ in range(2):  # two workers' apps in one process stand in for two processes' files
        create_app(build_memory_container()).test_client().get("/api/v1/health")
    print(create_app(build_memory_container()).test_client().get("/metrics").get_data(as_text=True))
    """
)


def test_multiprocess_mode_adds_up_the_counts_written_to_the_shared_directory(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", _MULTIPROCESS_SCRIPT], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    samples = parse(result.stdout)
    assert value(samples, "rozgar_http_requests_total", method="GET", route="/api/v1/health", status="200") == 2
    assert list(tmp_path.glob("*.db")), "the counts live in the shared directory"


def test_metrics_is_not_part_of_the_public_api_document(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert not [path for path in paths if "metrics" in path]
