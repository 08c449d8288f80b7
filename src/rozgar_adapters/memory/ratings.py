"""Keeping a user's rating and review count equal to their reviews, and erasing a user's activity.

Shared by the review repository and account deletion (which must recompute the ratings of every labour
the erased user had reviewed, in the same transaction)."""
from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from rozgar_adapters.memory.store import MemoryTransaction
from rozgar_core.errors import NotFound

_CENTS = Decimal("0.01")


def average_rating(ratings: list[int]) -> float:
    """The average to two decimals, halves rounded away from zero as the databases' round() does."""
    if not ratings:
        return 0.0
    return float((Decimal(sum(ratings)) / Decimal(len(ratings))).quantize(_CENTS, rounding=ROUND_HALF_UP))


def recompute_rating(tx: MemoryTransaction, user_id: str) -> tuple[float, int]:
    store = tx.require_active()
    user = store.users.get(user_id)
    if user is None:
        raise NotFound("This account no longer exists", code="USER_NOT_FOUND")
    ratings = [review.rating for review in store.reviews.values() if review.reviewee_id == user_id]
    rating, count = average_rating(ratings), len(ratings)
    if (user.rating, user.total_reviews) != (rating, count):
        tx.put(store.users, user_id, replace(user, rating=rating, total_reviews=count))
    return rating, count


def erase_activity(tx: MemoryTransaction, user_id: str) -> set[str]:
    """Delete the user's reviews (written and received), contacts, notifications (theirs and those
    about them) and reports (by and about them). Returns the ids of the labours they had reviewed,
    whose ratings the caller recomputes once the user is gone."""
    store = tx.require_active()
    reviewed: set[str] = set()
    for review in [r for r in store.reviews.values() if user_id in (r.reviewer_id, r.reviewee_id)]:
        if review.reviewer_id == user_id:
            reviewed.add(review.reviewee_id)
        tx.delete(store.reviews, review.id)
        tx.delete(store.review_ids_by_pair, (review.reviewer_id, review.reviewee_id))
    for contact in [c for c in store.contacts.values() if user_id in (c.from_user_id, c.to_user_id)]:
        tx.delete(store.contacts, contact.id)
    for notification in [n for n in store.notifications.values() if user_id in (n.user_id, n.related_user_id)]:
        tx.delete(store.notifications, notification.id)
    for report in [r for r in store.reports.values() if user_id in (r.reporter_id, r.reported_user_id)]:
        tx.delete(store.reports, report.id)
    reviewed.discard(user_id)
    return reviewed
