"""Creating notifications: in-app always (in the caller's transaction), SMS and email after commit,
following the user's settings. A failing channel is logged, never raised."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial

from rozgar_core.errors import RozgarError
from rozgar_core.model import Phone
from rozgar_core.model.activity import Notification, NotificationType
from rozgar_core.model.settings import UserSettings
from rozgar_core.ports import (
    Clock,
    SecretGenerator,
    SmsSender,
    UnitOfWork,
    UnitOfWorkFactory,
)
from rozgar_core.ports.activity import EmailSender
from rozgar_core.ports.realtime import RealtimePublisher
from rozgar_core.ports.search import TaskRunner

log = logging.getLogger("rozgar.notifications")

SMS_TYPES = (NotificationType.CONTACT, NotificationType.REVIEW)


@dataclass(slots=True)
class Outbox:
    """Deliveries waiting for the transaction that created their notifications to commit."""

    notifications: list[Notification] = field(default_factory=list)
    sms: list[tuple[str, str]] = field(default_factory=list)
    emails: list[tuple[str, str, str]] = field(default_factory=list)


class Notifier:
    def __init__(
        self,
        sms: SmsSender,
        email: EmailSender,
        tasks: TaskRunner,
        secrets: SecretGenerator,
        clock: Clock,
        realtime: RealtimePublisher,
        uow: UnitOfWorkFactory,
    ) -> None:
        self._sms = sms
        self._email = email
        self._tasks = tasks
        self._secrets = secrets
        self._clock = clock
        self._realtime = realtime
        self._uow = uow

    def add(
        self,
        uow: UnitOfWork,
        outbox: Outbox,
        user_id: str,
        type: str,
        title: str,
        message: str,
        related_user_id: str | None = None,
    ) -> Notification:
        notification = Notification(
            id=self._secrets.new_id(),
            user_id=user_id,
            type=type,
            title=title,
            message=message,
            created_at=self._clock.now(),
            related_user_id=related_user_id,
        )
        uow.notifications.add(notification)
        outbox.notifications.append(notification)
        self._plan_deliveries(uow, outbox, notification)
        return notification

    def _plan_deliveries(self, uow: UnitOfWork, outbox: Outbox, notification: Notification) -> None:
        user = uow.users.get(notification.user_id)
        if user is None:
            return
        settings = uow.user_settings.get(user.id) or UserSettings(user.id)
        if settings.sms_notifications and notification.type in SMS_TYPES:
            outbox.sms.append((user.phone.e164, f"Rozgar360: {notification.message}"[:160]))
        if settings.email_notifications and user.email:
            outbox.emails.append((user.email, notification.title, notification.message))

    def send(self, outbox: Outbox) -> None:
        """After commit: hand the deliveries to the background runner."""
        for notification in outbox.notifications:
            self._tasks.defer(partial(self._push, notification))
        for phone, text in outbox.sms:
            self._tasks.defer(partial(self._send_sms, phone, text))
        for address, subject, body in outbox.emails:
            self._tasks.defer(partial(self._send_email, address, subject, body))

    def _push(self, notification: Notification) -> None:
        try:
            with self._uow() as uow:
                unread = uow.notifications.unread_count(notification.user_id)
            self._realtime.notification_created(notification, unread)
        except RozgarError:
            log.warning("notification not pushed to live connections")

    def _send_sms(self, phone: str, text: str) -> None:
        try:
            self._sms.send(Phone(phone), text)
        except RozgarError:
            log.warning("notification SMS not delivered")

    def _send_email(self, address: str, subject: str, text: str) -> None:
        try:
            self._email.send(address, subject, text)
        except RozgarError:
            log.warning("notification email not delivered")
