"""Admin reads and writes of users, and the audit log, in SQL."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.repositories.users import user_from_row
from rozgar_adapters.sql.tables import user_skills, users
from rozgar_adapters.sql.tables_admin import admin_audit_log
from rozgar_core.errors import NotFound
from rozgar_core.model import User
from rozgar_core.ports.admin import AuditEntry, UserFilter


def _user_not_found() -> NotFound:
    return NotFound("This account no longer exists", code="USER_NOT_FOUND")


def _search_condition(term: str) -> sa.ColumnElement[bool] | None:
    """Name contains the term (any case), or the phone contains the term's digits.

    None for a term without a letter or a digit: it would match everyone or no one for no reason."""
    term = term.strip()
    if not any(character.isalnum() for character in term):
        return None
    by_name = sa.func.lower(users.c.name).contains(term.lower(), autoescape=True)
    digits = re.sub(r"[^0-9]", "", term)
    if not digits:
        return by_name
    return sa.or_(by_name, users.c.phone.contains(digits, autoescape=True))


def _filter_conditions(filters: UserFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if filters.active is not None:
        conditions.append(users.c.is_active == filters.active)
    if filters.verified is not None:
        conditions.append(users.c.is_verified == filters.verified)
    if filters.search is not None:
        by_search = _search_condition(filters.search)
        if by_search is not None:
            conditions.append(by_search)
    return conditions


class SqlAdminUserQueries(SqlRepository):
    def list_users(self, filters: UserFilter, offset: int, limit: int) -> tuple[list[User], int]:
        conditions = _filter_conditions(filters)
        total = self._execute(sa.select(sa.func.count()).select_from(users).where(*conditions)).scalar_one()
        page = (
            sa.select(users)
            .where(*conditions)
            .order_by(users.c.created_at.desc(), users.c.id)
            .offset(offset)
            .limit(limit)
        )
        rows = self._execute(page).all()
        skills = self._skills_of([row.id for row in rows])
        return [user_from_row(row, skills.get(row.id, [])) for row in rows], total

    def set_admin(self, user_id: str, is_admin: bool, at: datetime) -> None:
        self._update(user_id, {"is_admin": is_admin, "updated_at": at})

    def set_verified(self, user_id: str, verified: bool, at: datetime) -> None:
        self._update(user_id, {"is_verified": verified, "updated_at": at})

    def set_active(self, user_id: str, active: bool, at: datetime) -> None:
        self._update(user_id, {"is_active": active, "updated_at": at})

    def _update(self, user_id: str, values: dict[str, Any]) -> None:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            raise _user_not_found()
        result = self._execute(users.update().where(users.c.id == canonical_id).values(values))
        if result.rowcount == 0:
            raise _user_not_found()

    def _skills_of(self, user_ids: list[str]) -> dict[str, list[str]]:
        """The skills of every listed user in one query (in each user's own order)."""
        if not user_ids:
            return {}
        query = (
            sa.select(user_skills.c.user_id, user_skills.c.skill)
            .where(user_skills.c.user_id.in_(user_ids))
            .order_by(user_skills.c.user_id, user_skills.c.position, user_skills.c.skill)
        )
        skills: defaultdict[str, list[str]] = defaultdict(list)
        for row in self._execute(query):
            skills[row.user_id].append(row.skill)
        return skills


class SqlAuditLogRepository(SqlRepository):
    def add(self, entry: AuditEntry) -> None:
        statement = admin_audit_log.insert().values(
            id=require_uuid(entry.id, "id"),
            admin_id=require_uuid(entry.admin_id, "admin_id"),
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            details=dict(entry.details),
            created_at=entry.created_at,
        )
        self._insert(statement, "audit entry")

    def list(self, offset: int, limit: int) -> tuple[list[AuditEntry], int]:
        total = self._execute(sa.select(sa.func.count()).select_from(admin_audit_log)).scalar_one()
        page = (
            sa.select(admin_audit_log)
            .order_by(admin_audit_log.c.created_at.desc(), admin_audit_log.c.id)
            .offset(offset)
            .limit(limit)
        )
        return [_entry_from_row(row) for row in self._execute(page)], total


def _entry_from_row(row: Row[Any]) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        admin_id=row.admin_id,
        action=row.action,
        target_type=row.target_type,
        target_id=row.target_id,
        created_at=row.created_at,
        details=dict(row.details or {}),
    )
