"""/analytics through HTTP: profile views and their weekly trend, and the most searched skills."""
from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore

from .activity_helpers import (
    LABOURS,
    PROFILE_VIEWS,
    SEARCH_TRENDS,
    People,
    labour_view,
    memory_people,
)
from .conftest import assert_error, field_names
from .profile_helpers import Account

DAY = 24 * 3600


@pytest.fixture
def people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    return memory_people(client, container, store)


def view_stats(client: FlaskClient, account: Account) -> dict[str, Any]:
    response = client.get(PROFILE_VIEWS, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def views_by_new_viewers(client: FlaskClient, people: People, labour_id: str, count: int) -> None:
    for _ in range(count):
        assert labour_view(client, people.account(), labour_id).status_code == 200


def trends(client: FlaskClient, admin: Account, **query: object) -> list[tuple[str, int]]:
    response = client.get(SEARCH_TRENDS, query_string=query, headers=admin.headers)
    assert response.status_code == 200, response.get_json()
    return [(t["skill"], t["count"]) for t in response.get_json()["trends"]]


def search(client: FlaskClient, account: Account, **query: object) -> None:
    assert client.get(LABOURS, query_string=query, headers=account.headers).status_code == 200


def test_profile_views_have_the_wire_shape_and_start_at_zero(client: FlaskClient, people: People) -> None:
    body = view_stats(client, people.labour())
    assert body == {"success": True, "viewCount": 0, "last7Days": 0, "previous7Days": 0, "trend": "stable"}


def test_views_count_distinct_viewer_days_and_never_your_own(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour, viewer = people.labour(), people.employer()
    for _ in range(3):
        labour_view(client, viewer, labour.id)
    labour_view(client, labour, labour.id)
    assert view_stats(client, labour)["viewCount"] == 1
    clock.advance(DAY)
    labour, viewer = people.again(labour, viewer)
    labour_view(client, viewer, labour.id)
    views_by_new_viewers(client, people, labour.id, 2)
    stats = view_stats(client, labour)
    assert (stats["viewCount"], stats["last7Days"]) == (4, 4)


def test_views_older_than_two_weeks_count_in_the_total_only(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour = people.labour()
    views_by_new_viewers(client, people, labour.id, 3)
    clock.advance(14 * DAY)
    [labour] = people.again(labour)
    stats = view_stats(client, labour)
    assert (stats["viewCount"], stats["last7Days"], stats["previous7Days"], stats["trend"]) == (3, 0, 0, "stable")


@pytest.mark.parametrize(
    ("previous", "last", "trend"),
    [(10, 11, "stable"), (10, 12, "up"), (10, 9, "stable"), (10, 8, "down"), (10, 10, "stable"),
     (0, 0, "stable"), (0, 1, "up"), (1, 0, "down")],
)
def test_the_trend_compares_the_last_7_days_with_the_7_before_at_10_percent(
    client: FlaskClient, people: People, clock: ManualClock, previous: int, last: int, trend: str
) -> None:
    labour = people.labour()
    clock.advance(DAY)  # 13 days before "today": the first day of the previous week
    views_by_new_viewers(client, people, labour.id, previous)
    clock.advance(6 * DAY)  # 7 days before "today": still the previous week
    clock.advance(DAY)  # 6 days before "today": the first day of the last week
    views_by_new_viewers(client, people, labour.id, last)
    clock.advance(6 * DAY)  # "today"
    [labour] = people.again(labour)
    stats = view_stats(client, labour)
    assert (stats["previous7Days"], stats["last7Days"], stats["trend"]) == (previous, last, trend)
    assert stats["viewCount"] == previous + last


def test_views_on_the_week_boundaries_fall_in_the_right_week(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour = people.labour()
    clock.advance(6 * DAY)  # 7 days before "today": the last day of the previous week
    views_by_new_viewers(client, people, labour.id, 2)
    clock.advance(DAY)  # 6 days before "today": the first day of the last week
    views_by_new_viewers(client, people, labour.id, 1)
    clock.advance(6 * DAY)
    views_by_new_viewers(client, people, labour.id, 1)  # today
    [labour] = people.again(labour)
    stats = view_stats(client, labour)
    assert (stats["previous7Days"], stats["last7Days"], stats["trend"]) == (2, 2, "stable")


def test_profile_views_need_a_token(client: FlaskClient) -> None:
    assert_error(client.get(PROFILE_VIEWS), 401)


def test_search_trends_count_skill_filters_and_free_text_naming_a_skill(client: FlaskClient, people: People) -> None:
    admin, searcher = people.admin(), people.employer()
    search(client, searcher, skills="plumber")
    search(client, searcher, skills="plumber,painter")
    search(client, searcher, search="eletrician")
    search(client, searcher, search="bijli wala")
    search(client, searcher, search="ramesh")
    assert trends(client, admin) == [("electrician", 2), ("plumber", 2), ("painter", 1)]


def test_search_trends_have_the_wire_shape(client: FlaskClient, people: People) -> None:
    admin = people.admin()
    search(client, people.employer(), skills="mason")
    body = client.get(SEARCH_TRENDS, headers=admin.headers).get_json()
    assert body["success"] is True
    assert body["trends"] == [{"skill": "mason", "count": 1}]


def test_search_trends_are_cached_for_an_hour(client: FlaskClient, people: People, clock: ManualClock) -> None:
    admin, searcher = people.admin(), people.employer()
    search(client, searcher, skills="plumber")
    assert trends(client, admin) == [("plumber", 1)]
    search(client, searcher, skills="painter")
    search(client, searcher, skills="plumber")
    clock.advance(59 * 60)
    [admin] = people.again(admin)
    assert trends(client, admin) == [("plumber", 1)]
    clock.advance(2 * 60)
    assert trends(client, admin) == [("plumber", 2), ("painter", 1)]


def test_search_trends_count_only_the_window_of_days(client: FlaskClient, people: People, clock: ManualClock) -> None:
    searcher = people.employer()
    search(client, searcher, skills="plumber")
    clock.advance(10 * DAY)
    admin, searcher = people.admin(), *people.again(searcher)
    search(client, searcher, skills="painter")
    assert trends(client, admin, days=5) == [("painter", 1)]
    assert trends(client, admin, days=11) == [("painter", 1), ("plumber", 1)]
    assert trends(client, admin) == [("painter", 1), ("plumber", 1)]


@pytest.mark.parametrize(("field", "value"), [("days", 0), ("days", 366), ("limit", 0), ("limit", 101)])
def test_search_trends_outside_their_bounds_are_400(
    client: FlaskClient, people: People, field: str, value: int
) -> None:
    response = client.get(SEARCH_TRENDS, query_string={field: value}, headers=people.admin().headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == [field]
