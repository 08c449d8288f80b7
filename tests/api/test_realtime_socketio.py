"""Socket.IO against two real `rozgar serve` processes sharing PostgreSQL and Redis: what happens
through one server's HTTP API reaches the right clients connected to the other, and nobody else."""
from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import socketio

from .profile_helpers import LABOUR_BODY
from .realtime_servers import (
    HTTP_TIMEOUT,
    Listener,
    Server,
    bearer,
    log_in,
    rozgar,
    server_env,
    start_server,
    stop_server,
    wait_ready,
)

pytestmark = pytest.mark.timeout(60)

PHONES = [f"90000007{n:02d}" for n in range(1, 40)]
ADMIN_PHONE = "9000000799"
SHORT_TOKEN_SECONDS = 5
NOTIFICATION_FIELDS = {"id", "type", "title", "message", "isRead", "relatedUserId", "createdAt"}
QUIET_SECONDS = 0.7

_phones = iter(PHONES)


@dataclass(frozen=True)
class Cluster:
    first: Server
    second: Server
    """Issues access tokens that live SHORT_TOKEN_SECONDS (for the expiry test); the other tests log in
    on the first server and use their tokens on both."""


@dataclass(frozen=True)
class Account:
    id: str
    access: str
    refresh: str


Listen = Callable[..., Listener]


@pytest.fixture(scope="module")
def cluster(
    postgres_url: str, redis_url: str, redis_run_prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    if importlib.util.find_spec("websocket") is None:
        message = "websocket-client is not installed: python-socketio's client needs it for the WebSocket transport"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    workdir = tmp_path_factory.mktemp("realtime")
    env = server_env(
        DATABASE_URL=postgres_url,
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=f"{redis_run_prefix}realtime-{uuid.uuid4().hex[:6]}:",
        JWT_SECRET="realtime-test-jwt-secret-32-bytes",
        OTP_PEPPER="realtime-test-otp-pepper-32-bytes",
        OTP_TEST_NUMBERS=",".join(f"{phone}:123456" for phone in [*PHONES, ADMIN_PHONE]),
        DATA_DIR=str(workdir),
    )
    rozgar("create-admin", "--phone", ADMIN_PHONE, env=env)  # migrates the schema first
    first = start_server(env, workdir / "first.log")
    second = start_server({**env, "JWT_ACCESS_EXPIRY": f"{SHORT_TOKEN_SECONDS}s"}, workdir / "second.log")
    try:
        wait_ready(first)
        wait_ready(second)
        yield Cluster(first, second)
    finally:
        stop_server(first)
        stop_server(second)


@pytest.fixture
def listen() -> Iterator[Listen]:
    """Connects a listening client (WebSocket transport) with an access token; all closed at the end."""
    opened: list[Listener] = []

    def connect(server: Server, token: str) -> Listener:
        listener = Listener()
        opened.append(listener)
        listener.connect(server, auth={"token": token})
        assert "unreadCount" in listener.wait_for("unreadCount"), "every connection starts with its unread count"
        return listener

    yield connect
    for listener in opened:
        listener.close()


def account(server: Server, phone: str | None = None, *, profile: bool = False) -> Account:
    body = log_in(server, phone or next(_phones))
    headers = bearer(body["accessToken"])
    if profile:
        created = httpx.post(f"{server.url}/api/v1/users/profile", headers=headers, json=LABOUR_BODY, timeout=HTTP_TIMEOUT)
        assert created.status_code == 201, created.text
    own = httpx.get(f"{server.url}/api/v1/users/profile", headers=headers, timeout=HTTP_TIMEOUT)
    assert own.status_code == 200, own.text
    return Account(own.json()["user"]["id"], body["accessToken"], body["refreshToken"])


def refusal(server: Server, **connect: Any) -> dict[str, Any]:
    listener = Listener()
    with pytest.raises(socketio.exceptions.ConnectionError):
        listener.connect(server, **connect)
    assert not listener.client.connected
    assert listener.refusals, "the server refused without saying why"
    return dict(listener.refusals[0])


def api(method: str, server: Server, path: str, token: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, f"{server.url}/api/v1{path}", headers=bearer(token), timeout=HTTP_TIMEOUT, **kwargs)


def assert_session_ended(listener: Listener, reason: str) -> None:
    assert listener.wait_for("sessionEnded") == {"reason": reason}
    listener.wait_for("disconnect")
    assert not listener.client.connected


def test_a_connection_without_a_valid_token_is_refused(cluster: Cluster) -> None:
    missing = refusal(cluster.first)
    assert missing["data"] == {"code": "UNAUTHORIZED"}
    assert "token" in missing["message"]
    assert refusal(cluster.first, auth={"token": "not-a-token"})["data"] == {"code": "TOKEN_INVALID"}
    user = account(cluster.first)
    forged = user.access[:-4] + ("AAAA" if not user.access.endswith("AAAA") else "BBBB")
    assert refusal(cluster.first, auth={"token": forged})["data"] == {"code": "TOKEN_INVALID"}


def test_the_token_may_also_come_in_the_authorization_header_or_the_query(cluster: Cluster) -> None:
    user = account(cluster.first)
    for connect in ({"headers": bearer(user.access)}, {"query": f"token={user.access}"}):
        listener = Listener()
        try:
            listener.connect(cluster.second, **connect)
            assert listener.wait_for("unreadCount") == {"unreadCount": 0}
        finally:
            listener.close()


def test_only_the_websocket_transport_is_served(cluster: Cluster) -> None:
    user = account(cluster.first)
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(cluster.first.url, transports=["polling"], auth={"token": user.access}, wait_timeout=5)
    assert not client.connected


def test_a_logged_out_token_is_refused(cluster: Cluster) -> None:
    user = account(cluster.first)
    out = api("POST", cluster.second, "/auth/logout", user.access, json={"refreshToken": user.refresh})
    assert out.status_code == 200, out.text
    assert refusal(cluster.first, auth={"token": user.access})["data"] == {"code": "TOKEN_INVALID"}


def test_a_notification_caused_through_one_server_reaches_only_its_user_on_the_other(
    cluster: Cluster, listen: Listen
) -> None:
    labour = account(cluster.first, profile=True)
    employer = account(cluster.first)
    bystander = account(cluster.first)
    labour_socket = listen(cluster.first, labour.access)
    others = [
        listen(cluster.first, bystander.access),
        listen(cluster.second, bystander.access),
        listen(cluster.second, employer.access),
    ]

    contact = api("POST", cluster.second, "/contacts", employer.access, json={"labourId": labour.id, "contactType": "call"})
    assert contact.status_code == 201, contact.text

    event, pushed = labour_socket.next_event()
    assert event == "notification"
    assert set(pushed) == NOTIFICATION_FIELDS
    assert (pushed["type"], pushed["isRead"], pushed["relatedUserId"]) == ("contact", False, employer.id)
    assert labour_socket.next_event() == ("unreadCount", {"unreadCount": 1})
    listed = api("GET", cluster.second, "/notifications", labour.access).json()
    assert listed["notifications"] == [pushed], "the pushed notification is exactly the listed one"
    assert listed["unreadCount"] == 1
    for other in others:
        assert other.drain(QUIET_SECONDS) == [], "nothing is pushed to anyone else"

    read = api("PATCH", cluster.second, "/notifications/read-all", labour.access)
    assert read.status_code == 200, read.text
    assert labour_socket.next_event() == ("unreadCount", {"unreadCount": 0})


def test_a_user_who_was_not_connected_finds_the_notification_in_the_list(cluster: Cluster) -> None:
    labour = account(cluster.first, profile=True)
    employer = account(cluster.first)
    contact = api("POST", cluster.second, "/contacts", employer.access, json={"labourId": labour.id, "contactType": "message"})
    assert contact.status_code == 201, contact.text

    listed = api("GET", cluster.first, "/notifications", labour.access).json()
    assert [(n["type"], n["relatedUserId"]) for n in listed["notifications"]] == [("contact", employer.id)]
    assert listed["unreadCount"] == 1
    listener = Listener()
    try:
        listener.connect(cluster.second, auth={"token": labour.access})
        assert listener.wait_for("unreadCount") == {"unreadCount": 1}
    finally:
        listener.close()


def test_logout_through_one_server_ends_that_tokens_connections_on_every_server(
    cluster: Cluster, listen: Listen
) -> None:
    phone = next(_phones)
    handset = account(cluster.first, phone)
    tablet = account(cluster.first, phone)
    handset_on_first = listen(cluster.first, handset.access)
    handset_on_second = listen(cluster.second, handset.access)
    tablet_on_first = listen(cluster.first, tablet.access)

    out = api("POST", cluster.second, "/auth/logout", handset.access, json={"refreshToken": handset.refresh})
    assert out.status_code == 200, out.text
    assert_session_ended(handset_on_first, "revoked")
    assert_session_ended(handset_on_second, "revoked")
    assert tablet_on_first.drain(QUIET_SECONDS) == [], "another session of the same user stays"
    assert tablet_on_first.client.connected

    everywhere = api("POST", cluster.second, "/auth/logout", tablet.access, json={"allDevices": True})
    assert everywhere.status_code == 200, everywhere.text
    assert_session_ended(tablet_on_first, "revoked")


def test_suspension_ends_every_connection_of_the_user(cluster: Cluster, listen: Listen) -> None:
    admin = account(cluster.first, ADMIN_PHONE)
    user = account(cluster.first)
    on_first = listen(cluster.first, user.access)
    on_second = listen(cluster.second, user.access)

    suspended = api("PATCH", cluster.second, f"/admin/users/{user.id}/status", admin.access, json={"isActive": False})
    assert suspended.status_code == 200, suspended.text
    assert_session_ended(on_first, "revoked")
    assert_session_ended(on_second, "revoked")
    assert refusal(cluster.first, auth={"token": user.access})["data"] == {"code": "TOKEN_INVALID"}


def test_a_connection_is_closed_when_its_access_token_expires(cluster: Cluster, listen: Listen) -> None:
    short_lived = log_in(cluster.second, next(_phones))["accessToken"]
    listener = listen(cluster.first, short_lived)
    assert listener.wait_for("sessionEnded", timeout=SHORT_TOKEN_SECONDS + 3) == {"reason": "expired"}
    listener.wait_for("disconnect")
    assert refusal(cluster.first, auth={"token": short_lived})["data"] == {"code": "TOKEN_INVALID"}
