"""/reviews through HTTP on the in-memory container: shapes, every rule and error, the rating invariant."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.store import MemoryStore

from .activity_helpers import (
    ACCOUNT,
    ADMIN_USERS,
    MISSING_ID,
    PAGINATION_FIELDS,
    REVIEW_FIELDS,
    REVIEWS,
    SUMMARY_FIELDS,
    People,
    contact,
    contact_and_review,
    memory_people,
    notifications_of,
    public_rating,
    review,
    reviews_of,
    set_setting,
)
from .conftest import assert_error, field_names, run_concurrently


@pytest.fixture
def people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    return memory_people(client, container, store)


def test_a_review_is_created_with_the_wire_shape_and_its_reviewer(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer(name="Sunita Builders")
    assert contact(client, employer, labour.id).status_code == 201
    response = review(client, employer, labour.id, 4, "  Fixed the leak quickly  ")
    assert response.status_code == 201
    body = response.get_json()
    assert body["success"] is True and body["message"]
    created = body["review"]
    assert set(created) == REVIEW_FIELDS
    assert (created["reviewerId"], created["revieweeId"], created["rating"]) == (employer.id, labour.id, 4)
    assert created["comment"] == "Fixed the leak quickly"
    assert created["reviewer"] == {"id": employer.id, "name": "Sunita Builders", "profilePictureUrl": None}
    assert created["createdAt"].endswith("Z")


def test_reviews_of_a_labour_are_newest_first_with_average_count_and_pagination(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour = people.labour()
    ids = []
    for rating in (5, 4, 4):
        ids.append(contact_and_review(client, people.employer(), labour, rating)["id"])
        clock.advance(60)
    body = reviews_of(client, labour, labour.id)
    assert [r["id"] for r in body["reviews"]] == ids[::-1]
    assert set(body["reviews"][0]) == REVIEW_FIELDS and set(body["reviews"][0]["reviewer"]) == SUMMARY_FIELDS
    assert (body["averageRating"], body["totalReviews"]) == (4.33, 3)
    assert set(body["pagination"]) == PAGINATION_FIELDS
    second = reviews_of(client, labour, labour.id, page=2, limit=2)
    assert [r["id"] for r in second["reviews"]] == [ids[0]]
    assert second["pagination"] == {"page": 2, "limit": 2, "total": 3, "totalPages": 2}
    assert (second["averageRating"], second["totalReviews"]) == (4.33, 3)


@pytest.mark.parametrize("rating", [0, 6, -1, 3.5, "5", True, None])
def test_a_rating_outside_whole_numbers_one_to_five_is_400_on_rating(
    client: FlaskClient, people: People, rating: object
) -> None:
    labour, employer = people.labour(), people.employer()
    contact(client, employer, labour.id)
    body = assert_error(review(client, employer, labour.id, rating), 400, "VALIDATION_ERROR")
    assert field_names(body) == ["rating"]


def test_a_comment_over_1000_characters_is_400_on_comment(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    contact(client, employer, labour.id)
    body = assert_error(review(client, employer, labour.id, 5, "x" * 1001), 400, "VALIDATION_ERROR")
    assert field_names(body) == ["comment"]


def test_a_missing_labour_id_is_400_on_labour_id(client: FlaskClient, people: People) -> None:
    body = assert_error(client.post(REVIEWS, json={"rating": 5}, headers=people.employer().headers), 400,
                        "VALIDATION_ERROR")
    assert field_names(body) == ["labourId"]


def test_an_unknown_field_in_a_review_is_400_on_that_field(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    contact(client, employer, labour.id)
    response = client.post(REVIEWS, json={"labourId": labour.id, "rating": 5, "stars": 5}, headers=employer.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["stars"]


@pytest.mark.parametrize(("field", "value"), [("page", 0), ("limit", 101)])
def test_reviews_page_and_limit_out_of_bounds_are_400(
    client: FlaskClient, people: People, field: str, value: int
) -> None:
    labour = people.labour()
    response = client.get(f"{REVIEWS}/{labour.id}", query_string={field: value}, headers=labour.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == [field]


def test_reviewing_yourself_is_400_on_labour_id(client: FlaskClient, people: People) -> None:
    labour = people.labour()
    body = assert_error(review(client, labour, labour.id), 400, "VALIDATION_ERROR")
    assert field_names(body) == ["labourId"]


@pytest.mark.parametrize("labour_id", [MISSING_ID, "not-a-uuid"])
def test_reviewing_a_user_that_does_not_exist_is_404(client: FlaskClient, people: People, labour_id: str) -> None:
    assert_error(review(client, people.employer(), labour_id), 404, "LABOUR_NOT_FOUND")


def test_reviewing_an_employer_is_404_as_they_are_no_labour(client: FlaskClient, people: People) -> None:
    other, employer = people.employer(), people.employer()
    contact(client, employer, other.id)
    assert_error(review(client, employer, other.id), 404, "LABOUR_NOT_FOUND")


def test_reviewing_a_suspended_labour_is_404(client: FlaskClient, people: People) -> None:
    labour, employer, admin = people.labour(), people.employer(), people.admin()
    contact(client, employer, labour.id)
    suspended = client.patch(f"{ADMIN_USERS}/{labour.id}/status", json={"isActive": False}, headers=admin.headers)
    assert suspended.status_code == 200
    assert_error(review(client, employer, labour.id), 404, "LABOUR_NOT_FOUND")


def test_a_second_review_of_the_same_labour_is_409_review_exists(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    contact_and_review(client, employer, labour, 5)
    assert_error(review(client, employer, labour.id, 3), 409, "REVIEW_EXISTS")
    assert reviews_of(client, labour, labour.id)["totalReviews"] == 1


def test_a_review_without_a_previous_contact_is_403_contact_required(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    assert_error(review(client, employer, labour.id), 403, "CONTACT_REQUIRED")
    assert contact(client, labour, employer.id).status_code == 201  # the other direction does not count
    assert_error(review(client, employer, labour.id), 403, "CONTACT_REQUIRED")


def test_with_the_contact_rule_switched_off_a_review_needs_no_contact(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    set_setting(client, people.admin(), "reviews.requireContact", False)
    assert review(client, employer, labour.id, 4).status_code == 201


def test_the_author_edits_their_review_and_the_rating_follows(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    created = contact_and_review(client, employer, labour, 5)
    response = client.put(f"{REVIEWS}/{created['id']}", json={"rating": 2, "comment": "Came late"},
                          headers=employer.headers)
    assert response.status_code == 200
    assert set(response.get_json()["review"]) == REVIEW_FIELDS
    assert (response.get_json()["review"]["rating"], response.get_json()["review"]["comment"]) == (2, "Came late")
    assert public_rating(client, employer, labour.id) == (2.0, 1)


def test_someone_else_editing_or_deleting_a_review_is_403(client: FlaskClient, people: People) -> None:
    labour, author, stranger = people.labour(), people.employer(), people.employer()
    created = contact_and_review(client, author, labour, 5)
    path = f"{REVIEWS}/{created['id']}"
    assert_error(client.put(path, json={"rating": 1}, headers=stranger.headers), 403, "NOT_REVIEW_AUTHOR")
    assert_error(client.put(path, json={"rating": 1}, headers=labour.headers), 403, "NOT_REVIEW_AUTHOR")
    assert_error(client.delete(path, headers=stranger.headers), 403, "NOT_REVIEW_AUTHOR")
    assert reviews_of(client, labour, labour.id)["reviews"][0]["rating"] == 5


@pytest.mark.parametrize("review_id", [MISSING_ID, "42"])
def test_editing_or_deleting_a_missing_or_malformed_review_id_is_404(
    client: FlaskClient, people: People, review_id: str
) -> None:
    employer = people.employer()
    path = f"{REVIEWS}/{review_id}"
    assert_error(client.put(path, json={"rating": 3}, headers=employer.headers), 404, "REVIEW_NOT_FOUND")
    assert_error(client.delete(path, headers=employer.headers), 404, "REVIEW_NOT_FOUND")


def test_an_edit_with_a_bad_rating_is_400_and_changes_nothing(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    created = contact_and_review(client, employer, labour, 5)
    body = assert_error(client.put(f"{REVIEWS}/{created['id']}", json={"rating": 9}, headers=employer.headers), 400)
    assert field_names(body) == ["rating"]
    assert public_rating(client, employer, labour.id) == (5.0, 1)


def test_the_author_deletes_their_review_and_may_then_review_again(client: FlaskClient, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    created = contact_and_review(client, employer, labour, 1)
    response = client.delete(f"{REVIEWS}/{created['id']}", headers=employer.headers)
    assert response.status_code == 200 and response.get_json()["message"]
    assert public_rating(client, employer, labour.id) == (0.0, 0)
    assert_error(client.delete(f"{REVIEWS}/{created['id']}", headers=employer.headers), 404, "REVIEW_NOT_FOUND")
    assert review(client, employer, labour.id, 4).status_code == 201


def test_the_rating_equals_the_reviews_after_create_edit_and_delete(client: FlaskClient, people: People) -> None:
    labour, viewer = people.labour(), people.employer()
    first, second, third = people.employer(), people.employer(), people.employer()
    a = contact_and_review(client, first, labour, 5)
    b = contact_and_review(client, second, labour, 4)
    contact_and_review(client, third, labour, 4)
    assert public_rating(client, viewer, labour.id) == (4.33, 3)
    client.put(f"{REVIEWS}/{a['id']}", json={"rating": 1}, headers=first.headers)
    assert public_rating(client, viewer, labour.id) == (3.0, 3)
    client.delete(f"{REVIEWS}/{b['id']}", headers=second.headers)
    assert public_rating(client, viewer, labour.id) == (2.5, 2)
    listed = reviews_of(client, viewer, labour.id)
    assert (listed["averageRating"], listed["totalReviews"], len(listed["reviews"])) == (2.5, 2, 2)


def test_the_reviews_list_shows_the_recomputed_rating_after_the_reviewer_deletes_their_account(
    client: FlaskClient, people: People
) -> None:
    labour, viewer, leaving, staying = people.labour(), people.employer(), people.employer(), people.employer()
    contact_and_review(client, leaving, labour, 1)
    contact_and_review(client, staying, labour, 4)
    assert reviews_of(client, viewer, labour.id)["averageRating"] == 2.5
    assert client.delete(ACCOUNT, headers=leaving.headers).status_code == 200
    listed = reviews_of(client, viewer, labour.id)
    assert (listed["averageRating"], listed["totalReviews"]) == (4.0, 1)
    assert [r["reviewerId"] for r in listed["reviews"]] == [staying.id]


def test_the_public_profile_shows_the_recomputed_rating_after_the_reviewer_deletes_their_account(
    client: FlaskClient, people: People
) -> None:
    labour, viewer, leaving, staying = people.labour(), people.employer(), people.employer(), people.employer()
    contact_and_review(client, leaving, labour, 1)
    contact_and_review(client, staying, labour, 4)
    assert public_rating(client, viewer, labour.id) == (2.5, 2)
    assert client.delete(ACCOUNT, headers=leaving.headers).status_code == 200
    assert public_rating(client, viewer, labour.id) == (4.0, 1)


def test_reviews_of_a_missing_user_are_404(client: FlaskClient, people: People) -> None:
    employer = people.employer()
    assert_error(client.get(f"{REVIEWS}/{MISSING_ID}", headers=employer.headers), 404)
    assert_error(client.get(f"{REVIEWS}/nope", headers=employer.headers), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", REVIEWS), ("GET", f"{REVIEWS}/{MISSING_ID}"), ("PUT", f"{REVIEWS}/{MISSING_ID}"),
     ("DELETE", f"{REVIEWS}/{MISSING_ID}")],
)
def test_every_review_endpoint_needs_a_token(client: FlaskClient, method: str, path: str) -> None:
    assert_error(client.open(path, method=method, json={"labourId": MISSING_ID, "rating": 5}), 401)


def test_a_new_and_a_changed_review_notify_the_labour(
    client: FlaskClient, people: People, clock: ManualClock
) -> None:
    labour, employer = people.labour(), people.employer()
    created = contact_and_review(client, employer, labour, 5)
    clock.advance(60)
    client.put(f"{REVIEWS}/{created['id']}", json={"rating": 3}, headers=employer.headers)
    reviews = [n for n in notifications_of(client, labour)["notifications"] if n["type"] == "review"]
    assert len(reviews) == 2
    assert all(n["relatedUserId"] == employer.id for n in reviews)
    assert "3" in reviews[0]["message"] and "5" in reviews[1]["message"]


def test_two_simultaneous_posts_of_one_review_give_one_201_and_one_409(app: Flask, people: People) -> None:
    labour, employer = people.labour(), people.employer()
    assert contact(people.client, employer, labour.id).status_code == 201
    body = {"labourId": labour.id, "rating": 4}
    statuses = run_concurrently(app, 2, lambda c: c.post(REVIEWS, json=body, headers=employer.headers).status_code)
    assert statuses == {201: 1, 409: 1}
    assert public_rating(people.client, employer, labour.id) == (4.0, 1)
