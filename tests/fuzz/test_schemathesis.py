"""Every operation of the OpenAPI document, fuzzed with schemathesis' default checks, as a logged-in
admin whose profile is complete: on the in-memory container, and on SQL (SQLite) for the queries.

Logging out and deleting the account end the session every other example needs, so those two run in
a test of their own where each example logs in afresh (the deleted account is created again by the
next login)."""
from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fuzz_app import (
    FRESH_NUMBER,
    FUZZ_NUMBER,
    OPENAPI_PATH,
    fuzz_app,
    fuzz_sql_app,
    log_in,
)
from fuzz_rules import CONFIG, keeps_cross_parameter_rules
from hypothesis import HealthCheck, settings

APP = fuzz_app()
SQL_APP = fuzz_sql_app()
schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, APP, config=CONFIG)
sql_schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, SQL_APP, config=CONFIG)
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


@sql_schema.hook("filter_case")
def filter_sql_case(context: Any, case: schemathesis.Case) -> bool:
    return keeps_cross_parameter_rules(case)


@pytest.fixture(scope="module")
def admin_headers() -> dict[str, str]:
    return log_in(APP, FUZZ_NUMBER, admin=True)


@pytest.fixture(scope="module")
def sql_admin_headers() -> dict[str, str]:
    return log_in(SQL_APP, FUZZ_NUMBER, admin=True)


@schema.exclude(path=SESSION_ENDING).parametrize()
@FUZZ_SETTINGS
def test_every_operation_answers_as_documented(case: schemathesis.Case, admin_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=admin_headers)


@sql_schema.exclude(path=SESSION_ENDING).parametrize()
@FUZZ_SETTINGS
def test_every_operation_answers_as_documented_on_sql(
    case: schemathesis.Case, sql_admin_headers: dict[str, str]
) -> None:
    case.call_and_validate(headers=sql_admin_headers)


@schema.exclude(path_regex=ALL_BUT_SESSION_ENDING).parametrize()
@settings(FUZZ_SETTINGS, max_examples=15)
def test_session_ending_operations_answer_as_documented(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=log_in(APP, FRESH_NUMBER))


@pytest.mark.parametrize(
    "path", ["/api/v1/notifications", "/api/v1/contacts/history", "/api/v1/admin/audit", "/api/v1/admin/users"]
)
def test_a_page_number_too_big_for_sql_is_refused_as_input(path: str, sql_admin_headers: dict[str, str]) -> None:
    response = SQL_APP.test_client().get(f"{path}?page={2**63}", headers=sql_admin_headers)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["errors"][0]["field"] == "page"
