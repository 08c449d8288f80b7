"""The rating invariant under concurrency: users.rating and users.total_reviews equal the average (two
decimals) and count of the labour's reviews, whatever reviewers do at the same moment.

The writes go through the real review use cases, each in its own unit of work (its own connection)."""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from activity_support import NOW, create_user
from sqlalchemy.engine import Engine

from rozgar_adapters.email import ConsoleEmailSender
from rozgar_adapters.memory.cache import MemoryCache
from rozgar_adapters.memory.realtime import MemoryRealtimePublisher
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.sql import create_engine_from_url, sql_uow_factory
from rozgar_adapters.system import CryptoSecrets, SystemClock
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_core.errors import Conflict
from rozgar_core.model import Phone
from rozgar_core.model.activity import Review
from rozgar_core.model.app_settings import REVIEWS_REQUIRE_CONTACT
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.use_cases.activity.notifier import Notifier
from rozgar_core.use_cases.activity.reviews import (
    DeleteReview,
    SubmitReview,
    SubmitReviewCommand,
    UpdateReview,
    UpdateReviewCommand,
)

REVIEWERS = 50


@dataclass
class ReviewUseCases:
    submit: SubmitReview
    update: UpdateReview
    delete: DeleteReview

    def submit_rating(self, reviewer_id: str, labour_id: str, rating: int) -> Review:
        return self.submit(SubmitReviewCommand(reviewer_id, labour_id, rating, f"{rating} stars"))

    def update_rating(self, reviewer_id: str, review_id: str, rating: int) -> Review:
        return self.update(UpdateReviewCommand(reviewer_id, review_id, rating, None))


def review_use_cases(uow_factory: UnitOfWorkFactory) -> ReviewUseCases:
    clock, secrets = SystemClock(), CryptoSecrets()
    notifier = Notifier(
        MemorySmsSender(), ConsoleEmailSender(), ImmediateTaskRunner(), secrets, clock, MemoryRealtimePublisher(),
        uow_factory,
    )
    cache = MemoryCache(clock)
    return ReviewUseCases(
        SubmitReview(uow_factory, notifier, clock, secrets, cache),
        UpdateReview(uow_factory, notifier, clock, secrets, cache),
        DeleteReview(uow_factory, notifier, clock, secrets, cache),
    )


def open_reviews_to_everyone(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.app_settings.set(REVIEWS_REQUIRE_CONTACT.key, "false", REVIEWS_REQUIRE_CONTACT.description, NOW)
        uow.commit()


def rounded_average(ratings: list[int]) -> Decimal:
    if not ratings:
        return Decimal("0.00")
    return (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def many_connections(postgres_engine: Engine, postgres_url: str) -> Iterator[Engine]:
    """The emptied test database, through a pool holding a connection per reviewer plus a few for the
    notification pushes (each opens one while its use case still holds its own), all opened beforehand:
    the reviewers then act at the same moment instead of queueing to connect."""
    size = REVIEWERS + 10
    engine = create_engine_from_url(postgres_url, pool_min=size, pool_max=size)
    with ExitStack() as stack:
        for _ in range(size):
            stack.enter_context(engine.connect())
    yield engine
    engine.dispose()


Step = tuple[str, int]
"""("submit" | "update", rating), ("delete", 0) or ("erase", 0): erase deletes the reviewer's account."""


def script(index: int) -> tuple[int | None, list[Step]]:
    """Reviewer `index`'s rating before the start (None: no review yet) and their moves, in order."""
    a, b, c = 1 + index % 5, 1 + (index * 3 + 1) % 5, 1 + (index * 7 + 2) % 5
    scripts: list[tuple[int | None, list[Step]]] = [
        (None, [("submit", a), ("update", b), ("update", c)]),
        (a, [("update", b), ("update", c), ("delete", 0), ("submit", a)]),
        (a, [("delete", 0), ("submit", b), ("delete", 0)]),
        (None, [("submit", a), ("update", b), ("delete", 0), ("submit", c), ("update", a)]),
        (a, [("update", b), ("erase", 0)]),
        (None, [("submit", a), ("update", c), ("erase", 0)]),
        (b, [("update", c), ("update", a)]),
    ]
    return scripts[index % len(scripts)]


def final_rating(seed: int | None, steps: list[Step]) -> int | None:
    rating = seed
    for move, value in steps:
        rating = value if move in {"submit", "update"} else None
    return rating


@pytest.mark.postgres
def test_fifty_reviewers_at_once_keep_the_rating_equal_to_the_reviews(
    many_connections: Engine, new_phone: Callable[[], Phone], run_concurrently: Callable[..., list[Any]]
) -> None:
    uow_factory = sql_uow_factory(many_connections)
    open_reviews_to_everyone(uow_factory)
    labour = create_user(uow_factory, new_phone(), name="Ramesh Kumar")
    reviewers = [create_user(uow_factory, new_phone()) for _ in range(REVIEWERS)]
    reviews = review_use_cases(uow_factory)
    current: dict[int, Review] = {}
    for index, reviewer in enumerate(reviewers):
        seed, _ = script(index)
        if seed is not None:
            current[index] = reviews.submit_rating(reviewer.id, labour.id, seed)

    def move(index: int, step: Step) -> None:
        reviewer, (kind, rating) = reviewers[index], step
        if kind == "submit":
            current[index] = reviews.submit_rating(reviewer.id, labour.id, rating)
        elif kind == "update":
            current[index] = reviews.update_rating(reviewer.id, current[index].id, rating)
        elif kind == "delete":
            reviews.delete(current.pop(index).id, reviewer.id)
        else:  # what DeleteAccount does in the database
            with uow_factory() as uow:
                uow.users.delete_account(reviewer.id)
                uow.commit()

    # Rounds: in each, every reviewer with a move left makes it at the same moment. Scripts are aligned on
    # the last round, so the final writes, which decide the stored rating, all race each other.
    rounds = max(len(script(index)[1]) for index in range(REVIEWERS))
    next_round = threading.Barrier(REVIEWERS, timeout=60)

    def act(index: int) -> None:
        steps = script(index)[1]
        for round_number in range(rounds):
            next_round.wait()
            position = round_number - (rounds - len(steps))
            if position >= 0:
                try:
                    move(index, steps[position])
                except BaseException:
                    next_round.abort()  # the others stop waiting for this reviewer at once
                    raise

    run_concurrently(REVIEWERS, act)

    expected = [r for i in range(REVIEWERS) if (r := final_rating(*script(i))) is not None]
    with many_connections.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT rating, total_reviews FROM users WHERE id = :id"), {"id": labour.id}
        ).one()
        actual = connection.execute(
            sa.text("SELECT round(avg(rating), 2), count(*) FROM reviews WHERE reviewee_id = :id"), {"id": labour.id}
        ).one()
    assert (stored.rating, stored.total_reviews) == (actual[0], actual[1])
    assert (stored.rating, stored.total_reviews) == (rounded_average(expected), len(expected))


def test_two_simultaneous_first_reviews_by_one_reviewer_make_one_review(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone], run_concurrently: Callable[..., list[Any]]
) -> None:
    open_reviews_to_everyone(uow_factory)
    labour = create_user(uow_factory, new_phone(), name="Ramesh Kumar")
    reviewers = [create_user(uow_factory, new_phone()) for _ in range(5)]
    reviews = review_use_cases(uow_factory)

    def submit(index: int) -> str:
        reviewer = reviewers[index // 2]
        try:
            reviews.submit_rating(reviewer.id, labour.id, 1 + index % 5)
        except Conflict as conflict:
            return f"{reviewer.id} {conflict.code}"
        return f"{reviewer.id} created"

    outcomes = run_concurrently(2 * len(reviewers), submit)

    assert sorted(outcomes) == sorted(f"{r.id} {o}" for r in reviewers for o in ("created", "REVIEW_EXISTS"))
    with uow_factory() as uow:
        page, total = uow.reviews.list_for(labour.id, 0, 20)
        stored = uow.users.get(labour.id)
    assert total == 5 and stored is not None
    expected = rounded_average([r.rating for r in page])
    assert (stored.rating, stored.total_reviews) == (float(expected), 5)


def test_simultaneous_inserts_of_one_pair_keep_one(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone], run_concurrently: Callable[..., list[Any]]
) -> None:
    """Without the use case's lock, the unique constraint alone refuses the second review."""
    labour, reviewer = create_user(uow_factory, new_phone(), name="Ramesh"), create_user(uow_factory, new_phone())

    def insert(index: int) -> str:
        try:
            with uow_factory() as uow:
                uow.reviews.add(Review(str(uuid.uuid4()), reviewer.id, labour.id, 1 + index % 5, None, NOW, NOW))
                uow.commit()
        except Conflict as conflict:
            return conflict.code
        return "created"

    outcomes = run_concurrently(6, insert)

    assert sorted(outcomes) == ["REVIEW_EXISTS"] * 5 + ["created"]

