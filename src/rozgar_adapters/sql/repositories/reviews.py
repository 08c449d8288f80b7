"""Reviews in SQL, and the labour's rating recomputed from them in the same transaction."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.repositories.ratings import lock_users, recompute_ratings
from rozgar_adapters.sql.repositories.summaries import summary_columns, summary_from_row
from rozgar_adapters.sql.repositories.unique import execute_in_savepoint
from rozgar_adapters.sql.tables import reviews, users
from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model.activity import Review

ONE_PER_PAIR = "uq_reviews_reviewer_id_reviewee_id"


def review_exists() -> Conflict:
    return Conflict("You have already reviewed this labour: edit that review", code="REVIEW_EXISTS")


def review_not_found() -> NotFound:
    return NotFound("No such review", code="REVIEW_NOT_FOUND")


class SqlReviewRepository(SqlRepository):
    def add(self, review: Review) -> None:
        statement = reviews.insert().values(
            id=require_uuid(review.id, "review.id"),
            reviewer_id=require_uuid(review.reviewer_id, "review.reviewer_id"),
            reviewee_id=require_uuid(review.reviewee_id, "review.reviewee_id"),
            rating=review.rating,
            comment=review.comment,
            created_at=review.created_at,
            updated_at=review.updated_at,
        )
        execute_in_savepoint(
            self._connection(),
            statement,
            unique=ONE_PER_PAIR,
            columns=(reviews.c.reviewer_id, reviews.c.reviewee_id),
            conflict=review_exists(),
            what="review",
        )

    def get(self, review_id: str) -> Review | None:
        canonical_id = canonical_uuid(review_id)
        if canonical_id is None:
            return None
        return self._first(reviews.c.id == canonical_id)

    def find(self, reviewer_id: str, reviewee_id: str) -> Review | None:
        reviewer, reviewee = canonical_uuid(reviewer_id), canonical_uuid(reviewee_id)
        if reviewer is None or reviewee is None:
            return None
        return self._first(sa.and_(reviews.c.reviewer_id == reviewer, reviews.c.reviewee_id == reviewee))

    def update(self, review: Review) -> None:
        canonical_id = canonical_uuid(review.id)
        values = {"rating": review.rating, "comment": review.comment, "updated_at": review.updated_at}
        statement = reviews.update().where(reviews.c.id == canonical_id).values(values)
        # _insert: a rating out of range (CHECK) becomes a Conflict, as on insert.
        if canonical_id is None or self._insert(statement, "review").rowcount == 0:
            raise review_not_found()

    def delete(self, review_id: str) -> None:
        canonical_id = canonical_uuid(review_id)
        statement = reviews.delete().where(reviews.c.id == canonical_id)
        if canonical_id is None or self._execute(statement).rowcount == 0:
            raise review_not_found()

    def list_for(self, reviewee_id: str, offset: int, limit: int) -> tuple[list[Review], int]:
        canonical_id = canonical_uuid(reviewee_id)
        if canonical_id is None:
            return [], 0
        of_reviewee = reviews.c.reviewee_id == canonical_id
        query = (
            sa.select(reviews, *summary_columns(users, "reviewer", with_phone=False))
            .join_from(reviews, users, reviews.c.reviewer_id == users.c.id)
            .where(of_reviewee)
            .order_by(reviews.c.created_at.desc(), reviews.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        items = [review_from_row(row, with_reviewer=True) for row in self._execute(query)]
        total = self._execute(sa.select(sa.func.count()).select_from(reviews).where(of_reviewee)).scalar_one()
        return items, total

    def reviewees_of(self, reviewer_id: str) -> list[str]:
        canonical_id = canonical_uuid(reviewer_id)
        if canonical_id is None:
            return []
        query = sa.select(reviews.c.reviewee_id).where(reviews.c.reviewer_id == canonical_id)
        return sorted(str(reviewee) for reviewee in self._execute(query).scalars())

    def lock_reviewee(self, reviewee_id: str) -> None:
        canonical_id = canonical_uuid(reviewee_id)
        if canonical_id is not None:
            self._execute(lock_users([canonical_id])).all()

    def recompute_rating(self, reviewee_id: str) -> tuple[float, int]:
        canonical_id = canonical_uuid(reviewee_id)
        if canonical_id is not None:
            self._execute(recompute_ratings([canonical_id]))
            query = sa.select(users.c.rating, users.c.total_reviews).where(users.c.id == canonical_id)
            row = self._execute(query).first()
            if row is not None:
                return float(row.rating), int(row.total_reviews)
        raise NotFound("This account no longer exists", code="USER_NOT_FOUND")

    def _first(self, condition: sa.ColumnElement[bool]) -> Review | None:
        row = self._execute(sa.select(reviews).where(condition)).first()
        return review_from_row(row, with_reviewer=False) if row is not None else None


def review_from_row(row: Row[Any], *, with_reviewer: bool) -> Review:
    return Review(
        id=row.id,
        reviewer_id=row.reviewer_id,
        reviewee_id=row.reviewee_id,
        rating=row.rating,
        comment=row.comment,
        created_at=row.created_at,
        updated_at=row.updated_at,
        reviewer=summary_from_row(row, "reviewer", with_phone=False) if with_reviewer else None,
    )
