"""OTP challenges in SQL. Attempts and use are counted by single conditional UPDATEs."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.tables import otp_verifications as otps
from rozgar_core.model import OtpChallenge


class SqlOtpRepository(SqlRepository):
    def add(self, challenge: OtpChallenge) -> None:
        statement = otps.insert().values(
            id=require_uuid(challenge.id, "challenge.id"),
            phone=challenge.phone,
            otp_hash=challenge.code_hash,
            attempts=challenge.attempts,
            is_verified=challenge.is_verified,
            expires_at=challenge.expires_at,
            created_at=challenge.created_at,
        )
        self._insert(statement, "OTP challenge")

    def latest_for(self, phone: str) -> OtpChallenge | None:
        query = (
            sa.select(otps)
            .where(otps.c.phone == phone)
            .order_by(otps.c.created_at.desc(), otps.c.id.desc())
            .limit(1)
        )
        row = self._execute(query).first()
        return otp_from_row(row) if row is not None else None

    def reserve_attempt(self, challenge_id: str, max_attempts: int) -> bool:
        canonical_id = canonical_uuid(challenge_id)
        if canonical_id is None:
            return False
        statement = (
            otps.update()
            .where(
                otps.c.id == canonical_id,
                otps.c.attempts < max_attempts,
                otps.c.is_verified.is_(False),
            )
            .values(attempts=otps.c.attempts + 1)
        )
        return self._execute(statement).rowcount == 1

    def consume(self, challenge_id: str) -> bool:
        canonical_id = canonical_uuid(challenge_id)
        if canonical_id is None:
            return False
        statement = (
            otps.update()
            .where(otps.c.id == canonical_id, otps.c.is_verified.is_(False))
            .values(is_verified=True)
        )
        return self._execute(statement).rowcount == 1

    def delete_expired(self, before: datetime) -> int:
        return self._execute(otps.delete().where(otps.c.expires_at < before)).rowcount

    def withdraw(self, challenge_id: str) -> None:
        self._execute(otps.delete().where(otps.c.id == challenge_id))


def otp_from_row(row: Row[tuple[object, ...]]) -> OtpChallenge:
    return OtpChallenge(
        id=row.id,
        phone=row.phone,
        code_hash=row.otp_hash,
        expires_at=row.expires_at,
        created_at=row.created_at,
        attempts=row.attempts,
        is_verified=row.is_verified,
    )
