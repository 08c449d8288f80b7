"""Helpers of the activity and admin API tests: paths, wire shapes, accounts of each kind, common calls."""
from __future__ import annotations

import itertools
from typing import Any

from dependency_injector import providers
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from rozgar_adapters.container import Container
from rozgar_adapters.memory.email import MemoryEmailSender
from rozgar_adapters.memory.search import MemoryLabourSearch
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.memory.store import MemoryStore

from .conftest import SEND, VERIFY, bearer
from .profile_helpers import EMPLOYER_BODY, LABOUR_BODY, PROFILE, Account

REVIEWS = "/api/v1/reviews"
CONTACTS = "/api/v1/contacts"
HISTORY = "/api/v1/contacts/history"
NOTIFICATIONS = "/api/v1/notifications"
READ_ALL = "/api/v1/notifications/read-all"
REPORTS = "/api/v1/reports"
LABOURS = "/api/v1/labours"
ACCOUNT = "/api/v1/users/account"
USER_SETTINGS = "/api/v1/settings"
ADMIN = "/api/v1/admin"
ADMIN_USERS = f"{ADMIN}/users"
ADMIN_REPORTS = f"{ADMIN}/reports"
ADMIN_SETTINGS = f"{ADMIN}/settings"
ADMIN_AUDIT = f"{ADMIN}/audit"
PROFILE_VIEWS = "/api/v1/analytics/profile-views"
SEARCH_TRENDS = "/api/v1/analytics/search-trends"

PAGINATION_FIELDS = {"page", "limit", "total", "totalPages"}
REVIEW_FIELDS = {"id", "reviewerId", "revieweeId", "rating", "comment", "createdAt", "updatedAt", "reviewer"}
SUMMARY_FIELDS = {"id", "name", "profilePictureUrl"}
CONTACT_FIELDS = {"id", "fromUserId", "toUserId", "type", "createdAt", "fromUser", "toUser"}
CONTACT_USER_FIELDS = SUMMARY_FIELDS | {"phone"}
NOTIFICATION_FIELDS = {"id", "type", "title", "message", "isRead", "relatedUserId", "createdAt"}
REASON = "Asked for money up front and never came"
MISSING_ID = "00000000-0000-4000-8000-000000000000"

_numbers = itertools.count(1)


def _fresh_phone_and_address() -> tuple[str, str]:
    """A mobile number no other account of this run has used (a range apart from the other helpers'),
    and a client address of its own."""
    n = next(_numbers)
    return f"97654{n:05d}", f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


class People:
    """Creates logged-in accounts over HTTP, each from its own client address (so no IP quota bites)."""

    def __init__(self, client: FlaskClient, container: Container) -> None:
        self.client = client
        self.container = container

    def account(self, phone: str | None = None) -> Account:
        """A logged-in account without a profile (or a new session of the account of `phone`)."""
        fresh, address = _fresh_phone_and_address()
        phone = phone or fresh
        environ: dict[str, Any] = {"environ_base": {"REMOTE_ADDR": address}}
        sent = self.client.post(SEND, json={"phone": phone}, **environ)
        assert sent.status_code == 200, sent.get_json()
        sms = self.container.sms_sender()
        assert isinstance(sms, MemorySmsSender)
        code = sms.last_code_for(f"+91{phone}")
        verified = self.client.post(VERIFY, json={"phone": phone, "otp": code}, **environ)
        assert verified.status_code == 200, verified.get_json()
        body = verified.get_json()
        headers = bearer(body["accessToken"])
        own = self.client.get(PROFILE, headers=headers)
        assert own.status_code == 200, own.get_json()
        return Account(own.get_json()["user"]["id"], phone, headers, body["accessToken"], body["refreshToken"])

    def again(self, *accounts: Account) -> list[Account]:
        """New sessions of these accounts (after the clock has moved past their access tokens' life)."""
        return [self.account(account.phone) for account in accounts]

    def labour(self, **overrides: Any) -> Account:
        account = self.account()
        self._complete(account, {**LABOUR_BODY, **overrides})
        return account

    def employer(self, **overrides: Any) -> Account:
        account = self.account()
        self._complete(account, {**EMPLOYER_BODY, **overrides})
        return account

    def admin(self) -> Account:
        """An employer account granted the admin role through the GrantAdmin use case."""
        account = self.employer(name="Asha Admin")
        self.container.grant_admin()(account.phone)
        return account

    def _complete(self, account: Account, body: dict[str, Any]) -> None:
        response = self.client.post(PROFILE, json=body, headers=account.headers)
        assert response.status_code == 201, response.get_json()


def memory_people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    """People on the in-memory test container, whose labour search is pointed at the store its units of
    work use (the shared `container` fixture replaces only the units of work's store)."""
    container.labour_search.override(providers.Singleton(MemoryLabourSearch, store))
    return People(client, container)


def sms_sender(container: Container) -> MemorySmsSender:
    sender = container.sms_sender()
    assert isinstance(sender, MemorySmsSender)
    return sender


def email_sender(container: Container) -> MemoryEmailSender:
    sender = container.email_sender()
    assert isinstance(sender, MemoryEmailSender)
    return sender


def contact(client: FlaskClient, caller: Account, labour_id: str, kind: str = "call") -> TestResponse:
    return client.post(CONTACTS, json={"labourId": labour_id, "contactType": kind}, headers=caller.headers)


def review(
    client: FlaskClient, reviewer: Account, labour_id: str, rating: object = 5, comment: object = None
) -> TestResponse:
    body: dict[str, object] = {"labourId": labour_id, "rating": rating}
    if comment is not None:
        body["comment"] = comment
    return client.post(REVIEWS, json=body, headers=reviewer.headers)


def contact_and_review(
    client: FlaskClient, reviewer: Account, labour: Account, rating: int = 5, comment: str | None = None
) -> dict[str, Any]:
    """Contact the labour (as the anti-fake-review rule wants) and review them; the created review."""
    assert contact(client, reviewer, labour.id).status_code == 201
    response = review(client, reviewer, labour.id, rating, comment)
    assert response.status_code == 201, response.get_json()
    created: dict[str, Any] = response.get_json()["review"]
    return created


def reviews_of(client: FlaskClient, viewer: Account, user_id: str, **query: Any) -> dict[str, Any]:
    response = client.get(f"{REVIEWS}/{user_id}", query_string=query, headers=viewer.headers)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def labour_view(client: FlaskClient, viewer: Account, labour_id: str) -> TestResponse:
    return client.get(f"{LABOURS}/{labour_id}", headers=viewer.headers)


def public_rating(client: FlaskClient, viewer: Account, labour_id: str) -> tuple[float, int]:
    response = labour_view(client, viewer, labour_id)
    assert response.status_code == 200, response.get_json()
    labour = response.get_json()["labour"]
    return labour["rating"], labour["totalReviews"]


def notifications_of(client: FlaskClient, account: Account, **query: Any) -> dict[str, Any]:
    response = client.get(NOTIFICATIONS, query_string=query, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def notification_types(client: FlaskClient, account: Account) -> list[str]:
    return [n["type"] for n in notifications_of(client, account, limit=100)["notifications"]]


def put_setting(client: FlaskClient, admin: Account, key: str, value: object) -> TestResponse:
    return client.put(f"{ADMIN_SETTINGS}/{key}", json={"value": value}, headers=admin.headers)


def set_setting(client: FlaskClient, admin: Account, key: str, value: object) -> None:
    response = put_setting(client, admin, key, value)
    assert response.status_code == 200, response.get_json()


def report(client: FlaskClient, reporter: Account, user_id: str, reason: object = REASON) -> TestResponse:
    return client.post(REPORTS, json={"userId": user_id, "reason": reason}, headers=reporter.headers)


def search_ids(client: FlaskClient, viewer: Account, **query: Any) -> list[str]:
    response = client.get(LABOURS, query_string=query, headers=viewer.headers)
    assert response.status_code == 200, response.get_json()
    return [labour["id"] for labour in response.get_json()["labours"]]


def user_settings(client: FlaskClient, account: Account, **changes: bool) -> None:
    response = client.put(USER_SETTINGS, json=changes, headers=account.headers)
    assert response.status_code == 200, response.get_json()
