"""Users in SQL. Skills live in user_skills and are loaded with one extra query per user."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.tables import user_skills, users
from rozgar_core.model import Phone, User


class SqlUserRepository(SqlRepository):
    def get(self, user_id: str) -> User | None:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return None
        return self._first_user(users.c.id == canonical_id)

    def get_by_phone(self, phone: Phone) -> User | None:
        return self._first_user(users.c.phone == phone.e164)

    def get_or_create_by_phone(self, phone: Phone, new_id: str, now: datetime) -> tuple[User, bool]:
        # ON CONFLICT DO NOTHING: a concurrent transaction creating the same phone makes this one wait
        # for it and then insert nothing, where a plain INSERT would fail on the unique constraint.
        values = {
            "id": require_uuid(new_id, "new_id"),
            "phone": phone.e164,
            "created_at": now,
            "updated_at": now,
        }
        insert = self._insert_ignoring_phone_conflict(values).returning(users.c.id)
        created = self._execute(insert).first() is not None
        user = self.get_by_phone(phone)
        if user is None:
            raise RuntimeError(f"The user of {phone.masked} vanished while being created")
        return user, created

    def record_login(self, user_id: str, at: datetime) -> None:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is not None:
            self._execute(users.update().where(users.c.id == canonical_id).values(last_login_at=at))

    def _insert_ignoring_phone_conflict(self, values: dict[str, object]) -> sa.Insert:
        if self._connection().dialect.name == "postgresql":
            return postgresql.insert(users).values(values).on_conflict_do_nothing(
                index_elements=[users.c.phone]
            )
        return sqlite.insert(users).values(values).on_conflict_do_nothing(
            index_elements=[users.c.phone]
        )

    def _first_user(self, condition: sa.ColumnElement[bool]) -> User | None:
        row = self._execute(sa.select(users).where(condition)).first()
        if row is None:
            return None
        return user_from_row(row, self._skills_of(row.id))

    def _skills_of(self, user_id: str) -> list[str]:
        query = (
            sa.select(user_skills.c.skill)
            .where(user_skills.c.user_id == user_id)
            .order_by(user_skills.c.created_at, user_skills.c.skill)
        )
        return list(self._execute(query).scalars())


def user_from_row(row: Row[tuple[object, ...]], skills: list[str]) -> User:
    return User(
        id=row.id,
        phone=Phone(row.phone),
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_login_at=row.last_login_at,
        is_active=row.is_active,
        is_admin=row.is_admin,
        role=row.role,
        name=row.name,
        email=row.email,
        profile_picture_url=row.profile_picture_url,
        bio=row.bio,
        address=row.address,
        city=row.city,
        state=row.state,
        pincode=row.pincode,
        latitude=_optional_float(row.latitude),
        longitude=_optional_float(row.longitude),
        is_available=row.is_available,
        skills=skills,
        experience_years=row.experience_years,
        labour_type=row.labour_type,
        rating=float(row.rating),
        total_reviews=row.total_reviews,
        is_verified=row.is_verified,
        profile_completed_at=row.profile_completed_at,
    )


def _optional_float(value: float | Decimal | None) -> float | None:
    return None if value is None else float(value)
