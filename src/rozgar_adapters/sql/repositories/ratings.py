"""Keeping users.rating and users.total_reviews equal to the average and count of their reviews."""
from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from rozgar_adapters.sql.tables import reviews, users


def lock_users(user_ids: Collection[str]) -> sa.Select[tuple[str]]:
    """Locks the rows of these users (in id order, so two transactions never deadlock on them).

    Take it before reading or changing their reviews: whoever recomputes a rating then sees every
    review committed before it. SQLite ignores FOR UPDATE; its transactions are already serialised."""
    return sa.select(users.c.id).where(users.c.id.in_(sorted(user_ids))).order_by(users.c.id).with_for_update()


def recompute_ratings(user_ids: Collection[str]) -> sa.Update:
    """Sets the rating (rounded to two decimals, 0 without reviews) and review count of these users."""
    of_this_user = reviews.c.reviewee_id == users.c.id
    average = sa.select(sa.func.round(sa.func.avg(reviews.c.rating), 2)).where(of_this_user)
    count = sa.select(sa.func.count()).select_from(reviews).where(of_this_user)
    return (
        users.update()
        .where(users.c.id.in_(sorted(user_ids)))
        .values(
            rating=sa.func.coalesce(average.scalar_subquery(), 0),
            total_reviews=count.scalar_subquery(),
        )
    )
