"""Every operation of the OpenAPI document, fuzzed with schemathesis' default checks, as a logged-in
admin whose profile is complete.

Logging out and deleting the account end the session every other example needs, so those two run in
a test of their own where each example logs in afresh (the deleted account is created again by the
next login)."""
from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fuzz_app import FRESH_NUMBER, FUZZ_NUMBER, OPENAPI_PATH, fuzz_app, log_in
from fuzz_rules import CONFIG, keeps_cross_parameter_rules
from hypothesis import HealthCheck, settings

APP = fuzz_app()
schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, APP, config=CONFIG)
# Bounded, so the whole run stays within a few minutes; derandomized, so a failure reproduces.
FUZZ_SETTINGS = settings(
    max_examples=50, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@schema.hook
def filter_case(context: Any, case: schemathesis.Case) -> bool:
    return keeps_cross_parameter_rules(case)


@pytest.fixture(scope="module")
def admin_headers() -> dict[str, str]:
    return log_in(APP, FUZZ_NUMBER, admin=True)


# Each path has that one operation. (Selected by exclusion: `include` ignores its filter when the schema
# has a configuration of its own, in the schemathesis version used.)
SESSION_ENDING = ["/api/v1/users/account", "/api/v1/auth/logout"]
ALL_BUT_SESSION_ENDING = r"^(?!/api/v1/(users/account|auth/logout)$)"


@schema.exclude(path=SESSION_ENDING).parametrize()
@FUZZ_SETTINGS
def test_every_operation_answers_as_documented(case: schemathesis.Case, admin_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=admin_headers)


@schema.exclude(path_regex=ALL_BUT_SESSION_ENDING).parametrize()
@settings(FUZZ_SETTINGS, max_examples=15)
def test_session_ending_operations_answer_as_documented(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=log_in(APP, FRESH_NUMBER))
