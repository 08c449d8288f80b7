"""Erasing an account removes the reviews it wrote and recomputes every reviewed labour's rating, in SQL.

Runs on SQLite and PostgreSQL. Reviews are written straight into the `reviews` table, as the review
endpoints would, and ratings start from the ratings helper."""
from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.sql import sql_uow_factory
from rozgar_adapters.sql import tables as t
from rozgar_adapters.sql.repositories.ratings import recompute_ratings
from rozgar_core.model import Phone
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _users(uow_factory: UnitOfWorkFactory, count: int) -> list[str]:
    with uow_factory() as uow:
        ids = [
            uow.users.get_or_create_by_phone(Phone(f"+9191234{n:05d}"), str(uuid.uuid4()), NOW)[0].id
            for n in range(count)
        ]
        uow.commit()
    return ids


def _review(engine: Engine, reviewer: str, reviewee: str, rating: int) -> None:
    row = {"id": str(uuid.uuid4()), "reviewer_id": reviewer, "reviewee_id": reviewee, "rating": rating,
           "comment": "ok", "created_at": NOW, "updated_at": NOW}
    with engine.begin() as connection:
        connection.execute(t.reviews.insert(), [row])


def _recompute_all(engine: Engine) -> None:
    with engine.begin() as connection:
        ids = list(connection.execute(sa.select(t.users.c.id)).scalars())
        connection.execute(recompute_ratings(ids))


def _ratings(uow_factory: UnitOfWorkFactory, *user_ids: str) -> list[tuple[float, int]]:
    with uow_factory() as uow:
        users = [uow.users.get(user_id) for user_id in user_ids]
    return [(user.rating, user.total_reviews) for user in users if user is not None]


def _erase(uow_factory: UnitOfWorkFactory, user_id: str) -> None:
    with uow_factory() as uow:
        uow.users.delete_account(user_id)
        uow.commit()


def test_the_reviews_a_deleted_account_wrote_leave_every_rating_they_counted_in(sql_engine: Engine) -> None:
    uow_factory = sql_uow_factory(sql_engine)
    reviewer, only_theirs, shared, many, other = _users(uow_factory, 5)
    for reviewee, rating in ((only_theirs, 5), (shared, 1), (many, 1)):
        _review(sql_engine, reviewer, reviewee, rating)
    _review(sql_engine, other, shared, 4)
    _review(sql_engine, other, many, 5)
    _review(sql_engine, only_theirs, many, 4)
    _recompute_all(sql_engine)
    assert _ratings(uow_factory, only_theirs, shared, many) == [(5.0, 1), (2.5, 2), (3.33, 3)]

    _erase(uow_factory, reviewer)

    assert _ratings(uow_factory, only_theirs, shared, many) == [(0.0, 0), (4.0, 1), (4.5, 2)]
    with sql_engine.connect() as connection:
        left = connection.execute(sa.select(sa.func.count()).select_from(t.reviews)).scalar_one()
    assert left == 3


def test_reviews_about_the_deleted_account_go_and_the_reviews_of_others_stay(sql_engine: Engine) -> None:
    uow_factory = sql_uow_factory(sql_engine)
    gone, fan, critic, labour = _users(uow_factory, 4)
    _review(sql_engine, fan, gone, 5)
    _review(sql_engine, critic, gone, 2)
    _review(sql_engine, fan, labour, 3)
    _recompute_all(sql_engine)

    _erase(uow_factory, gone)

    assert _ratings(uow_factory, labour, fan, critic) == [(3.0, 1), (0.0, 0), (0.0, 0)]
    with sql_engine.connect() as connection:
        about_gone = sa.select(sa.func.count()).select_from(t.reviews).where(
            sa.or_(t.reviews.c.reviewee_id == gone, t.reviews.c.reviewer_id == gone)
        )
        assert connection.execute(about_gone).scalar_one() == 0


def test_an_uncommitted_deletion_changes_no_rating(sql_engine: Engine) -> None:
    uow_factory = sql_uow_factory(sql_engine)
    reviewer, labour, other = _users(uow_factory, 3)
    _review(sql_engine, reviewer, labour, 1)
    _review(sql_engine, other, labour, 5)
    _recompute_all(sql_engine)

    with uow_factory() as uow:
        uow.users.delete_account(reviewer)
        assert (uow.users.get(labour).rating, uow.users.get(labour).total_reviews) == (5.0, 1)  # type: ignore[union-attr]

    assert _ratings(uow_factory, labour) == [(3.0, 2)]
    with uow_factory() as uow:
        assert uow.users.get(reviewer) is not None


def test_a_rating_set_by_hand_is_brought_back_in_line_with_the_reviews(sql_engine: Engine) -> None:
    uow_factory = sql_uow_factory(sql_engine)
    reviewer, labour, other = _users(uow_factory, 3)
    _review(sql_engine, reviewer, labour, 2)
    _review(sql_engine, other, labour, 4)
    with sql_engine.begin() as connection:
        connection.execute(t.users.update().where(t.users.c.id == labour).values(rating=1.5, total_reviews=9))

    _erase(uow_factory, reviewer)

    assert _ratings(uow_factory, labour) == [(4.0, 1)]


def _expected(engine: Engine) -> dict[str, tuple[float, int]]:
    """Each user's rating and count from the rows left in `reviews`, rounded half up to 2 decimals."""
    with engine.connect() as connection:
        users = list(connection.execute(sa.select(t.users.c.id)).scalars())
        rows = connection.execute(sa.select(t.reviews.c.reviewee_id, t.reviews.c.rating)).all()
    by_user: dict[str, list[int]] = {user_id: [] for user_id in users}
    for reviewee, rating in rows:
        by_user[reviewee].append(rating)
    return {
        user_id: (
            float((Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01"), ROUND_HALF_UP)) if ratings else 0.0,
            len(ratings),
        )
        for user_id, ratings in by_user.items()
    }


def test_after_many_deletions_every_rating_equals_the_average_of_the_reviews_left(sql_engine: Engine) -> None:
    uow_factory = sql_uow_factory(sql_engine)
    users = _users(uow_factory, 24)
    rng = random.Random(360)
    for reviewer in users:
        for reviewee in rng.sample([user for user in users if user != reviewer], 9):
            _review(sql_engine, reviewer, reviewee, rng.randint(1, 5))
    _recompute_all(sql_engine)

    for gone in rng.sample(users, 8):
        _erase(uow_factory, gone)
        expected = _expected(sql_engine)
        actual = dict(zip(expected, _ratings(uow_factory, *expected), strict=True))
        assert actual == expected
