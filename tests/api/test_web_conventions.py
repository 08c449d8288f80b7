"""Envelopes and status codes, strict request bodies, health, and the OpenAPI document."""
from __future__ import annotations

from typing import Any

import pytest
from dependency_injector import providers
from flask.testing import FlaskClient

from rozgar_adapters.container import Container

from .conftest import LOGOUT, PHONE, REFRESH, SEND, VERIFY, assert_error, field_names

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
AUTH_OPERATIONS = {
    SEND: {"200", "400", "429", "503"},
    VERIFY: {"200", "400", "403", "429", "503"},
    REFRESH: {"200", "400", "401", "503"},
    LOGOUT: {"200", "400", "401", "503"},
}


@pytest.mark.parametrize(
    ("path", "body", "unknown"),
    [
        (SEND, {"phone": PHONE, "countryCode": "+91"}, "countryCode"),
        (VERIFY, {"phone": PHONE, "otp": "123456", "isAdmin": True}, "isAdmin"),
        (REFRESH, {"refreshToken": "abc", "userId": "someone"}, "userId"),
        (LOGOUT, {"refreshToken": "abc", "everywhere": True}, "everywhere"),
    ],
)
def test_unknown_json_fields_are_refused_by_name(
    client: FlaskClient, path: str, body: dict[str, Any], unknown: str
) -> None:
    response = assert_error(client.post(path, json=body), 400, "VALIDATION_ERROR")
    assert unknown in field_names(response)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (SEND, {"phone": 9876543210}, "phone"),
        (SEND, {"phone": None}, "phone"),
        (SEND, {"phone": ["9876543210"]}, "phone"),
        (VERIFY, {"phone": PHONE, "otp": 123456}, "otp"),
        (VERIFY, {"phone": {"e164": "+919876543210"}, "otp": "123456"}, "phone"),
        (REFRESH, {"refreshToken": 42}, "refreshToken"),
        (REFRESH, {"refreshToken": ""}, "refreshToken"),
        (REFRESH, {"refreshToken": "x" * 513}, "refreshToken"),
        (LOGOUT, {"allDevices": "maybe"}, "allDevices"),
    ],
)
def test_wrong_types_are_400_naming_the_field(client: FlaskClient, path: str, body: dict[str, Any], field: str) -> None:
    response = assert_error(client.post(path, json=body), 400, "VALIDATION_ERROR")
    assert field_names(response) == [field]


@pytest.mark.parametrize(
    ("path", "missing"), [(SEND, ["phone"]), (VERIFY, ["otp", "phone"]), (REFRESH, ["refreshToken"])]
)
def test_missing_fields_are_400_naming_each_field(client: FlaskClient, path: str, missing: list[str]) -> None:
    response = assert_error(client.post(path, json={}), 400, "VALIDATION_ERROR")
    assert sorted(field_names(response)) == missing


@pytest.mark.parametrize("path", [SEND, VERIFY, REFRESH])
def test_malformed_json_is_400_not_500(client: FlaskClient, path: str) -> None:
    assert_error(client.post(path, data='{"phone": ', content_type="application/json"), 400)


@pytest.mark.parametrize("path", [SEND, VERIFY, REFRESH])
def test_a_body_that_is_not_json_is_400(client: FlaskClient, path: str) -> None:
    assert_error(client.post(path, data="phone=9876543210", content_type="application/x-www-form-urlencoded"), 400)
    assert_error(client.post(path, data="9876543210", content_type="text/plain"), 400)


def test_json_that_is_not_utf8_is_400(client: FlaskClient) -> None:
    assert_error(client.post(SEND, data=b'{"phone": "\xff\xfe"}', content_type="application/json"), 400)


def test_an_oversized_body_is_413_in_the_envelope(client: FlaskClient) -> None:
    huge = b'{"phone": "' + b"9" * (7 * 1024 * 1024) + b'"}'
    assert_error(client.post(SEND, data=huge, content_type="application/json"), 413)


@pytest.mark.parametrize("document", [[], ["9876543210"], "9876543210", 42, None])
def test_json_that_is_not_an_object_is_400(client: FlaskClient, document: object) -> None:
    assert_error(client.post(SEND, json=document), 400)


def test_an_unknown_path_is_404_in_the_envelope(client: FlaskClient) -> None:
    assert_error(client.get("/api/v1/no-such-thing"), 404, "NOT_FOUND")
    assert_error(client.post("/api/v1/auth/login", json={}), 404, "NOT_FOUND")


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_a_wrong_method_is_405_in_the_envelope_with_allow(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)(SEND)
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in response.headers["Allow"]


def test_an_unexpected_failure_is_a_500_envelope_without_details(container: Container, client: FlaskClient) -> None:
    def explode() -> Any:
        raise RuntimeError("psycopg.OperationalError: SELECT secret FROM users")

    container.send_otp.override(providers.Callable(explode))
    response = client.post(SEND, json={"phone": PHONE})
    body = assert_error(response, 500, "INTERNAL_ERROR")
    text = response.get_data(as_text=True)
    assert "SELECT" not in text and "RuntimeError" not in text and "secret" not in body["message"]


def test_liveness_answers_ok(client: FlaskClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["success"], body["message"]) == (True, "ok")


def test_readiness_is_200_on_the_memory_container(client: FlaskClient) -> None:
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 200 and response.get_json()["success"] is True


def test_readiness_is_503_when_a_dependency_is_down(container: Container, client: FlaskClient) -> None:
    container.readiness_checks.override(providers.Object({"database": lambda: True, "redis": lambda: False}))
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 503
    body = response.get_json()
    assert body["success"] is False and "redis" in body["message"]
    assert body["checks"] == {"database": "ok", "redis": "down"}


@pytest.fixture
def openapi(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.get_json()
    assert document["openapi"].startswith("3.")
    return document


def test_the_openapi_document_lists_every_auth_operation_with_every_status_it_can_return(
    openapi: dict[str, Any],
) -> None:
    for path, statuses in AUTH_OPERATIONS.items():
        operation = openapi["paths"][path]["post"]
        assert statuses <= set(operation["responses"]), path


def test_every_operation_with_a_body_documents_400_and_none_documents_422(openapi: dict[str, Any]) -> None:
    operations = [
        (path, operation)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]
    with_body = [(path, op) for path, op in operations if "requestBody" in op]
    assert {path for path, _ in with_body} >= set(AUTH_OPERATIONS)
    for path, operation in with_body:
        assert "400" in operation["responses"], path
    for path, operation in operations:
        assert "422" not in operation["responses"], path


def test_documented_errors_use_the_error_envelope(openapi: dict[str, Any]) -> None:
    bad_request = openapi["components"]["responses"]["BAD_REQUEST"]
    schema_ref = bad_request["content"]["application/json"]["schema"]["$ref"]
    envelope = openapi["components"]["schemas"][schema_ref.rsplit("/", 1)[-1]]
    assert {"success", "message", "code", "errors"} <= set(envelope["properties"])


def test_the_openapi_document_describes_the_bearer_scheme(openapi: dict[str, Any]) -> None:
    scheme = openapi["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


def test_swagger_ui_is_served(client: FlaskClient) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "swagger" in response.get_data(as_text=True).lower()
