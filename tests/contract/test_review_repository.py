"""The ReviewRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from activity_support import NOW, NewUser, moments, user_factory

from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model import Phone, User
from rozgar_core.model.activity import Review, UserSummary
from rozgar_core.ports import UnitOfWorkFactory


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> NewUser:
    return user_factory(uow_factory, new_phone)


def _review(reviewer: User, reviewee: User, rating: int = 4, at: Any = NOW, comment: str | None = None) -> Review:
    return Review(str(uuid.uuid4()), reviewer.id, reviewee.id, rating, comment, at, at)


def _add(uow_factory: UnitOfWorkFactory, *reviews: Review, recompute: bool = True) -> None:
    with uow_factory() as uow:
        for review in reviews:
            uow.reviews.lock_reviewee(review.reviewee_id)
            uow.reviews.add(review)
            if recompute:
                uow.reviews.recompute_rating(review.reviewee_id)
        uow.commit()


def _rating_of(uow_factory: UnitOfWorkFactory, user_id: str) -> tuple[float, int]:
    with uow_factory() as uow:
        user = uow.users.get(user_id)
    assert user is not None
    return user.rating, user.total_reviews


def test_a_review_is_stored_and_found(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reviewer, labour = new_user(), new_user()
    review = _review(reviewer, labour, 5, comment="Fixed the leak in an hour")

    _add(uow_factory, review)

    with uow_factory() as uow:
        assert uow.reviews.get(review.id) == review
        assert uow.reviews.find(reviewer.id, labour.id) == review
        assert uow.reviews.find(labour.id, reviewer.id) is None


@pytest.mark.parametrize("missing", [str(uuid.uuid4()), "not-a-uuid", ""])
def test_unknown_or_malformed_ids_find_nothing(uow_factory: UnitOfWorkFactory, missing: str) -> None:
    with uow_factory() as uow:
        assert uow.reviews.get(missing) is None
        assert uow.reviews.find(missing, str(uuid.uuid4())) is None
        assert uow.reviews.list_for(missing, 0, 20) == ([], 0)
        uow.reviews.lock_reviewee(missing)
        with pytest.raises(NotFound):
            uow.reviews.update(Review(missing, missing, missing, 3, None, NOW, NOW))
        with pytest.raises(NotFound):
            uow.reviews.delete(missing)
        with pytest.raises(NotFound):
            uow.reviews.recompute_rating(missing)


def test_a_second_review_of_the_same_labour_is_a_conflict_and_the_transaction_goes_on(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    reviewer, labour, other = new_user(), new_user(), new_user()
    first = _review(reviewer, labour, 5)
    _add(uow_factory, first)

    with uow_factory() as uow:
        with pytest.raises(Conflict) as conflict:
            uow.reviews.add(_review(reviewer, labour, 1))
        assert conflict.value.code == "REVIEW_EXISTS"
        uow.reviews.add(_review(reviewer, other, 2))
        assert uow.reviews.recompute_rating(labour.id) == (5.0, 1)
        uow.commit()

    with uow_factory() as uow:
        assert uow.reviews.find(reviewer.id, labour.id) == first
        assert uow.reviews.find(reviewer.id, other.id) is not None


@pytest.mark.parametrize("broken", ["missing reviewer", "missing reviewee", "self", "rating", "same id"])
def test_reviews_breaking_a_constraint_are_plain_conflicts(
    uow_factory: UnitOfWorkFactory, new_user: NewUser, broken: str
) -> None:
    reviewer, labour = new_user(), new_user()
    existing = _review(new_user(), labour)
    _add(uow_factory, existing)
    review = _review(reviewer, labour)
    review = {
        "missing reviewer": replace(review, reviewer_id=str(uuid.uuid4())),
        "missing reviewee": replace(review, reviewee_id=str(uuid.uuid4())),
        "self": replace(review, reviewee_id=reviewer.id),
        "rating": replace(review, rating=6),
        "same id": replace(review, id=existing.id),
    }[broken]

    with uow_factory() as uow:
        with pytest.raises(Conflict) as conflict:
            uow.reviews.add(review)
        assert conflict.value.code == "CONFLICT"


def test_update_changes_the_rating_comment_and_time_only(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reviewer, labour = new_user(), new_user()
    review = _review(reviewer, labour, 2, comment="Late")
    _add(uow_factory, review)
    later = NOW + timedelta(days=2)

    with uow_factory() as uow:
        uow.reviews.lock_reviewee(labour.id)
        edited = replace(review, rating=5, comment=None, updated_at=later, created_at=later,
                         reviewer_id=labour.id)
        uow.reviews.update(edited)
        assert uow.reviews.recompute_rating(labour.id) == (5.0, 1)
        uow.commit()

    with uow_factory() as uow:
        assert uow.reviews.get(review.id) == replace(review, rating=5, comment=None, updated_at=later)
    assert _rating_of(uow_factory, labour.id) == (5.0, 1)


def test_an_update_out_of_range_is_a_conflict(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    review = _review(new_user(), new_user())
    _add(uow_factory, review)

    with uow_factory() as uow, pytest.raises(Conflict):
        uow.reviews.update(replace(review, rating=0))


def test_delete_removes_the_review_and_frees_the_pair(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reviewer, labour = new_user(), new_user()
    review = _review(reviewer, labour, 1)
    _add(uow_factory, review)

    with uow_factory() as uow:
        uow.reviews.lock_reviewee(labour.id)
        uow.reviews.delete(review.id)
        assert uow.reviews.recompute_rating(labour.id) == (0.0, 0)
        with pytest.raises(NotFound) as again:
            uow.reviews.delete(review.id)
        assert again.value.code == "REVIEW_NOT_FOUND"
        uow.commit()

    with uow_factory() as uow:
        assert uow.reviews.get(review.id) is None and uow.reviews.find(reviewer.id, labour.id) is None
    assert _rating_of(uow_factory, labour.id) == (0.0, 0)
    _add(uow_factory, _review(reviewer, labour, 3))
    assert _rating_of(uow_factory, labour.id) == (3.0, 1)


def test_uncommitted_writes_leave_no_trace(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reviewer, labour = new_user(), new_user()
    kept = _review(new_user(), labour, 4)
    _add(uow_factory, kept)
    with uow_factory() as uow:
        uow.reviews.add(_review(reviewer, labour, 1))
        uow.reviews.update(replace(kept, rating=1))
        uow.reviews.recompute_rating(labour.id)

    with uow_factory() as uow:
        assert uow.reviews.find(reviewer.id, labour.id) is None
        assert uow.reviews.get(kept.id) == kept
    assert _rating_of(uow_factory, labour.id) == (4.0, 1)


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [([5], 5.0), ([5, 4], 4.5), ([5, 5, 4], 4.67), ([1, 2, 2], 1.67), ([5, 4, 4, 4, 4, 4, 4, 4], 4.13),
     ([1, 1, 1, 1, 1, 1, 1, 2], 1.13), ([3, 3, 3, 4, 4, 4, 4, 4], 3.63)],
)
def test_the_rating_is_the_average_rounded_half_up_to_two_decimals(
    uow_factory: UnitOfWorkFactory, new_user: NewUser, ratings: list[int], expected: float
) -> None:
    labour = new_user()
    _add(uow_factory, *(_review(new_user(name=None), labour, rating) for rating in ratings), recompute=False)

    with uow_factory() as uow:
        assert uow.reviews.recompute_rating(labour.id) == (expected, len(ratings))
        uow.commit()

    assert _rating_of(uow_factory, labour.id) == (expected, len(ratings))


def test_list_for_is_newest_first_with_reviewer_summaries_and_a_total(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    labour, elsewhere = new_user(), new_user()
    first, second = new_user("Asha", "https://cdn/asha.webp"), new_user(name=None)
    third, fourth = new_user("Bala"), new_user("Chitra")
    at = moments(3)
    tied = sorted([_review(third, labour, 3, at[2]), _review(fourth, labour, 4, at[2])], key=lambda r: r.id)
    reviews = [_review(first, labour, 5, at[0]), _review(second, labour, 1, at[1]), *tied]
    _add(uow_factory, *reviews, _review(first, elsewhere, 2, at[2]))

    with uow_factory() as uow:
        page, total = uow.reviews.list_for(labour.id, 0, 20)
        second_page = uow.reviews.list_for(labour.id, 1, 2)
        beyond = uow.reviews.list_for(labour.id, 4, 20)

    expected_order = [tied[1], tied[0], reviews[1], reviews[0]]
    assert [r.id for r in page] == [r.id for r in expected_order] and total == 4
    assert [r.id for r in second_page[0]] == [tied[0].id, reviews[1].id] and second_page[1] == 4
    assert beyond == ([], 4)
    summaries = {r.reviewer_id: r.reviewer for r in page}
    assert summaries[first.id] == UserSummary(first.id, "Asha", "https://cdn/asha.webp", None)
    assert summaries[second.id] == UserSummary(second.id, None, None, None)
    assert page[3] == replace(reviews[0], reviewer=summaries[first.id])


def test_deleting_an_account_erases_its_activity_and_recomputes_ratings(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    from rozgar_core.model.activity import Contact, Notification, Report

    gone, b, c, d = new_user(), new_user(), new_user(), new_user()
    _add(uow_factory, _review(gone, b, 5), _review(d, b, 2), _review(gone, c, 1), _review(d, c, 4),
         _review(b, gone, 3))
    note = Notification(str(uuid.uuid4()), b.id, "review", "t", "m", NOW, related_user_id=gone.id)
    kept_note = replace(note, id=str(uuid.uuid4()), related_user_id=d.id)
    with uow_factory() as uow:
        uow.contacts.add(Contact(str(uuid.uuid4()), gone.id, b.id, "call", NOW))
        uow.contacts.add(Contact(str(uuid.uuid4()), b.id, gone.id, "message", NOW))
        for notification in (note, kept_note, replace(note, id=str(uuid.uuid4()), user_id=gone.id)):
            uow.notifications.add(notification)
        uow.reports.add(Report(str(uuid.uuid4()), d.id, gone.id, "Asked for money upfront", NOW))
        uow.reports.add(Report(str(uuid.uuid4()), gone.id, c.id, "Never showed up at all", NOW))
        uow.commit()

    with uow_factory() as uow:
        uow.users.delete_account(gone.id)
        uow.commit()

    assert _rating_of(uow_factory, b.id) == (2.0, 1)
    assert _rating_of(uow_factory, c.id) == (4.0, 1)
    with uow_factory() as uow:
        assert uow.reviews.list_for(gone.id, 0, 20) == ([], 0)
        assert [r.reviewer_id for r in uow.reviews.list_for(b.id, 0, 20)[0]] == [d.id]
        assert uow.contacts.list_for(b.id, None, 0, 20) == ([], 0)
        assert [n.id for n in uow.notifications.list_for(b.id, False, 0, 20)[0]] == [kept_note.id]
        assert uow.notifications.list_for(gone.id, False, 0, 20) == ([], 0)
        assert uow.reports.list(None, 0, 20) == ([], 0)
        assert uow.reports.pending_reporters(c.id) == 0
