"""In-memory reviews, contacts, notifications, reports and global settings.

Like the SQL adapters they refuse rows that would break a constraint there (a missing user, a second
review of the same labour, a second pending report), and return copies with the same orderings."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from rozgar_adapters.memory.ratings import recompute_rating
from rozgar_adapters.memory.repositories import to_utc
from rozgar_adapters.memory.store import AppSettingRecord, MemoryStore, MemoryTransaction
from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model.activity import (
    CONTACT_TYPES,
    REPORT_STATUSES,
    Contact,
    Notification,
    Report,
    Review,
    UserSummary,
)

T = TypeVar("T", Review, Contact, Notification, Report)


def _summary(store: MemoryStore, user_id: str, *, with_phone: bool) -> UserSummary | None:
    user = store.users.get(user_id)
    if user is None:
        return None
    return UserSummary(user.id, user.name, user.profile_picture_url, user.phone.e164 if with_phone else None)


def _page(items: Iterable[T], offset: int, limit: int) -> tuple[list[T], int]:
    """Newest first, ties by id (as the SQL adapters order), the requested slice and the total."""
    ordered = sorted(items, key=lambda item: (item.created_at, item.id), reverse=True)
    return ordered[offset : offset + limit], len(ordered)


def _require_users(store: MemoryStore, what: str, *user_ids: str) -> None:
    if any(user_id not in store.users for user_id in user_ids):
        raise Conflict(f"This {what} conflicts with the stored data")


def _require_new(table: dict[str, T], item_id: str, what: str) -> None:
    if item_id in table:
        raise Conflict(f"This {what} conflicts with the stored data")


class MemoryReviewRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, review: Review) -> None:
        store = self._tx.require_active()
        _require_new(store.reviews, review.id, "review")
        _require_users(store, "review", review.reviewer_id, review.reviewee_id)
        self._check(review)
        pair = (review.reviewer_id, review.reviewee_id)
        if pair in store.review_ids_by_pair:
            raise Conflict("You have already reviewed this labour: edit that review", code="REVIEW_EXISTS")
        stored = replace(
            review, created_at=to_utc(review.created_at), updated_at=to_utc(review.updated_at), reviewer=None
        )
        self._tx.put(store.reviews, stored.id, stored)
        self._tx.put(store.review_ids_by_pair, pair, stored.id)

    def get(self, review_id: str) -> Review | None:
        review = self._tx.require_active().reviews.get(review_id)
        return replace(review) if review is not None else None

    def find(self, reviewer_id: str, reviewee_id: str) -> Review | None:
        review_id = self._tx.require_active().review_ids_by_pair.get((reviewer_id, reviewee_id))
        return self.get(review_id) if review_id is not None else None

    def update(self, review: Review) -> None:
        store = self._tx.require_active()
        stored = store.reviews.get(review.id)
        if stored is None:
            raise NotFound("No such review", code="REVIEW_NOT_FOUND")
        self._check(replace(stored, rating=review.rating))
        changed = replace(stored, rating=review.rating, comment=review.comment, updated_at=to_utc(review.updated_at))
        self._tx.put(store.reviews, stored.id, changed)

    def delete(self, review_id: str) -> None:
        store = self._tx.require_active()
        stored = store.reviews.get(review_id)
        if stored is None:
            raise NotFound("No such review", code="REVIEW_NOT_FOUND")
        self._tx.delete(store.reviews, review_id)
        self._tx.delete(store.review_ids_by_pair, (stored.reviewer_id, stored.reviewee_id))

    def reviewees_of(self, reviewer_id: str) -> list[str]:
        store = self._tx.require_active()
        return sorted(r.reviewee_id for r in store.reviews.values() if r.reviewer_id == reviewer_id)

    def list_for(self, reviewee_id: str, offset: int, limit: int) -> tuple[list[Review], int]:
        store = self._tx.require_active()
        page, total = _page((r for r in store.reviews.values() if r.reviewee_id == reviewee_id), offset, limit)
        return [replace(r, reviewer=_summary(store, r.reviewer_id, with_phone=False)) for r in page], total

    def lock_reviewee(self, reviewee_id: str) -> None:
        """Nothing to do: the unit of work holds the store's lock throughout."""
        self._tx.require_active()

    def recompute_rating(self, reviewee_id: str) -> tuple[float, int]:
        return recompute_rating(self._tx, reviewee_id)

    @staticmethod
    def _check(review: Review) -> None:
        if not 1 <= review.rating <= 5 or review.reviewer_id == review.reviewee_id:
            raise Conflict("This review conflicts with the stored data")


class MemoryContactRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, contact: Contact) -> None:
        store = self._tx.require_active()
        _require_new(store.contacts, contact.id, "contact")
        _require_users(store, "contact", contact.from_user_id, contact.to_user_id)
        if contact.type not in CONTACT_TYPES:
            raise Conflict("This contact conflicts with the stored data")
        stored = replace(contact, created_at=to_utc(contact.created_at), from_user=None, to_user=None)
        self._tx.put(store.contacts, stored.id, stored)

    def list_for(self, user_id: str, direction: str | None, offset: int, limit: int) -> tuple[list[Contact], int]:
        store = self._tx.require_active()
        matches: Callable[[Contact], bool] = {
            "sent": lambda c: c.from_user_id == user_id,
            "received": lambda c: c.to_user_id == user_id,
        }.get(direction or "", lambda c: user_id in (c.from_user_id, c.to_user_id))
        page, total = _page(filter(matches, store.contacts.values()), offset, limit)
        items = [
            replace(
                c,
                from_user=_summary(store, c.from_user_id, with_phone=True),
                to_user=_summary(store, c.to_user_id, with_phone=True),
            )
            for c in page
        ]
        return items, total

    def count_sent_since(self, user_id: str, since: datetime) -> int:
        cutoff = to_utc(since)
        contacts = self._tx.require_active().contacts.values()
        return sum(1 for c in contacts if c.from_user_id == user_id and c.created_at >= cutoff)

    def exists_between(self, from_user_id: str, to_user_id: str) -> bool:
        contacts = self._tx.require_active().contacts.values()
        return any(c.from_user_id == from_user_id and c.to_user_id == to_user_id for c in contacts)


class MemoryNotificationRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, notification: Notification) -> None:
        store = self._tx.require_active()
        _require_new(store.notifications, notification.id, "notification")
        related = [notification.related_user_id] if notification.related_user_id is not None else []
        _require_users(store, "notification", notification.user_id, *related)
        stored = replace(notification, created_at=to_utc(notification.created_at))
        self._tx.put(store.notifications, stored.id, stored)

    def list_for(self, user_id: str, unread_only: bool, offset: int, limit: int) -> tuple[list[Notification], int]:
        mine = self._of(user_id, unread_only)
        page, total = _page(mine, offset, limit)
        return [replace(n) for n in page], total

    def unread_count(self, user_id: str) -> int:
        return len(self._of(user_id, unread_only=True))

    def mark_read(self, user_id: str, notification_id: str) -> bool:
        store = self._tx.require_active()
        notification = store.notifications.get(notification_id)
        if notification is None or notification.user_id != user_id:
            return False
        if not notification.is_read:
            self._tx.put(store.notifications, notification_id, replace(notification, is_read=True))
        return True

    def mark_all_read(self, user_id: str) -> int:
        unread = self._of(user_id, unread_only=True)
        for notification in unread:
            self._tx.put(self._tx.store.notifications, notification.id, replace(notification, is_read=True))
        return len(unread)

    def exists_since(self, user_id: str, type: str, related_user_id: str | None, since: datetime) -> bool:
        cutoff = to_utc(since)
        return any(
            n.type == type and n.related_user_id == related_user_id and n.created_at >= cutoff
            for n in self._of(user_id, unread_only=False)
        )

    def _of(self, user_id: str, unread_only: bool) -> list[Notification]:
        notifications = self._tx.require_active().notifications.values()
        return [n for n in notifications if n.user_id == user_id and not (unread_only and n.is_read)]


class MemoryReportRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, report: Report) -> None:
        store = self._tx.require_active()
        _require_new(store.reports, report.id, "report")
        _require_users(store, "report", report.reporter_id, report.reported_user_id)
        self._put(report)

    def get(self, report_id: str) -> Report | None:
        store = self._tx.require_active()
        report = store.reports.get(report_id)
        return self._with_summaries(store, report) if report is not None else None

    def update(self, report: Report) -> None:
        if report.id not in self._tx.require_active().reports:
            raise NotFound("No such report", code="REPORT_NOT_FOUND")
        self._put(report)

    def list(self, status: str | None, offset: int, limit: int) -> tuple[list[Report], int]:
        store = self._tx.require_active()
        matching = (r for r in store.reports.values() if status is None or r.status == status)
        page, total = _page(matching, offset, limit)
        return [self._with_summaries(store, r) for r in page], total

    def pending_reporters(self, reported_user_id: str) -> int:
        reports = self._tx.require_active().reports.values()
        return len({r.reporter_id for r in reports if r.reported_user_id == reported_user_id and r.status == "pending"})

    def _put(self, report: Report) -> None:
        store, previous = self._tx.store, self._tx.store.reports.get(report.id)
        if previous is not None:  # as in SQL, an update never changes who filed it, about whom or when
            report = replace(
                report, reporter_id=previous.reporter_id, reported_user_id=previous.reported_user_id,
                created_at=previous.created_at,
            )
        if report.status not in REPORT_STATUSES:
            raise Conflict("This report conflicts with the stored data")
        pair = (report.reporter_id, report.reported_user_id)
        if report.status == "pending" and any(
            other.id != report.id and other.status == "pending" and (other.reporter_id, other.reported_user_id) == pair
            for other in store.reports.values()
        ):
            raise Conflict("You have already reported this user; the report is being reviewed", code="REPORT_PENDING")
        resolved_at = to_utc(report.resolved_at) if report.resolved_at is not None else None
        stored = replace(
            report, created_at=to_utc(report.created_at), resolved_at=resolved_at, reporter=None, reported_user=None
        )
        self._tx.put(store.reports, stored.id, stored)

    @staticmethod
    def _with_summaries(store: MemoryStore, report: Report) -> Report:
        return replace(
            report,
            reporter=_summary(store, report.reporter_id, with_phone=True),
            reported_user=_summary(store, report.reported_user_id, with_phone=True),
        )


class MemoryAppSettingsRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def get(self, key: str) -> str | None:
        record = self._tx.require_active().app_settings.get(key)
        return record.value if record is not None else None

    def all(self) -> dict[str, str]:
        settings = self._tx.require_active().app_settings
        return {key: settings[key].value for key in sorted(settings)}

    def set(self, key: str, value: str, description: str, at: datetime) -> None:
        store = self._tx.require_active()
        self._tx.put(store.app_settings, key, AppSettingRecord(value, description, to_utc(at)))
