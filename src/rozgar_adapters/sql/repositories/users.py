"""Users in SQL. Skills live in user_skills and are loaded with one extra query per user."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import (
    SqlRepository,
    canonical_uuid,
    dialect_insert,
    require_uuid,
)
from rozgar_adapters.sql.repositories.ratings import lock_users, recompute_ratings
from rozgar_adapters.sql.search.columns import search_columns
from rozgar_adapters.sql.tables import notifications, reviews, user_skills, users
from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model import Phone, User

# What `save_profile` writes; the rest (rating, picture, flags, login) has its own writers.
PROFILE_FIELDS = (
    "name", "email", "bio", "address", "city", "state", "pincode", "latitude", "longitude",
    "location_source", "is_available", "experience_years", "labour_type", "role",
    "updated_at", "profile_completed_at",
)


def _account_gone() -> NotFound:
    return NotFound("This account no longer exists", code="USER_NOT_FOUND")


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
        insert = dialect_insert(self._connection(), users).values(values)
        statement = insert.on_conflict_do_nothing(index_elements=[users.c.phone]).returning(users.c.id)
        created = self._execute(statement).first() is not None
        user = self.get_by_phone(phone)
        if user is None:
            raise RuntimeError(f"The user of {phone.masked} vanished while being created")
        return user, created

    def record_login(self, user_id: str, at: datetime) -> None:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is not None:
            self._execute(users.update().where(users.c.id == canonical_id).values(last_login_at=at))

    def save_profile(self, user: User) -> None:
        user_id = self._existing_id(user.id)
        values = {field: getattr(user, field) for field in PROFILE_FIELDS}
        # Every search column derives from profile fields only: this is the one place they change.
        values.update(search_columns(user))
        try:
            self._update_user(user_id, values)
        except exc.IntegrityError as error:
            if "email" in str(error.orig):
                raise Conflict("This email is used by another account", code="EMAIL_TAKEN") from error
            raise
        self._replace_skills(user_id, list(dict.fromkeys(user.skills)), user.updated_at)

    def email_in_use(self, email: str, except_user_id: str) -> bool:
        query = sa.select(users.c.id).where(users.c.email == email)
        owner = self._execute(query).scalar_one_or_none()
        return owner is not None and owner != canonical_uuid(except_user_id)

    def set_availability(self, user_id: str, is_available: bool, at: datetime) -> None:
        self._update_user(self._existing_id(user_id), {"is_available": is_available, "updated_at": at})

    def set_picture(self, user_id: str, url: str | None, key: str | None, at: datetime) -> None:
        values = {"profile_picture_url": url, "profile_picture_key": key, "updated_at": at}
        self._update_user(self._existing_id(user_id), values)

    def set_hidden(self, user_id: str, hidden: bool, at: datetime) -> None:
        self._update_user(self._existing_id(user_id), {"is_hidden": hidden, "updated_at": at})

    def delete_account(self, user_id: str) -> None:
        canonical_id = self._existing_id(user_id)
        # Locking the user first keeps them from writing a review while they are being erased.
        if self._execute(lock_users([canonical_id])).first() is None:
            raise _account_gone()
        reviewed = sa.select(reviews.c.reviewee_id).where(reviews.c.reviewer_id == canonical_id)
        reviewee_ids = list(self._execute(reviewed).scalars())
        if reviewee_ids:
            self._execute(lock_users(reviewee_ids))
        self._execute(notifications.delete().where(notifications.c.related_user_id == canonical_id))
        # Everything else of theirs goes with the row: every foreign key to users cascades.
        self._execute(users.delete().where(users.c.id == canonical_id))
        if reviewee_ids:
            self._execute(recompute_ratings(reviewee_ids))

    def _existing_id(self, user_id: str) -> str:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            raise _account_gone()
        return canonical_id

    def _update_user(self, user_id: str, values: dict[str, Any]) -> None:
        result = self._execute(users.update().where(users.c.id == user_id).values(values))
        if result.rowcount == 0:
            raise _account_gone()

    def _replace_skills(self, user_id: str, skills: list[str], at: datetime) -> None:
        if self._skills_of(user_id) == skills:
            return
        self._execute(user_skills.delete().where(user_skills.c.user_id == user_id))
        if skills:
            rows = [
                {"id": str(uuid.uuid4()), "user_id": user_id, "skill": skill, "position": i, "created_at": at}
                for i, skill in enumerate(skills)
            ]
            self._execute(user_skills.insert(), rows)

    def _first_user(self, condition: sa.ColumnElement[bool]) -> User | None:
        row = self._execute(sa.select(users).where(condition)).first()
        if row is None:
            return None
        return user_from_row(row, self._skills_of(row.id))

    def _skills_of(self, user_id: str) -> list[str]:
        query = (
            sa.select(user_skills.c.skill)
            .where(user_skills.c.user_id == user_id)
            .order_by(user_skills.c.position, user_skills.c.skill)
        )
        return list(self._execute(query).scalars())


def user_from_row(row: Row[Any], skills: list[str]) -> User:
    return User(
        id=row.id,
        phone=Phone(row.phone),
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_login_at=row.last_login_at,
        is_active=row.is_active,
        is_hidden=row.is_hidden,
        is_admin=row.is_admin,
        role=row.role,
        name=row.name,
        email=row.email,
        profile_picture_url=row.profile_picture_url,
        profile_picture_key=row.profile_picture_key,
        bio=row.bio,
        address=row.address,
        city=row.city,
        state=row.state,
        pincode=row.pincode,
        latitude=_optional_float(row.latitude),
        longitude=_optional_float(row.longitude),
        location_source=row.location_source,
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
