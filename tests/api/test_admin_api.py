"""/admin through HTTP: who may call it, users, reports, global settings and the audit log."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore

from .activity_helpers import (
    ADMIN_AUDIT,
    ADMIN_REPORTS,
    ADMIN_SETTINGS,
    ADMIN_USERS,
    MISSING_ID,
    PAGINATION_FIELDS,
    People,
    labour_view,
    memory_people,
    notification_types,
    notifications_of,
    put_setting,
    report,
    search_ids,
)
from .conftest import REFRESH, assert_error, field_names
from .profile_helpers import Account

# (method, path, body): {user} and {report} are filled with a labour's and a pending report's ids.
ENDPOINTS = [
    ("GET", ADMIN_USERS, None),
    ("PATCH", ADMIN_USERS + "/{user}/verify", None),
    ("PATCH", ADMIN_USERS + "/{user}/status", {"isActive": True}),
    ("GET", ADMIN_REPORTS, None),
    ("PATCH", ADMIN_REPORTS + "/{report}", {"status": "resolved", "note": "Spoke to both"}),
    ("GET", ADMIN_SETTINGS, None),
    ("PUT", ADMIN_SETTINGS + "/contacts.dailyCap", {"value": 50}),
    ("GET", ADMIN_AUDIT, None),
    ("GET", "/api/v1/analytics/search-trends", None),
]
ENDPOINT_IDS = [f"{method} {path}" for method, path, _ in ENDPOINTS]


@dataclass(frozen=True)
class World:
    admin: Account
    labour: Account
    reporter: Account
    report_id: str


@pytest.fixture
def people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    return memory_people(client, container, store)


@pytest.fixture
def world(client: FlaskClient, people: People) -> World:
    admin, labour, reporter = people.admin(), people.labour(name="Ramesh Kumar"), people.employer()
    response = report(client, reporter, labour.id)
    assert response.status_code == 201
    return World(admin, labour, reporter, response.get_json()["report"]["id"])


Endpoint = tuple[str, str, object]


def call(client: FlaskClient, world: World, endpoint: Endpoint, headers: dict[str, str]) -> TestResponse:
    method, path, body = endpoint
    url = path.format(user=world.labour.id, report=world.report_id)
    return client.open(url, method=method, json=body, headers=headers)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_an_admin_may_call_every_admin_endpoint(client: FlaskClient, world: World, endpoint: Endpoint) -> None:
    response = call(client, world, endpoint, world.admin.headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["success"] is True


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_non_admin_is_refused_with_403_admin_required(client: FlaskClient, world: World, endpoint: Endpoint) -> None:
    assert_error(call(client, world, endpoint, world.reporter.headers), 403, "ADMIN_REQUIRED")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_revoked_admin_is_refused_at_once_with_the_same_token(
    client: FlaskClient, container: Container, world: World, endpoint: Endpoint
) -> None:
    assert client.get(ADMIN_USERS, headers=world.admin.headers).status_code == 200
    container.revoke_admin()(world.admin.phone)
    assert_error(call(client, world, endpoint, world.admin.headers), 403, "ADMIN_REQUIRED")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_every_admin_endpoint_needs_a_token(client: FlaskClient, world: World, endpoint: Endpoint) -> None:
    assert_error(call(client, world, endpoint, {}), 401)


def users(client: FlaskClient, admin: Account, **query: object) -> list[str]:
    response = client.get(ADMIN_USERS, query_string=query, headers=admin.headers)
    assert response.status_code == 200, response.get_json()
    return [user["id"] for user in response.get_json()["users"]]


def test_users_are_filtered_by_status_verification_and_name_or_phone(
    client: FlaskClient, people: People, world: World
) -> None:
    other = people.labour(name="Suresh Patil")
    client.patch(f"{ADMIN_USERS}/{other.id}/verify", headers=world.admin.headers)
    client.patch(f"{ADMIN_USERS}/{world.labour.id}/status", json={"isActive": False}, headers=world.admin.headers)
    assert users(client, world.admin, status="inactive") == [world.labour.id]
    assert world.labour.id not in users(client, world.admin, status="active")
    assert users(client, world.admin, verified="true") == [other.id]
    assert other.id not in users(client, world.admin, verified="false")
    assert users(client, world.admin, search="suresh") == [other.id]
    assert users(client, world.admin, search=world.labour.phone[-6:]) == [world.labour.id]


def test_the_user_list_pages_and_shows_admin_fields(client: FlaskClient, world: World) -> None:
    pages = [
        client.get(ADMIN_USERS, query_string={"limit": 2, "page": page}, headers=world.admin.headers).get_json()
        for page in (1, 2)
    ]
    assert pages[0]["pagination"] == {"page": 1, "limit": 2, "total": 3, "totalPages": 2}
    listed = {user["id"]: user for page in pages for user in page["users"]}
    assert set(listed) == {world.admin.id, world.labour.id, world.reporter.id}
    assert {"isActive", "isAdmin", "isVerified", "phone"} <= set(listed[world.labour.id])
    assert (listed[world.admin.id]["isAdmin"], listed[world.labour.id]["isAdmin"]) == (True, False)


def test_an_unknown_status_filter_is_400_on_status(client: FlaskClient, world: World) -> None:
    response = client.get(ADMIN_USERS, query_string={"status": "gone"}, headers=world.admin.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["status"]


def test_verifying_a_user_sets_the_flag_and_notifies_them(client: FlaskClient, world: World) -> None:
    response = client.patch(f"{ADMIN_USERS}/{world.labour.id}/verify", headers=world.admin.headers)
    assert response.get_json()["user"]["isVerified"] is True
    assert labour_view(client, world.reporter, world.labour.id).get_json()["labour"]["isVerified"] is True
    assert "verification" in notification_types(client, world.labour)


@pytest.mark.parametrize("user_id", [MISSING_ID, "not-a-uuid"])
def test_verifying_or_suspending_a_missing_user_is_404(client: FlaskClient, world: World, user_id: str) -> None:
    assert_error(client.patch(f"{ADMIN_USERS}/{user_id}/verify", headers=world.admin.headers), 404, "USER_NOT_FOUND")
    response = client.patch(f"{ADMIN_USERS}/{user_id}/status", json={"isActive": False}, headers=world.admin.headers)
    assert_error(response, 404, "USER_NOT_FOUND")


def test_suspending_ends_sessions_at_once_and_hides_from_search(
    client: FlaskClient, world: World, people: People
) -> None:
    path = f"{ADMIN_USERS}/{world.labour.id}/status"
    assert world.labour.id in search_ids(client, world.reporter)
    response = client.patch(path, json={"isActive": False}, headers=world.admin.headers)
    assert response.status_code == 200 and response.get_json()["user"]["isActive"] is False
    assert_error(client.get("/api/v1/users/profile", headers=world.labour.headers), 401)
    assert_error(client.post(REFRESH, json={"refreshToken": world.labour.refresh_token}), 401)
    assert world.labour.id not in search_ids(client, world.reporter)
    assert_error(labour_view(client, world.reporter, world.labour.id), 404)


def test_reactivating_restores_search_and_login(
    client: FlaskClient, world: World, people: People, clock: ManualClock
) -> None:
    path = f"{ADMIN_USERS}/{world.labour.id}/status"
    client.patch(path, json={"isActive": False}, headers=world.admin.headers)
    assert client.patch(path, json={"isActive": True}, headers=world.admin.headers).status_code == 200
    assert world.labour.id in search_ids(client, world.reporter)
    assert labour_view(client, world.reporter, world.labour.id).status_code == 200
    clock.advance(61)  # past the resend cooldown of the first login's code
    [labour] = people.again(world.labour)
    assert client.get("/api/v1/users/profile", headers=labour.headers).status_code == 200


def test_suspending_yourself_is_400_and_a_missing_is_active_is_400(client: FlaskClient, world: World) -> None:
    mine = f"{ADMIN_USERS}/{world.admin.id}/status"
    assert field_names(assert_error(client.patch(mine, json={"isActive": False}, headers=world.admin.headers), 400)) \
        == ["isActive"]
    other = f"{ADMIN_USERS}/{world.labour.id}/status"
    assert field_names(assert_error(client.patch(other, json={}, headers=world.admin.headers), 400)) == ["isActive"]


def test_reports_are_listed_by_status_with_reporter_and_reported_user(client: FlaskClient, world: World) -> None:
    body = client.get(ADMIN_REPORTS, query_string={"status": "pending"}, headers=world.admin.headers).get_json()
    [listed] = body["reports"]
    assert set(body["pagination"]) == PAGINATION_FIELDS
    assert (listed["id"], listed["status"]) == (world.report_id, "pending")
    assert listed["reporter"]["id"] == world.reporter.id
    assert (listed["reportedUser"]["id"], listed["reportedUser"]["name"]) == (world.labour.id, "Ramesh Kumar")
    resolved = client.get(ADMIN_REPORTS, query_string={"status": "resolved"}, headers=world.admin.headers)
    assert resolved.get_json()["reports"] == []
    bad = client.get(ADMIN_REPORTS, query_string={"status": "open"}, headers=world.admin.headers)
    assert field_names(assert_error(bad, 400)) == ["status"]


def test_deciding_a_report_sets_resolved_at_and_notifies_the_reporter(
    client: FlaskClient, world: World, clock: ManualClock
) -> None:
    clock.advance(600)
    path = f"{ADMIN_REPORTS}/{world.report_id}"
    response = client.patch(path, json={"status": "rejected", "note": "Not enough detail"}, headers=world.admin.headers)
    decided = response.get_json()["report"]
    assert (decided["status"], decided["resolutionNote"]) == ("rejected", "Not enough detail")
    assert decided["resolvedAt"] == clock.now().strftime("%Y-%m-%dT%H:%M:%S.000Z")
    [update] = [n for n in notifications_of(client, world.reporter)["notifications"] if n["type"] == "report_update"]
    assert "rejected" in update["message"]
    assert_error(client.patch(path, json={"status": "resolved"}, headers=world.admin.headers), 409, "REPORT_DECIDED")


@pytest.mark.parametrize("status", ["pending", "done", None])
def test_a_decision_other_than_resolved_or_rejected_is_400_on_status(
    client: FlaskClient, world: World, status: object
) -> None:
    response = client.patch(f"{ADMIN_REPORTS}/{world.report_id}", json={"status": status}, headers=world.admin.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["status"]


@pytest.mark.parametrize("report_id", [MISSING_ID, "not-a-uuid"])
def test_deciding_a_missing_report_is_404(client: FlaskClient, world: World, report_id: str) -> None:
    response = client.patch(f"{ADMIN_REPORTS}/{report_id}", json={"status": "resolved"}, headers=world.admin.headers)
    assert_error(response, 404, "REPORT_NOT_FOUND")


def test_settings_list_every_key_with_value_default_and_type(client: FlaskClient, world: World) -> None:
    settings = {s["key"]: s for s in client.get(ADMIN_SETTINGS, headers=world.admin.headers).get_json()["settings"]}
    assert {"reviews.requireContact", "reports.autoHideThreshold", "contacts.dailyCap"} <= set(settings)
    assert (settings["contacts.dailyCap"]["value"], settings["contacts.dailyCap"]["type"]) == (100, "int")
    assert settings["reviews.requireContact"]["value"] is True
    put_setting(client, world.admin, "contacts.dailyCap", 25)
    changed = client.get(ADMIN_SETTINGS, headers=world.admin.headers).get_json()["settings"]
    assert {s["key"]: s["value"] for s in changed}["contacts.dailyCap"] == 25


@pytest.mark.parametrize(
    ("key", "value"),
    [("contacts.dailyCap", "abc"), ("contacts.dailyCap", True), ("contacts.dailyCap", 0), ("contacts.dailyCap", 2.5),
     ("reviews.requireContact", "yes"), ("reviews.requireContact", 1), ("reports.autoHideThreshold", None)],
)
def test_a_setting_value_of_the_wrong_type_or_range_is_400_on_value(
    client: FlaskClient, world: World, key: str, value: object
) -> None:
    assert field_names(assert_error(put_setting(client, world.admin, key, value), 400, "VALIDATION_ERROR")) == ["value"]


def test_an_unknown_setting_key_is_400(client: FlaskClient, world: World) -> None:
    assert_error(put_setting(client, world.admin, "reviews.maxStars", 10), 400, "VALIDATION_ERROR")


def test_the_audit_log_lists_who_did_what_to_whom_newest_first(
    client: FlaskClient, world: World, clock: ManualClock
) -> None:
    client.patch(f"{ADMIN_USERS}/{world.labour.id}/verify", headers=world.admin.headers)
    clock.advance(1)
    client.patch(f"{ADMIN_USERS}/{world.labour.id}/status", json={"isActive": False}, headers=world.admin.headers)
    clock.advance(1)
    put_setting(client, world.admin, "contacts.dailyCap", 30)
    clock.advance(1)
    client.patch(f"{ADMIN_REPORTS}/{world.report_id}", json={"status": "resolved"}, headers=world.admin.headers)
    body = client.get(ADMIN_AUDIT, headers=world.admin.headers).get_json()
    entries = [(e["action"], e["targetType"], e["targetId"], e["adminId"]) for e in body["entries"]]
    assert entries == [
        ("report.decide", "report", world.report_id, world.admin.id),
        ("setting.update", "setting", "contacts.dailyCap", world.admin.id),
        ("user.suspend", "user", world.labour.id, world.admin.id),
        ("user.verify", "user", world.labour.id, world.admin.id),
    ]
    assert all(e["createdAt"].endswith("Z") for e in body["entries"])
    assert body["pagination"]["total"] == 4
