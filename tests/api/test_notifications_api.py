"""/notifications through HTTP: the list, marking read, profile views, and delivery by SMS and email."""
from __future__ import annotations

import pytest
from dependency_injector import providers
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore
from rozgar_core.errors import DependencyUnavailable

from .activity_helpers import (
    MISSING_ID,
    NOTIFICATION_FIELDS,
    NOTIFICATIONS,
    PAGINATION_FIELDS,
    READ_ALL,
    People,
    contact,
    contact_and_review,
    email_sender,
    labour_view,
    memory_people,
    notification_types,
    notifications_of,
    sms_sender,
    user_settings,
)
from .conftest import assert_error, field_names


@pytest.fixture
def people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    return memory_people(client, container, store)


class FailingSender:
    """An SMS or email provider that is down."""

    def send(self, *args: object) -> None:
        raise DependencyUnavailable("provider down")


def test_the_list_has_the_wire_shape_newest_first_with_unread_count_of_all_unread(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour = people.labour()
    callers = [people.employer() for _ in range(3)]
    for caller in callers:
        contact(client, caller, labour.id)
        clock.advance(60)
    body = notifications_of(client, labour, limit=1)
    assert body["success"] is True and body["unreadCount"] == 3
    assert body["pagination"] == {"page": 1, "limit": 1, "total": 3, "totalPages": 3}
    [newest] = body["notifications"]
    assert set(newest) == NOTIFICATION_FIELDS
    assert (newest["type"], newest["relatedUserId"], newest["isRead"]) == ("contact", callers[-1].id, False)
    assert set(notifications_of(client, labour)["pagination"]) == PAGINATION_FIELDS


def test_marking_one_read_changes_it_and_the_unread_count(client: FlaskClient, people: People) -> None:
    labour, first, second = people.labour(), people.employer(), people.employer()
    contact(client, first, labour.id)
    contact(client, second, labour.id)
    target = notifications_of(client, labour)["notifications"][0]
    response = client.patch(f"{NOTIFICATIONS}/{target['id']}/read", headers=labour.headers)
    assert response.status_code == 200 and response.get_json()["success"] is True
    body = notifications_of(client, labour)
    assert body["unreadCount"] == 1
    assert {n["id"]: n["isRead"] for n in body["notifications"]}[target["id"]] is True
    assert client.patch(f"{NOTIFICATIONS}/{target['id']}/read", headers=labour.headers).status_code == 200


def test_unread_only_lists_only_unread_notifications(client: FlaskClient, people: People) -> None:
    labour, first, second = people.labour(), people.employer(), people.employer()
    contact(client, first, labour.id)
    contact(client, second, labour.id)
    read = notifications_of(client, labour)["notifications"][0]["id"]
    client.patch(f"{NOTIFICATIONS}/{read}/read", headers=labour.headers)
    unread = notifications_of(client, labour, unreadOnly="true")
    assert [n["isRead"] for n in unread["notifications"]] == [False]
    assert read not in {n["id"] for n in unread["notifications"]}
    assert unread["pagination"]["total"] == 1 and unread["unreadCount"] == 1


@pytest.mark.parametrize(("field", "value"), [("page", 0), ("limit", 101), ("unreadOnly", "perhaps")])
def test_bad_list_parameters_are_400_on_their_field(
    client: FlaskClient, people: People, field: str, value: object
) -> None:
    response = client.get(NOTIFICATIONS, query_string={field: value}, headers=people.labour().headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == [field]


def test_marking_another_users_notification_is_404_and_leaves_it_unread(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    contact(client, employer, labour.id)
    theirs = notifications_of(client, labour)["notifications"][0]["id"]
    response = client.patch(f"{NOTIFICATIONS}/{theirs}/read", headers=employer.headers)
    assert_error(response, 404, "NOTIFICATION_NOT_FOUND")
    assert notifications_of(client, labour)["unreadCount"] == 1


@pytest.mark.parametrize("notification_id", [MISSING_ID, "not-a-uuid", "read-all"])
def test_marking_a_missing_or_malformed_notification_is_404(
    client: FlaskClient, people: People, notification_id: str
) -> None:
    response = client.patch(f"{NOTIFICATIONS}/{notification_id}/read", headers=people.labour().headers)
    assert_error(response, 404, "NOTIFICATION_NOT_FOUND")


def test_read_all_marks_every_own_notification_and_is_not_taken_for_an_id(
    client: FlaskClient, people: People
) -> None:
    labour, other_labour, first, second = people.labour(), people.labour(), people.employer(), people.employer()
    contact(client, first, labour.id)
    contact(client, second, labour.id)
    contact(client, first, other_labour.id)
    response = client.patch(READ_ALL, headers=labour.headers)
    assert response.status_code == 200
    assert response.get_json()["success"] is True and response.get_json()["updatedCount"] == 2
    assert notifications_of(client, labour)["unreadCount"] == 0
    assert notifications_of(client, other_labour)["unreadCount"] == 1
    assert client.patch(READ_ALL, headers=labour.headers).get_json()["updatedCount"] == 0


@pytest.mark.parametrize(("method", "path"), [("GET", NOTIFICATIONS), ("PATCH", READ_ALL),
                                              ("PATCH", f"{NOTIFICATIONS}/{MISSING_ID}/read")])
def test_notification_endpoints_need_a_token(client: FlaskClient, method: str, path: str) -> None:
    assert_error(client.open(path, method=method), 401)


def test_viewing_a_labour_notifies_them_once_per_viewer_and_day(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour, viewer, other_viewer = people.labour(), people.employer(), people.employer()
    assert labour_view(client, viewer, labour.id).status_code == 200
    assert labour_view(client, viewer, labour.id).status_code == 200
    assert notification_types(client, labour) == ["profile_view"]
    labour_view(client, other_viewer, labour.id)
    assert notification_types(client, labour) == ["profile_view", "profile_view"]
    clock.advance(hours=24)
    labour, viewer = people.again(labour, viewer)
    labour_view(client, viewer, labour.id)
    assert notification_types(client, labour) == ["profile_view"] * 3


def test_viewing_your_own_labour_profile_never_notifies(client: FlaskClient, people: People) -> None:
    labour = people.labour()
    assert labour_view(client, labour, labour.id).status_code == 200
    assert notification_types(client, labour) == []


def test_sms_notifications_go_out_for_contacts_and_reviews_only_while_the_setting_is_on(
    client: FlaskClient, people: People, container: Container
) -> None:
    labour, employer = people.labour(), people.employer()
    sent_before = len(sms_sender(container).sent)
    contact_and_review(client, employer, labour, 5)
    labour_view(client, employer, labour.id)
    texts = [s for s in sms_sender(container).sent[sent_before:] if s.phone == f"+91{labour.phone}"]
    assert len(texts) == 2 and all(len(s.message) <= 160 for s in texts)
    user_settings(client, labour, smsNotifications=False)
    contact(client, people.employer(), labour.id)
    assert [s for s in sms_sender(container).sent[sent_before:] if s.phone == f"+91{labour.phone}"] == texts


def test_email_notifications_go_out_only_when_on_and_the_user_has_an_email(
    client: FlaskClient, people: People, container: Container
) -> None:
    with_email = people.labour(email="ramesh@example.in")
    without_email = people.labour()
    for labour in (with_email, without_email):
        user_settings(client, labour, emailNotifications=True)
    off = people.labour(email="off@example.in")
    for labour in (with_email, without_email, off):
        contact(client, people.employer(), labour.id)
    assert [e.to for e in email_sender(container).sent] == ["ramesh@example.in"]
    assert email_sender(container).sent[0].subject


def test_a_failing_sms_provider_fails_neither_the_contact_nor_the_in_app_notification(
    client: FlaskClient, people: People, container: Container
) -> None:
    labour, employer = people.labour(), people.employer()
    container.sms_sender.override(providers.Object(FailingSender()))
    assert contact(client, employer, labour.id).status_code == 201
    assert notification_types(client, labour) == ["contact"]


def test_a_failing_email_provider_fails_neither_the_review_nor_the_in_app_notification(
    client: FlaskClient, people: People, container: Container
) -> None:
    labour, employer = people.labour(email="ramesh@example.in"), people.employer()
    user_settings(client, labour, emailNotifications=True)
    container.email_sender.override(providers.Object(FailingSender()))
    contact_and_review(client, employer, labour, 4)
    assert sorted(notification_types(client, labour)) == ["contact", "review"]

