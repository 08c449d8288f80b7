"""What users do that is only ever added: searches made and profiles viewed."""
from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import sqlalchemy as sa

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, dialect_insert, require_uuid
from rozgar_adapters.sql.tables import profile_views, search_history, users
from rozgar_core.ports.search import SearchEntry


class SqlSearchHistoryRepository(SqlRepository):
    def add(self, user_id: str, search_query: str, filters: Mapping[str, object], at: datetime) -> None:
        statement = search_history.insert().values(
            id=str(uuid.uuid4()),
            user_id=require_uuid(user_id, "user_id"),
            search_query=search_query,
            filters=dict(filters),
            created_at=at,
        )
        self._insert(statement, "search")

    def add_many(self, entries: Sequence[SearchEntry]) -> None:
        rows = [
            {
                "id": str(uuid.uuid4()),
                "user_id": canonical,
                "search_query": entry.search_query,
                "filters": dict(entry.filters),
                "created_at": entry.at,
            }
            for entry in entries
            if (canonical := canonical_uuid(entry.user_id)) is not None
        ]
        existing = self._existing_users({row["user_id"] for row in rows})
        kept = [row for row in rows if row["user_id"] in existing]
        if kept:
            # executemany: SQLAlchemy sends multi-row INSERTs ("insertmanyvalues") from one compiled form.
            self._insert(search_history.insert(), "search", kept)

    def _existing_users(self, user_ids: set[str]) -> set[str]:
        if not user_ids:
            return set()
        query = sa.select(users.c.id).where(users.c.id.in_(sorted(user_ids)))
        return {str(user_id) for user_id in self._execute(query).scalars()}


class SqlProfileViewRepository(SqlRepository):
    def record(self, labour_id: str, viewer_id: str, day: date, at: datetime) -> bool:
        values = {
            "id": str(uuid.uuid4()),
            "labour_id": require_uuid(labour_id, "labour_id"),
            "viewer_id": require_uuid(viewer_id, "viewer_id"),
            "viewed_on": day,
            "created_at": at,
        }
        insert = dialect_insert(self._connection(), profile_views).values(values)
        unique_per_day = [profile_views.c.labour_id, profile_views.c.viewer_id, profile_views.c.viewed_on]
        statement = insert.on_conflict_do_nothing(index_elements=unique_per_day).returning(profile_views.c.id)
        return self._insert(statement, "profile view").first() is not None
