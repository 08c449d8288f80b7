"""Contact tracking: who called or messaged whom, capped per day so numbers cannot be harvested."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rozgar_core.errors import InvalidInput, RateLimited
from rozgar_core.model.activity import Contact, NotificationType, validate_contact_type
from rozgar_core.model.app_settings import (
    CONTACT_NOTIFY_INTERVAL_MINUTES,
    CONTACTS_DAILY_CAP,
)
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports import Clock, SecretGenerator, UnitOfWork, UnitOfWorkFactory
from rozgar_core.use_cases.activity.common import active_user, int_setting, summary
from rozgar_core.use_cases.activity.notifier import Notifier, Outbox

DIRECTIONS = ("sent", "received")


@dataclass(frozen=True, slots=True)
class RecordContactCommand:
    user_id: str
    labour_id: str
    contact_type: object


class RecordContact:
    def __init__(self, uow: UnitOfWorkFactory, notifier: Notifier, clock: Clock, secrets: SecretGenerator) -> None:
        self._uow = uow
        self._notifier = notifier
        self._clock = clock
        self._secrets = secrets

    def __call__(self, command: RecordContactCommand) -> Contact:
        contact_type = validate_contact_type(command.contact_type)
        if command.labour_id == command.user_id:
            raise InvalidInput.field("labourId", "You cannot contact yourself")
        now = self._clock.now()
        with self._uow() as uow:
            caller = active_user(uow, command.user_id)
            labour = active_user(uow, command.labour_id, "labour")
            self._check_daily_cap(uow, caller.id)
            contact = Contact(self._secrets.new_id(), caller.id, labour.id, contact_type, now)
            uow.contacts.add(contact)
            outbox = Outbox()
            if self._should_notify(uow, labour.id, caller.id):
                who = caller.name or "Someone"
                verb = "called" if contact_type == "call" else "messaged"
                self._notifier.add(
                    uow, outbox, labour.id, NotificationType.CONTACT, "New contact",
                    f"{who} {verb} you on Rozgar360", caller.id,
                )
            uow.commit()
        self._notifier.send(outbox)
        contact.from_user = summary(caller, with_phone=True)
        contact.to_user = summary(labour, with_phone=True)
        return contact

    def _check_daily_cap(self, uow: UnitOfWork, user_id: str) -> None:
        cap = int_setting(uow, CONTACTS_DAILY_CAP)
        if uow.contacts.count_sent_since(user_id, self._clock.now() - timedelta(days=1)) >= cap:
            raise RateLimited(3600, "Daily contact limit reached, please try again later", code="CONTACT_LIMIT")

    def _should_notify(self, uow: UnitOfWork, labour_id: str, caller_id: str) -> bool:
        minutes = int_setting(uow, CONTACT_NOTIFY_INTERVAL_MINUTES)
        since = self._clock.now() - timedelta(minutes=minutes)
        return not uow.notifications.exists_since(labour_id, NotificationType.CONTACT, caller_id, since)


class ContactHistory:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str, direction: str | None, page: PageRequest) -> tuple[list[Contact], int]:
        if direction is not None and direction not in DIRECTIONS:
            raise InvalidInput.field("type", "Must be sent or received")
        with self._uow() as uow:
            return uow.contacts.list_for(user_id, direction, page.offset, page.limit)
