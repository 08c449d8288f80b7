"""Every operation of the OpenAPI document, fuzzed with schemathesis' default checks, as a logged-in
admin whose profile is complete: on the in-memory container, and on SQLite and PostgreSQL for the
queries. The document is the same for all three; only the app that answers differs.

Logging out and deleting the account end the session every other example needs, so those two run in
a test of their own where each example logs in afresh (the deleted account is created again by the
next login)."""
from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from fuzz_app import FRESH_NUMBER, OPENAPI_PATH, fuzz_app, log_in
from fuzz_rules import CONFIG, keeps_cross_parameter_rules
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, fuzz_app(), config=CONFIG)
# Each path has that one operation. (Selected by exclusion: `include` ignores its filter when the schema
# has a configuration of its own, in the schemathesis version used.)
SESSION_ENDING = ["/api/v1/users/account", "/api/v1/auth/logout"]
ALL_BUT_SESSION_ENDING = r"^(?!/api/v1/(users/account|auth/logout)$)"
# Bounded, so the whole run stays within a few minutes; derandomized, so a failure reproduces.
FUZZ_SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@schema.hook
def filter_case(context: Any, case: schemathesis.Case) -> bool:
    return keeps_cross_parameter_rules(case)


@schema.exclude(path=SESSION_ENDING).parametrize()
@FUZZ_SETTINGS
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, memory_app: Flask, memory_admin: dict[str, str]
) -> None:
    case.call_and_validate(headers=memory_admin, app=memory_app)


@schema.exclude(path=SESSION_ENDING).parametrize()
@FUZZ_SETTINGS
def test_every_operation_answers_as_documented_on_sqlite(
    case: schemathesis.Case, sqlite_app: Flask, sqlite_admin: dict[str, str]
) -> None:
    case.call_and_validate(headers=sqlite_admin, app=sqlite_app)


@pytest.mark.postgres
@schema.exclude(path=SESSION_ENDING).parametrize()
@FUZZ_SETTINGS
def test_every_operation_answers_as_documented_on_postgresql(
    case: schemathesis.Case, postgres_app: Flask, postgres_admin: dict[str, str]
) -> None:
    case.call_and_validate(headers=postgres_admin, app=postgres_app)


@schema.exclude(path_regex=ALL_BUT_SESSION_ENDING).parametrize()
@settings(FUZZ_SETTINGS, max_examples=15)
def test_session_ending_operations_answer_as_documented(case: schemathesis.Case, memory_app: Flask) -> None:
    case.call_and_validate(headers=log_in(memory_app, FRESH_NUMBER), app=memory_app)


@pytest.mark.parametrize(
    "path", ["/api/v1/notifications", "/api/v1/contacts/history", "/api/v1/admin/audit", "/api/v1/admin/users"]
)
def test_a_page_number_too_big_for_sql_is_refused_as_input(
    path: str, sqlite_app: Flask, sqlite_admin: dict[str, str]
) -> None:
    response = sqlite_app.test_client().get(f"{path}?page={2**63}", headers=sqlite_admin)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["errors"][0]["field"] == "page"


def test_a_search_point_too_small_for_postgresql_arithmetic_is_rounded(
    postgres_app: Flask, postgres_admin: dict[str, str]
) -> None:
    client = postgres_app.test_client()
    # At a pole the public grid has one cell per row, centred on longitude 0: the distance formula then
    # squares the tiny longitude difference, which underflows in PostgreSQL unless it is rounded.
    labour = log_in(postgres_app, FRESH_NUMBER)
    moved = client.put("/api/v1/users/profile", json={"latitude": -90.0, "longitude": 10.0}, headers=labour)
    assert moved.status_code == 200, moved.get_json()
    query = "latitude=-90.0&longitude=2.371517746557748e-196&radius=5"
    response = client.get(f"/api/v1/labours/nearby?{query}", headers=postgres_admin)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["labours"], "the labour at the pole is found"
