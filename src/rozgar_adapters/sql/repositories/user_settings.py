"""Per-user settings in SQL: one row per user, written with an upsert."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, dialect_insert, require_uuid
from rozgar_adapters.sql.tables import user_settings
from rozgar_core.model.settings import UserSettings

_SETTING_COLUMNS = ("language", "push_notifications", "email_notifications", "sms_notifications")


class SqlUserSettingsRepository(SqlRepository):
    def get(self, user_id: str) -> UserSettings | None:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return None
        query = sa.select(user_settings).where(user_settings.c.user_id == canonical_id)
        row = self._execute(query).first()
        return settings_from_row(row) if row is not None else None

    def save(self, settings: UserSettings) -> None:
        values: dict[str, Any] = {column: getattr(settings, column) for column in _SETTING_COLUMNS}
        values["user_id"] = require_uuid(settings.user_id, "settings.user_id")
        values["updated_at"] = settings.updated_at or sa.func.current_timestamp()
        insert = dialect_insert(self._connection(), user_settings).values(values)
        changed = {column: insert.excluded[column] for column in (*_SETTING_COLUMNS, "updated_at")}
        upsert = insert.on_conflict_do_update(index_elements=[user_settings.c.user_id], set_=changed)
        self._insert(upsert, "settings")


def settings_from_row(row: Row[Any]) -> UserSettings:
    return UserSettings(
        user_id=row.user_id,
        language=row.language,
        push_notifications=row.push_notifications,
        email_notifications=row.email_notifications,
        sms_notifications=row.sms_notifications,
        updated_at=row.updated_at,
    )
