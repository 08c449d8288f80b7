"""Reviews, contacts, notifications and reports through HTTP on the production container: a real SQLite
file database and PostgreSQL."""
from __future__ import annotations

import secrets
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from dependency_injector import providers
from flask import Flask
from flask.testing import FlaskClient

from rozgar_adapters.container import Container, build_container
from rozgar_adapters.geo.memory import MemoryGeocoder
from rozgar_adapters.memory.email import MemoryEmailSender
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.settings import Settings
from rozgar_adapters.sql.migrate import upgrade
from rozgar_adapters.sql.tables import app_settings
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_web import create_app

from .activity_helpers import (
    ACCOUNT,
    READ_ALL,
    REVIEWS,
    People,
    contact,
    contact_and_review,
    notifications_of,
    public_rating,
    report,
    reviews_of,
    search_ids,
    set_setting,
)
from .conftest import assert_error, run_concurrently


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_container(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path}/db.sqlite3"
    else:
        database_url = request.getfixturevalue("postgres_url")
    settings = Settings(
        database_url=database_url,
        jwt_secret="x" * 32,
        otp_pepper="y" * 32,
        data_dir=tmp_path,
    )
    container = build_container(settings)
    upgrade(container.engine())
    container.sms_sender.override(providers.Singleton(MemorySmsSender))
    container.email_sender.override(providers.Singleton(MemoryEmailSender))
    container.geocoder.override(providers.Singleton(MemoryGeocoder))
    container.task_runner.override(providers.Singleton(ImmediateTaskRunner))
    yield container
    with container.engine().begin() as connection:  # the PostgreSQL database is shared by the whole run
        connection.execute(sa.delete(app_settings))
    container.engine().dispose()


@pytest.fixture
def sql_app(sql_container: Container) -> Flask:
    return create_app(sql_container)


@pytest.fixture
def client(sql_app: Flask) -> FlaskClient:
    return sql_app.test_client()


@pytest.fixture
def people(client: FlaskClient, sql_container: Container) -> People:
    return People(client, sql_container)


def unique_word() -> str:
    """A name no other labour in a shared database has, to find one labour among many."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def test_two_simultaneous_posts_of_one_review_give_one_201_and_one_409(
    sql_app: Flask, client: FlaskClient, people: People
) -> None:
    labour, employer = people.labour(), people.employer()
    assert contact(client, employer, labour.id).status_code == 201
    body = {"labourId": labour.id, "rating": 3}
    statuses = run_concurrently(
        sql_app, 2, lambda c: c.post(REVIEWS, json=body, headers=employer.headers).status_code
    )
    assert statuses == {201: 1, 409: 1}
    listed = reviews_of(client, employer, labour.id)
    assert (listed["averageRating"], listed["totalReviews"], len(listed["reviews"])) == (3.0, 1, 1)


def test_simultaneous_reviews_by_different_reviewers_all_count_in_the_rating(
    sql_app: Flask, client: FlaskClient, people: People
) -> None:
    labour = people.labour()
    reviewers = [people.employer() for _ in range(4)]
    for reviewer in reviewers:
        assert contact(client, reviewer, labour.id).status_code == 201
    queue = list(zip(reviewers, (5, 4, 2, 1), strict=True))

    def post(c: FlaskClient) -> int:
        reviewer, rating = queue.pop()
        return c.post(REVIEWS, json={"labourId": labour.id, "rating": rating}, headers=reviewer.headers).status_code

    assert run_concurrently(sql_app, 4, post) == {201: 4}
    listed = reviews_of(client, labour, labour.id)
    assert (listed["averageRating"], listed["totalReviews"]) == (3.0, 4)
    assert public_rating(client, reviewers[0], labour.id) == (3.0, 4)


def test_the_rating_follows_edits_deletions_and_account_deletion(
    client: FlaskClient, people: People
) -> None:
    labour, viewer, first, second = people.labour(), people.employer(), people.employer(), people.employer()
    a = contact_and_review(client, first, labour, 5)
    contact_and_review(client, second, labour, 2)
    assert client.put(f"{REVIEWS}/{a['id']}", json={"rating": 4}, headers=first.headers).status_code == 200
    assert reviews_of(client, viewer, labour.id)["averageRating"] == 3.0
    assert client.delete(ACCOUNT, headers=second.headers).status_code == 200
    listed = reviews_of(client, viewer, labour.id)
    assert (listed["averageRating"], listed["totalReviews"]) == (4.0, 1)
    assert client.delete(f"{REVIEWS}/{a['id']}", headers=first.headers).status_code == 200
    assert reviews_of(client, viewer, labour.id)["totalReviews"] == 0


def test_a_second_review_is_409_and_a_contact_is_required(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    assert_error(client.post(REVIEWS, json={"labourId": labour.id, "rating": 5}, headers=employer.headers),
                 403, "CONTACT_REQUIRED")
    created = contact_and_review(client, employer, labour, 5)
    assert created["reviewer"] == {"id": employer.id, "name": "Sunita Builders", "profilePictureUrl": None}
    assert_error(client.post(REVIEWS, json={"labourId": labour.id, "rating": 4}, headers=employer.headers),
                 409, "REVIEW_EXISTS")


def test_contacts_notify_once_an_hour_and_read_all_clears_them(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    assert contact(client, employer, labour.id).status_code == 201
    assert contact(client, employer, labour.id, "message").status_code == 201
    listed = notifications_of(client, labour)
    assert [n["type"] for n in listed["notifications"]] == ["contact"]
    response = client.patch(READ_ALL, headers=labour.headers)
    assert response.get_json()["updatedCount"] == 1
    assert notifications_of(client, labour)["unreadCount"] == 0


def test_enough_reporters_hide_a_labour_from_search(client: FlaskClient, people: People) -> None:
    word = unique_word()
    labour, admin, searcher = people.labour(name=f"Ramesh {word}"), people.admin(), people.employer()
    set_setting(client, admin, "reports.autoHideThreshold", 2)
    assert search_ids(client, searcher, search=word) == [labour.id]
    assert report(client, people.employer(), labour.id).status_code == 201
    assert search_ids(client, searcher, search=word) == [labour.id]
    assert report(client, people.employer(), labour.id).status_code == 201
    assert search_ids(client, searcher, search=word) == []
    assert_error(client.get(f"/api/v1/labours/{labour.id}", headers=searcher.headers), 404)
