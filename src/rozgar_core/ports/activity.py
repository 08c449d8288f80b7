"""Ports of reviews, contacts, notifications, reports and global settings."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from rozgar_core.model.activity import Contact, Notification, Report, Review


class ReviewRepository(Protocol):
    def add(self, review: Review) -> None:
        """Raises Conflict with code REVIEW_EXISTS when this reviewer already reviewed the labour."""
        ...

    def get(self, review_id: str) -> Review | None: ...

    def find(self, reviewer_id: str, reviewee_id: str) -> Review | None: ...

    def update(self, review: Review) -> None: ...

    def delete(self, review_id: str) -> None: ...

    def list_for(self, reviewee_id: str, offset: int, limit: int) -> tuple[list[Review], int]:
        """Newest first (ties by id), each with its reviewer's summary; and the total."""
        ...

    def reviewees_of(self, reviewer_id: str) -> list[str]:
        """The labours this user has reviewed."""
        ...

    def lock_reviewee(self, reviewee_id: str) -> None:
        """Serialise rating changes of one labour until the transaction ends."""
        ...

    def recompute_rating(self, reviewee_id: str) -> tuple[float, int]:
        """Set users.rating / total_reviews from the reviews and return them."""
        ...


class ContactRepository(Protocol):
    def add(self, contact: Contact) -> None: ...

    def list_for(self, user_id: str, direction: str | None, offset: int, limit: int) -> tuple[list[Contact], int]:
        """direction: "sent", "received" or None for both. Newest first, with both users' summaries."""
        ...

    def count_sent_since(self, user_id: str, since: datetime) -> int: ...

    def exists_between(self, from_user_id: str, to_user_id: str) -> bool: ...


class NotificationRepository(Protocol):
    def add(self, notification: Notification) -> None: ...

    def list_for(self, user_id: str, unread_only: bool, offset: int, limit: int) -> tuple[list[Notification], int]:
        """Newest first (ties by id), and the total of that list."""
        ...

    def unread_count(self, user_id: str) -> int: ...

    def mark_read(self, user_id: str, notification_id: str) -> bool:
        """False when the user has no such notification (someone else's counts as none)."""
        ...

    def mark_all_read(self, user_id: str) -> int: ...

    def exists_since(self, user_id: str, type: str, related_user_id: str | None, since: datetime) -> bool: ...


class ReportRepository(Protocol):
    def add(self, report: Report) -> None:
        """Raises Conflict with code REPORT_PENDING when this reporter already has a pending report
        about that user."""
        ...

    def get(self, report_id: str) -> Report | None: ...

    def update(self, report: Report) -> None: ...

    def list(self, status: str | None, offset: int, limit: int) -> tuple[list[Report], int]:
        """Newest first, with reporter and reported user summaries."""
        ...

    def pending_reporters(self, reported_user_id: str) -> int:
        """How many distinct users have a pending report about this user."""
        ...


class AppSettingsRepository(Protocol):
    def get(self, key: str) -> str | None: ...

    def all(self) -> dict[str, str]: ...

    def set(self, key: str, value: str, description: str, at: datetime) -> None: ...


class EmailSender(Protocol):
    def send(self, to: str, subject: str, text: str) -> None:
        """Raises DependencyUnavailable when the provider fails or times out."""
        ...
