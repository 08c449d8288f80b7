"""Reviews, contacts, notifications and reports: what users do to and for each other."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from rozgar_core.errors import InvalidInput

CONTACT_TYPES = ("call", "message")
REPORT_STATUSES = ("pending", "resolved", "rejected")
MAX_COMMENT_LENGTH = 1000
REPORT_REASON_LENGTH = (10, 1000)


class NotificationType:
    PROFILE_VIEW = "profile_view"
    CONTACT = "contact"
    REVIEW = "review"
    VERIFICATION = "verification"
    REPORT_UPDATE = "report_update"
    ACCOUNT = "account"


@dataclass(frozen=True, slots=True)
class UserSummary:
    """The few fields of another user that lists show next to a review or a contact."""

    id: str
    name: str | None
    profile_picture_url: str | None
    phone: str | None = None


@dataclass(slots=True)
class Review:
    id: str
    reviewer_id: str
    reviewee_id: str
    rating: int
    comment: str | None
    created_at: datetime
    updated_at: datetime
    reviewer: UserSummary | None = None


@dataclass(slots=True)
class Contact:
    id: str
    from_user_id: str
    to_user_id: str
    type: str
    created_at: datetime
    from_user: UserSummary | None = None
    to_user: UserSummary | None = None


@dataclass(slots=True)
class Notification:
    id: str
    user_id: str
    type: str
    title: str
    message: str
    created_at: datetime
    is_read: bool = False
    related_user_id: str | None = None


@dataclass(slots=True)
class Report:
    id: str
    reporter_id: str
    reported_user_id: str
    reason: str
    created_at: datetime
    status: str = "pending"
    resolution_note: str | None = None
    resolved_at: datetime | None = None
    reporter: UserSummary | None = None
    reported_user: UserSummary | None = None


def validate_rating(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise InvalidInput.field("rating", "Must be a whole number from 1 to 5")
    if int(raw) != raw or not 1 <= raw <= 5:
        raise InvalidInput.field("rating", "Must be a whole number from 1 to 5")
    return int(raw)


def validate_comment(raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidInput.field("comment", "Must be text")
    text = raw.strip()
    if len(text) > MAX_COMMENT_LENGTH:
        raise InvalidInput.field("comment", f"Must be at most {MAX_COMMENT_LENGTH} characters")
    return text or None


def validate_contact_type(raw: object) -> str:
    if raw not in CONTACT_TYPES:
        raise InvalidInput.field("contactType", "Must be call or message")
    return str(raw)


def validate_report_reason(raw: object) -> str:
    low, high = REPORT_REASON_LENGTH
    if not isinstance(raw, str) or not low <= len(raw.strip()) <= high:
        raise InvalidInput.field("reason", f"Must be {low} to {high} characters")
    return raw.strip()
