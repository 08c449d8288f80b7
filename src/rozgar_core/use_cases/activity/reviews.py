"""Reviews: one per reviewer and labour; the labour's rating always equals the average of them."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import Conflict, Forbidden, InvalidInput, NotFound
from rozgar_core.model.activity import (
    NotificationType,
    Review,
    validate_comment,
    validate_rating,
)
from rozgar_core.model.app_settings import REVIEWS_REQUIRE_CONTACT
from rozgar_core.model.pagination import PageRequest
from rozgar_core.model.user import ROLE_LABOUR
from rozgar_core.ports import (
    Cache,
    Clock,
    SecretGenerator,
    UnitOfWork,
    UnitOfWorkFactory,
)
from rozgar_core.use_cases.activity.common import active_user, bool_setting, summary
from rozgar_core.use_cases.activity.notifier import Notifier, Outbox
from rozgar_core.use_cases.profiles.cache_keys import forget_profile
from rozgar_core.use_cases.profiles.public import is_uuid


@dataclass(frozen=True, slots=True)
class SubmitReviewCommand:
    reviewer_id: str
    labour_id: str
    rating: object
    comment: object = None


@dataclass(frozen=True, slots=True)
class UpdateReviewCommand:
    user_id: str
    review_id: str
    rating: object
    comment: object = None


@dataclass(frozen=True, slots=True)
class ReviewPage:
    reviews: list[Review]
    total: int
    average_rating: float
    total_reviews: int


class _ReviewUseCase:
    def __init__(
        self, uow: UnitOfWorkFactory, notifier: Notifier, clock: Clock, secrets: SecretGenerator, cache: Cache
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._clock = clock
        self._secrets = secrets
        self._cache = cache

    def _own_review(self, uow: UnitOfWork, review_id: str, user_id: str) -> Review:
        review = uow.reviews.get(review_id) if is_uuid(review_id) else None
        if review is None:
            raise NotFound("No such review", code="REVIEW_NOT_FOUND")
        if review.reviewer_id != user_id:
            raise Forbidden("Only the author may change or delete a review", code="NOT_REVIEW_AUTHOR")
        return review

    def _finish(self, uow: UnitOfWork, reviewee_id: str, outbox: Outbox) -> None:
        uow.reviews.recompute_rating(reviewee_id)
        uow.commit()
        self._notifier.send(outbox)
        forget_profile(self._cache, reviewee_id)

    def _with_reviewer(self, uow: UnitOfWork, review: Review) -> Review:
        reviewer = uow.users.get(review.reviewer_id)
        review.reviewer = summary(reviewer) if reviewer else None
        return review


class SubmitReview(_ReviewUseCase):
    def __call__(self, command: SubmitReviewCommand) -> Review:
        rating, comment = validate_rating(command.rating), validate_comment(command.comment)
        if command.labour_id == command.reviewer_id:
            raise InvalidInput.field("labourId", "You cannot review yourself")
        with self._uow() as uow:
            labour = active_user(uow, command.labour_id, "labour")
            if labour.role != ROLE_LABOUR or not labour.is_profile_complete:
                raise NotFound("No such labour", code="LABOUR_NOT_FOUND")
            if bool_setting(uow, REVIEWS_REQUIRE_CONTACT) and not uow.contacts.exists_between(
                command.reviewer_id, labour.id
            ):
                raise Forbidden("Contact this labour before reviewing them", code="CONTACT_REQUIRED")
            uow.reviews.lock_reviewee(labour.id)
            if uow.reviews.find(command.reviewer_id, labour.id) is not None:
                raise Conflict("You have already reviewed this labour: edit that review", code="REVIEW_EXISTS")
            now = self._clock.now()
            review = Review(self._secrets.new_id(), command.reviewer_id, labour.id, rating, comment, now, now)
            uow.reviews.add(review)
            outbox = Outbox()
            self._notifier.add(
                uow, outbox, labour.id, NotificationType.REVIEW, "New review",
                f"You received a {rating}-star review", command.reviewer_id,
            )
            self._finish(uow, labour.id, outbox)
            return self._with_reviewer(uow, review)


class UpdateReview(_ReviewUseCase):
    def __call__(self, command: UpdateReviewCommand) -> Review:
        rating, comment = validate_rating(command.rating), validate_comment(command.comment)
        with self._uow() as uow:
            review = self._own_review(uow, command.review_id, command.user_id)
            uow.reviews.lock_reviewee(review.reviewee_id)
            review.rating, review.comment, review.updated_at = rating, comment, self._clock.now()
            uow.reviews.update(review)
            outbox = Outbox()
            self._notifier.add(
                uow, outbox, review.reviewee_id, NotificationType.REVIEW, "Review updated",
                f"A review of you was changed to {rating} stars", command.user_id,
            )
            self._finish(uow, review.reviewee_id, outbox)
            return self._with_reviewer(uow, review)


class DeleteReview(_ReviewUseCase):
    def __call__(self, review_id: str, user_id: str) -> None:
        with self._uow() as uow:
            review = self._own_review(uow, review_id, user_id)
            uow.reviews.lock_reviewee(review.reviewee_id)
            uow.reviews.delete(review.id)
            self._finish(uow, review.reviewee_id, Outbox())


class ListReviews:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str, page: PageRequest) -> ReviewPage:
        with self._uow() as uow:
            user = active_user(uow, user_id)
            reviews, total = uow.reviews.list_for(user.id, page.offset, page.limit)
            return ReviewPage(reviews, total, round(float(user.rating), 2), user.total_reviews)
