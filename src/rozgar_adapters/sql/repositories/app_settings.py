"""Global settings in SQL: one row per key, written with an upsert."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from rozgar_adapters.sql.repositories.base import SqlRepository, dialect_insert
from rozgar_adapters.sql.tables import app_settings


class SqlAppSettingsRepository(SqlRepository):
    def get(self, key: str) -> str | None:
        query = sa.select(app_settings.c.value).where(app_settings.c.key == key)
        value: str | None = self._execute(query).scalar_one_or_none()
        return value

    def all(self) -> dict[str, str]:
        query = sa.select(app_settings.c.key, app_settings.c.value).order_by(app_settings.c.key)
        return {row.key: row.value for row in self._execute(query)}

    def set(self, key: str, value: str, description: str, at: datetime) -> None:
        values = {"id": str(uuid.uuid4()), "key": key, "value": value, "description": description, "updated_at": at}
        insert = dialect_insert(self._connection(), app_settings).values(values)
        changed = {column: insert.excluded[column] for column in ("value", "description", "updated_at")}
        upsert = insert.on_conflict_do_update(index_elements=[app_settings.c.key], set_=changed)
        self._insert(upsert, "setting")
