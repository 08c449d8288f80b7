"""The in-app notification list: the source of truth whatever else was delivered."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from rozgar_core.errors import NotFound, RozgarError
from rozgar_core.model.activity import Notification
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports import UnitOfWork, UnitOfWorkFactory
from rozgar_core.ports.realtime import RealtimePublisher
from rozgar_core.use_cases.profiles.public import is_uuid

log = logging.getLogger("rozgar.notifications")


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


class _ChangesUnread:
    def __init__(self, uow: UnitOfWorkFactory, realtime: RealtimePublisher) -> None:
        self._uow = uow
        self._realtime = realtime

    def _push_unread(self, uow: UnitOfWork, user_id: str) -> None:
        unread = uow.notifications.unread_count(user_id)
        try:
            self._realtime.unread_count_changed(user_id, unread)
        except RozgarError:
            log.warning("unread count not pushed to live connections")


class MarkNotificationRead(_ChangesUnread):
    def __call__(self, user_id: str, notification_id: str) -> None:
        with self._uow() as uow:
            if not is_uuid(notification_id) or not uow.notifications.mark_read(user_id, notification_id):
                raise NotFound("No such notification", code="NOTIFICATION_NOT_FOUND")
            uow.commit()
            self._push_unread(uow, user_id)


class MarkAllNotificationsRead(_ChangesUnread):
    def __call__(self, user_id: str) -> int:
        with self._uow() as uow:
            count = uow.notifications.mark_all_read(user_id)
            uow.commit()
            self._push_unread(uow, user_id)
            return count
