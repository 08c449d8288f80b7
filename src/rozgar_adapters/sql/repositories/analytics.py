"""Analytics in SQL: profile views counted by day, and daily counts of the skills people search for."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, dialect_insert
from rozgar_adapters.sql.tables import profile_views
from rozgar_adapters.sql.tables_admin import search_skill_counts


class SqlAnalyticsQueries(SqlRepository):
    def profile_view_count(self, labour_id: str, since: date | None = None, until: date | None = None) -> int:
        canonical_id = canonical_uuid(labour_id)
        if canonical_id is None:
            return 0
        # A row is one viewer on one day (unique per labour, viewer and day), so rows are viewer-days.
        query = sa.select(sa.func.count()).where(profile_views.c.labour_id == canonical_id)
        if since is not None:
            query = query.where(profile_views.c.viewed_on >= since)
        if until is not None:
            query = query.where(profile_views.c.viewed_on < until)
        return int(self._execute(query).scalar_one())

    def record_search_skills(self, skills: list[str], day: date) -> None:
        self.add_search_skill_counts(dict.fromkeys(skills, 1), day)

    def add_search_skill_counts(self, counts: Mapping[str, int], day: date) -> None:
        # Sorted, so concurrent upserts of overlapping skills lock their rows in the same order (no
        # deadlock); one row per skill, because one statement may not update the same row twice.
        rows = [{"day": day, "skill": skill, "count": counts[skill]} for skill in sorted(counts)]
        if not rows:
            return
        insert = dialect_insert(self._connection(), search_skill_counts).values(rows)
        statement = insert.on_conflict_do_update(
            index_elements=[search_skill_counts.c.day, search_skill_counts.c.skill],
            set_={"count": search_skill_counts.c.count + insert.excluded.count},
        )
        self._execute(statement)

    def top_searched_skills(self, since: date, limit: int) -> list[tuple[str, int]]:
        total = sa.func.sum(search_skill_counts.c.count).label("total")
        skill = search_skill_counts.c.skill
        # Ties go by code point, as in memory, whatever the database's default collation.
        by_code_point = skill.collate("C") if self._connection().dialect.name == "postgresql" else skill
        query = (
            sa.select(skill, total)
            .where(search_skill_counts.c.day >= since)
            .group_by(skill)
            .order_by(total.desc(), by_code_point)
            .limit(limit)
        )
        return [(row.skill, int(row.total)) for row in self._execute(query)]
