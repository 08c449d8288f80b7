"""In-app notifications in SQL. Reading one is a single UPDATE scoped to its owner."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.tables import notifications
from rozgar_core.model.activity import Notification


class SqlNotificationRepository(SqlRepository):
    def add(self, notification: Notification) -> None:
        related = notification.related_user_id
        statement = notifications.insert().values(
            id=require_uuid(notification.id, "notification.id"),
            user_id=require_uuid(notification.user_id, "notification.user_id"),
            type=notification.type,
            title=notification.title,
            message=notification.message,
            is_read=notification.is_read,
            related_user_id=require_uuid(related, "notification.related_user_id") if related else None,
            created_at=notification.created_at,
        )
        self._insert(statement, "notification")

    def list_for(
        self, user_id: str, unread_only: bool, offset: int, limit: int
    ) -> tuple[list[Notification], int]:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return [], 0
        conditions = [notifications.c.user_id == canonical_id]
        if unread_only:
            conditions.append(notifications.c.is_read.is_(False))
        query = (
            sa.select(notifications)
            .where(*conditions)
            .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        items = [notification_from_row(row) for row in self._execute(query)]
        return items, self._count(*conditions)

    def unread_count(self, user_id: str) -> int:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return 0
        return self._count(notifications.c.user_id == canonical_id, notifications.c.is_read.is_(False))

    def mark_read(self, user_id: str, notification_id: str) -> bool:
        owner, canonical_id = canonical_uuid(user_id), canonical_uuid(notification_id)
        if owner is None or canonical_id is None:
            return False
        statement = (
            notifications.update()
            .where(notifications.c.id == canonical_id, notifications.c.user_id == owner)
            .values(is_read=True)
        )
        return self._execute(statement).rowcount == 1

    def mark_all_read(self, user_id: str) -> int:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return 0
        statement = (
            notifications.update()
            .where(notifications.c.user_id == canonical_id, notifications.c.is_read.is_(False))
            .values(is_read=True)
        )
        return int(self._execute(statement).rowcount)

    def exists_since(self, user_id: str, type: str, related_user_id: str | None, since: datetime) -> bool:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return False
        related: sa.ColumnElement[bool]
        if related_user_id is None:
            related = notifications.c.related_user_id.is_(None)
        else:
            related_id = canonical_uuid(related_user_id)
            if related_id is None:
                return False
            related = notifications.c.related_user_id == related_id
        condition = sa.exists().where(
            notifications.c.user_id == canonical_id,
            notifications.c.type == type,
            related,
            notifications.c.created_at >= since,
        )
        return bool(self._execute(sa.select(condition)).scalar_one())

    def _count(self, *conditions: sa.ColumnElement[bool]) -> int:
        query = sa.select(sa.func.count()).select_from(notifications).where(*conditions)
        return int(self._execute(query).scalar_one())


def notification_from_row(row: Row[Any]) -> Notification:
    return Notification(
        id=row.id,
        user_id=row.user_id,
        type=row.type,
        title=row.title,
        message=row.message,
        created_at=row.created_at,
        is_read=row.is_read,
        related_user_id=row.related_user_id,
    )
