"""The in-app notification list: the source of truth whatever else was delivered."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import NotFound
from rozgar_core.model.activity import Notification
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.use_cases.profiles.public import is_uuid


@dataclass(frozen=True, slots=True)
class NotificationPage:
    notifications: list[Notification]
    total: int
    unread_count: int


class ListNotifications:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str, unread_only: bool, page: PageRequest) -> NotificationPage:
        with self._uow() as uow:
            items, total = uow.notifications.list_for(user_id, unread_only, page.offset, page.limit)
            return NotificationPage(items, total, uow.notifications.unread_count(user_id))


class MarkNotificationRead:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str, notification_id: str) -> None:
        with self._uow() as uow:
            if not is_uuid(notification_id) or not uow.notifications.mark_read(user_id, notification_id):
                raise NotFound("No such notification", code="NOTIFICATION_NOT_FOUND")
            uow.commit()


class MarkAllNotificationsRead:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str) -> int:
        with self._uow() as uow:
            count = uow.notifications.mark_all_read(user_id)
            uow.commit()
            return count
