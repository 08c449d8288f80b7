"""/reports through HTTP: filing a report, its rules and errors, and hiding after enough reporters."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.memory.store import MemoryStore

from .activity_helpers import (
    ADMIN_REPORTS,
    ADMIN_USERS,
    LABOURS,
    MISSING_ID,
    REASON,
    REPORTS,
    People,
    labour_view,
    memory_people,
    report,
    search_ids,
    set_setting,
)
from .conftest import assert_error, field_names
from .profile_helpers import Account

REPORT_FIELDS = {
    "id", "reporterId", "reportedUserId", "reason", "status", "resolutionNote", "resolvedAt", "createdAt",
    "reporter", "reportedUser",
}


@pytest.fixture
def people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    return memory_people(client, container, store)


def decide(client: FlaskClient, admin: Account, report_id: str, status: str = "rejected") -> None:
    response = client.patch(f"{ADMIN_REPORTS}/{report_id}", json={"status": status}, headers=admin.headers)
    assert response.status_code == 200, response.get_json()


def test_a_report_is_filed_pending_with_the_wire_shape(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    response = report(client, employer, labour.id, f"  {REASON}  ")
    assert response.status_code == 201
    body = response.get_json()
    assert body["success"] is True and body["message"]
    filed = body["report"]
    assert set(filed) <= REPORT_FIELDS and {"id", "reporterId", "reportedUserId", "status"} <= set(filed)
    assert (filed["reporterId"], filed["reportedUserId"]) == (employer.id, labour.id)
    assert (filed["reason"], filed["status"], filed["resolvedAt"]) == (REASON, "pending", None)


@pytest.mark.parametrize("reason", ["too short", "x" * 1001, "       short   ", None, 42])
def test_a_reason_outside_10_to_1000_characters_is_400_on_reason(
    client: FlaskClient, people: People, reason: object
) -> None:
    labour, employer = people.labour(), people.employer()
    body = assert_error(report(client, employer, labour.id, reason), 400, "VALIDATION_ERROR")
    assert field_names(body) == ["reason"]


def test_a_reason_of_exactly_10_and_1000_characters_is_accepted(client: FlaskClient, people: People) -> None:
    labour, first, second = people.labour(), people.employer(), people.employer()
    assert report(client, first, labour.id, "x" * 10).status_code == 201
    assert report(client, second, labour.id, "y" * 1000).status_code == 201


def test_a_report_without_user_id_is_400_on_user_id(client: FlaskClient, people: People) -> None:
    response = client.post(REPORTS, json={"reason": REASON}, headers=people.employer().headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["userId"]


def test_reporting_yourself_is_400_on_user_id(client: FlaskClient, people: People) -> None:
    labour = people.labour()
    assert field_names(assert_error(report(client, labour, labour.id), 400, "VALIDATION_ERROR")) == ["userId"]


@pytest.mark.parametrize("user_id", [MISSING_ID, "not-a-uuid"])
def test_reporting_a_user_that_does_not_exist_is_404(client: FlaskClient, people: People, user_id: str) -> None:
    assert_error(report(client, people.employer(), user_id), 404, "USER_NOT_FOUND")


def test_a_second_pending_report_of_the_same_user_is_409(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    assert report(client, employer, labour.id).status_code == 201
    assert_error(report(client, employer, labour.id, "Another reason, still pending"), 409, "REPORT_PENDING")


def test_once_the_report_is_decided_the_reporter_may_report_again(client: FlaskClient, people: People) -> None:
    labour, employer, admin = people.labour(), people.employer(), people.admin()
    first = report(client, employer, labour.id).get_json()["report"]["id"]
    decide(client, admin, first, "resolved")
    assert report(client, employer, labour.id).status_code == 201


def test_an_employer_may_be_reported_too(client: FlaskClient, people: People) -> None:
    assert report(client, people.labour(), people.employer().id).status_code == 201


def test_reporting_a_suspended_user_is_404(client: FlaskClient, people: People) -> None:
    labour, employer, admin = people.labour(), people.employer(), people.admin()
    client.patch(f"{ADMIN_USERS}/{labour.id}/status", json={"isActive": False}, headers=admin.headers)
    assert_error(report(client, employer, labour.id), 404)


def test_reports_need_a_token(client: FlaskClient) -> None:
    assert_error(client.post(REPORTS, json={"userId": MISSING_ID, "reason": REASON}), 401)


def test_reporters_up_to_the_threshold_hide_a_labour_from_search_and_profile(
    client: FlaskClient, people: People
) -> None:
    labour, searcher, admin = people.labour(), people.employer(), people.admin()
    set_setting(client, admin, "reports.autoHideThreshold", 2)
    assert labour.id in search_ids(client, searcher)
    report(client, people.employer(), labour.id)
    assert labour.id in search_ids(client, searcher)
    assert labour_view(client, searcher, labour.id).status_code == 200
    report(client, people.employer(), labour.id)
    assert labour.id not in search_ids(client, searcher)
    assert labour.id not in search_ids(client, searcher, skills="plumber")
    assert_error(labour_view(client, searcher, labour.id), 404, "LABOUR_NOT_FOUND")


def test_the_default_threshold_is_five_distinct_reporters(client: FlaskClient, people: People) -> None:
    labour, searcher = people.labour(), people.employer()
    for _ in range(4):
        assert report(client, people.employer(), labour.id).status_code == 201
    assert labour.id in search_ids(client, searcher)
    assert report(client, people.employer(), labour.id).status_code == 201
    assert labour.id not in search_ids(client, searcher)


def test_an_admin_decision_shows_a_hidden_labour_again(client: FlaskClient, people: People) -> None:
    labour, searcher, admin = people.labour(), people.employer(), people.admin()
    set_setting(client, admin, "reports.autoHideThreshold", 2)
    first = report(client, people.employer(), labour.id).get_json()["report"]["id"]
    report(client, people.employer(), labour.id)
    assert labour.id not in search_ids(client, searcher)
    decide(client, admin, first, "rejected")
    assert labour.id in search_ids(client, searcher)
    assert labour_view(client, searcher, labour.id).status_code == 200


def test_a_hidden_labour_still_uses_the_app_and_sees_their_own_profile(client: FlaskClient, people: People) -> None:
    labour, admin = people.labour(), people.admin()
    set_setting(client, admin, "reports.autoHideThreshold", 1)
    report(client, people.employer(), labour.id)
    assert client.get("/api/v1/users/profile", headers=labour.headers).status_code == 200
    assert client.get(LABOURS, headers=labour.headers).status_code == 200
