"""/contacts through HTTP on the in-memory container: recording, history, the daily cap, notifications."""
from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore

from .activity_helpers import (
    ADMIN_USERS,
    CONTACT_FIELDS,
    CONTACT_USER_FIELDS,
    CONTACTS,
    HISTORY,
    MISSING_ID,
    PAGINATION_FIELDS,
    People,
    contact,
    memory_people,
    notifications_of,
    set_setting,
)
from .conftest import assert_error, field_names
from .profile_helpers import Account


@pytest.fixture
def people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    return memory_people(client, container, store)


def history(client: FlaskClient, account: Account, **query: object) -> dict[str, Any]:
    response = client.get(HISTORY, query_string=query, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def test_a_contact_is_recorded_with_both_users_and_their_phones(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(name="Ramesh Kumar"), people.employer(name="Sunita Builders")
    response = contact(client, employer, labour.id, "message")
    assert response.status_code == 201
    body = response.get_json()
    assert body["success"] is True and body["message"]
    recorded = body["contact"]
    assert CONTACT_FIELDS <= set(recorded)
    assert (recorded["fromUserId"], recorded["toUserId"], recorded["type"]) == (employer.id, labour.id, "message")
    assert set(recorded["fromUser"]) == CONTACT_USER_FIELDS == set(recorded["toUser"])
    assert recorded["fromUser"] == {
        "id": employer.id, "name": "Sunita Builders", "profilePictureUrl": None, "phone": f"+91{employer.phone}"
    }
    assert recorded["toUser"]["phone"] == f"+91{labour.phone}" and recorded["toUser"]["name"] == "Ramesh Kumar"
    assert recorded["createdAt"].endswith("Z")


@pytest.mark.parametrize("kind", ["sms", "CALL", "", None, 1])
def test_a_contact_type_other_than_call_or_message_is_400_on_contact_type(
    client: FlaskClient, people: People, kind: object
) -> None:
    labour, employer = people.labour(), people.employer()
    response = client.post(CONTACTS, json={"labourId": labour.id, "contactType": kind}, headers=employer.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["contactType"]


def test_a_contact_without_labour_id_is_400_on_labour_id(client: FlaskClient, people: People) -> None:
    response = client.post(CONTACTS, json={"contactType": "call"}, headers=people.employer().headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["labourId"]


def test_contacting_yourself_is_400_on_labour_id(client: FlaskClient, people: People) -> None:
    labour = people.labour()
    assert field_names(assert_error(contact(client, labour, labour.id), 400, "VALIDATION_ERROR")) == ["labourId"]


@pytest.mark.parametrize("labour_id", [MISSING_ID, "not-a-uuid"])
def test_contacting_a_user_that_does_not_exist_is_404(client: FlaskClient, people: People, labour_id: str) -> None:
    assert_error(contact(client, people.employer(), labour_id), 404, "LABOUR_NOT_FOUND")


def test_contacting_a_suspended_user_is_404(client: FlaskClient, people: People) -> None:
    labour, employer, admin = people.labour(), people.employer(), people.admin()
    client.patch(f"{ADMIN_USERS}/{labour.id}/status", json={"isActive": False}, headers=admin.headers)
    assert_error(contact(client, employer, labour.id), 404, "LABOUR_NOT_FOUND")


def test_the_default_daily_cap_allows_100_contacts_and_answers_429_to_the_101st(
    client: FlaskClient, people: People
) -> None:
    labour, employer = people.labour(), people.employer()
    assert all(contact(client, employer, labour.id).status_code == 201 for _ in range(100))
    response = contact(client, employer, labour.id)
    assert_error(response, 429, "CONTACT_LIMIT")
    assert int(response.headers["Retry-After"]) > 0
    assert history(client, employer, type="sent")["pagination"]["total"] == 100


def test_the_daily_cap_setting_applies_per_caller_and_frees_up_after_a_day(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    set_setting(client, people.admin(), "contacts.dailyCap", 2)
    first, second, caller, other_caller = people.labour(), people.labour(), people.employer(), people.employer()
    assert contact(client, caller, first.id).status_code == 201
    assert contact(client, caller, second.id).status_code == 201
    assert_error(contact(client, caller, first.id, "message"), 429, "CONTACT_LIMIT")
    assert contact(client, other_caller, first.id).status_code == 201
    clock.advance(hours=24, seconds=1)
    [caller] = people.again(caller)  # the old access token has expired meanwhile
    assert contact(client, caller, first.id).status_code == 201


def test_history_lists_both_directions_newest_first_by_default(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    me, labour, employer = people.labour(), people.labour(), people.employer()
    made = contact(client, me, labour.id).get_json()["contact"]["id"]
    clock.advance(60)
    received = contact(client, employer, me.id, "message").get_json()["contact"]["id"]
    body = history(client, me)
    contacts = body["contacts"]
    assert [c["id"] for c in contacts] == [received, made]
    assert set(body["pagination"]) == PAGINATION_FIELDS
    assert all(CONTACT_FIELDS <= set(c) for c in contacts)


def test_history_filters_sent_and_received(client: FlaskClient, people: People, clock: ManualClock) -> None:
    me, labour, employer = people.labour(), people.labour(), people.employer()
    contact(client, me, labour.id)
    clock.advance(60)
    contact(client, employer, me.id)
    sent = history(client, me, type="sent")["contacts"]
    received = history(client, me, type="received")["contacts"]
    assert [(c["fromUserId"], c["toUserId"]) for c in sent] == [(me.id, labour.id)]
    assert [(c["fromUserId"], c["toUserId"]) for c in received] == [(employer.id, me.id)]
    assert history(client, labour, type="sent")["contacts"] == []


def test_history_pages_with_page_and_limit(client: FlaskClient, people: People, clock: ManualClock) -> None:
    labour, employer = people.labour(), people.employer()
    ids = []
    for _ in range(3):
        ids.append(contact(client, employer, labour.id).get_json()["contact"]["id"])
        clock.advance(1)
    body = history(client, employer, page=2, limit=2)
    assert [c["id"] for c in body["contacts"]] == [ids[0]]
    assert body["pagination"] == {"page": 2, "limit": 2, "total": 3, "totalPages": 2}


def test_history_with_an_unknown_type_is_400_on_type(client: FlaskClient, people: People) -> None:
    response = client.get(HISTORY, query_string={"type": "both"}, headers=people.employer().headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["type"]


def test_other_users_contacts_are_not_in_your_history(client: FlaskClient, people: People) -> None:
    labour, employer, bystander = people.labour(), people.employer(), people.employer()
    contact(client, employer, labour.id)
    assert history(client, bystander)["contacts"] == []


@pytest.mark.parametrize(("method", "path"), [("POST", CONTACTS), ("GET", HISTORY)])
def test_contact_endpoints_need_a_token(client: FlaskClient, method: str, path: str) -> None:
    assert_error(client.open(path, method=method, json={"labourId": MISSING_ID, "contactType": "call"}), 401)


def test_a_contact_notifies_the_labour_at_most_once_an_hour_per_caller(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour, caller = people.labour(), people.employer(name="Sunita Builders")
    assert contact(client, caller, labour.id).status_code == 201
    clock.advance(minutes=59)
    labour, caller = people.again(labour, caller)
    assert contact(client, caller, labour.id, "message").status_code == 201
    listed = notifications_of(client, labour)["notifications"]
    assert [(n["type"], n["relatedUserId"]) for n in listed] == [("contact", caller.id)]
    assert "Sunita Builders" in listed[0]["message"]
    assert history(client, labour, type="received")["pagination"]["total"] == 2
    clock.advance(minutes=1, seconds=1)
    assert contact(client, caller, labour.id).status_code == 201
    assert [n["type"] for n in notifications_of(client, labour)["notifications"]] == ["contact", "contact"]


def test_contacts_from_different_callers_each_notify(client: FlaskClient, people: People) -> None:
    labour, first, second = people.labour(), people.employer(), people.employer()
    contact(client, first, labour.id)
    contact(client, second, labour.id)
    related = {n["relatedUserId"] for n in notifications_of(client, labour)["notifications"]}
    assert related == {first.id, second.id}


@pytest.mark.parametrize(("field", "value"), [("page", 0), ("limit", 0), ("limit", 101), ("limit", "many")])
def test_history_page_and_limit_out_of_bounds_are_400(
    client: FlaskClient, people: People, field: str, value: object
) -> None:
    response = client.get(HISTORY, query_string={field: value}, headers=people.employer().headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == [field]
