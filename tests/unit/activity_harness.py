"""The activity, admin and analytics use cases wired on in-memory adapters with a manual clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from profile_harness import EMPLOYER_FIELDS, ProfileWorld

from rozgar_adapters.memory.email import MemoryEmailSender
from rozgar_adapters.memory.realtime import MemoryRealtimePublisher
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.system import CryptoSecrets
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import User
from rozgar_core.model.activity import Contact, Notification, Review
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports import SmsSender
from rozgar_core.ports.activity import EmailSender
from rozgar_core.use_cases.activity.contacts import RecordContact, RecordContactCommand
from rozgar_core.use_cases.activity.notifier import Notifier
from rozgar_core.use_cases.activity.reports import FileReport, FileReportCommand
from rozgar_core.use_cases.activity.reviews import (
    DeleteReview,
    SubmitReview,
    SubmitReviewCommand,
    UpdateReview,
    UpdateReviewCommand,
)
from rozgar_core.use_cases.admin.common import Auditor


class FailingSender:
    """An SMS or email provider that is down."""

    def __init__(self) -> None:
        self.attempts = 0

    def send(self, *args: object) -> None:
        self.attempts += 1
        raise DependencyUnavailable("provider down")


@dataclass
class ActivityWorld(ProfileWorld):
    sms: SmsSender = field(default_factory=MemorySmsSender)
    email: EmailSender = field(default_factory=MemoryEmailSender)
    realtime: MemoryRealtimePublisher = field(default_factory=MemoryRealtimePublisher)
    secrets: CryptoSecrets = field(default_factory=CryptoSecrets)

    def notifier(self) -> Notifier:
        return Notifier(
            self.sms, self.email, ImmediateTaskRunner(), self.secrets, self.clock, self.realtime, self.uow
        )

    def auditor(self) -> Auditor:
        return Auditor(self.clock, self.secrets)

    def new_employer(self, **overrides: Any) -> User:
        return self.complete(self.new_user().id, **(EMPLOYER_FIELDS | overrides))

    def new_admin(self) -> User:
        admin = self.new_employer(name="Asha Admin")
        with self.uow() as uow:
            uow.admin_users.set_admin(admin.id, True, self.clock.now())
            uow.commit()
        return admin

    def contact(self, caller_id: str, labour_id: str, kind: str = "call") -> Contact:
        use_case = RecordContact(self.uow, self.notifier(), self.clock, self.secrets)
        return use_case(RecordContactCommand(caller_id, labour_id, kind))

    def review(self, reviewer_id: str, labour_id: str, rating: object = 5, comment: object = None) -> Review:
        use_case = SubmitReview(self.uow, self.notifier(), self.clock, self.secrets, self.cache)
        return use_case(SubmitReviewCommand(reviewer_id, labour_id, rating, comment))

    def contact_and_review(self, reviewer_id: str, labour_id: str, rating: int = 5) -> Review:
        self.contact(reviewer_id, labour_id)
        return self.review(reviewer_id, labour_id, rating)

    def update_review(self, user_id: str, review_id: str, rating: object, comment: object = None) -> Review:
        use_case = UpdateReview(self.uow, self.notifier(), self.clock, self.secrets, self.cache)
        return use_case(UpdateReviewCommand(user_id, review_id, rating, comment))

    def delete_review(self, user_id: str, review_id: str) -> None:
        DeleteReview(self.uow, self.notifier(), self.clock, self.secrets, self.cache)(review_id, user_id)

    def report(self, reporter_id: str, user_id: str, reason: object = "Never showed up for the job") -> str:
        use_case = FileReport(self.uow, self.clock, self.secrets, self.cache)
        return use_case(FileReportCommand(reporter_id, user_id, reason)).id

    def set_app_setting(self, key: str, value: str) -> None:
        with self.uow() as uow:
            uow.app_settings.set(key, value, "", self.clock.now())
            uow.commit()

    def notifications(self, user_id: str) -> list[Notification]:
        with self.uow() as uow:
            return uow.notifications.list_for(user_id, False, 0, 100)[0]

    def texts_to(self, user: User) -> list[str]:
        assert isinstance(self.sms, MemorySmsSender)
        return [sms.message for sms in self.sms.sent if sms.phone == user.phone.e164]

    def emailed_addresses(self) -> list[str]:
        assert isinstance(self.email, MemoryEmailSender)
        return [email.to for email in self.email.sent]

    def is_hidden(self, user_id: str) -> bool:
        user = self.stored(user_id)
        assert user is not None
        return user.is_hidden

    def rating(self, user_id: str) -> tuple[float, int]:
        user = self.stored(user_id)
        assert user is not None
        return user.rating, user.total_reviews


FIRST_PAGE = PageRequest(1, 20)
