"""Refresh tokens in SQL. Revocation is a conditional UPDATE, so exactly one caller wins it."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.tables import refresh_tokens as tokens
from rozgar_core.model import RefreshToken


class SqlRefreshTokenRepository(SqlRepository):
    def add(self, token: RefreshToken) -> None:
        statement = tokens.insert().values(
            id=require_uuid(token.id, "token.id"),
            user_id=require_uuid(token.user_id, "token.user_id"),
            family_id=require_uuid(token.family_id, "token.family_id"),
            token_hash=token.token_hash,
            expires_at=token.expires_at,
            created_at=token.created_at,
            revoked_at=token.revoked_at,
        )
        self._insert(statement, "refresh token")

    def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        row = self._execute(sa.select(tokens).where(tokens.c.token_hash == token_hash)).first()
        return refresh_token_from_row(row) if row is not None else None

    def revoke(self, token_id: str, at: datetime) -> bool:
        canonical_id = canonical_uuid(token_id)
        if canonical_id is None:
            return False
        return self._revoke_where(tokens.c.id == canonical_id, at) == 1

    def revoke_family(self, family_id: str, at: datetime) -> int:
        canonical_id = canonical_uuid(family_id)
        if canonical_id is None:
            return 0
        return self._revoke_where(tokens.c.family_id == canonical_id, at)

    def revoke_all_for_user(self, user_id: str, at: datetime) -> int:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return 0
        return self._revoke_where(tokens.c.user_id == canonical_id, at)

    def _revoke_where(self, condition: sa.ColumnElement[bool], at: datetime) -> int:
        statement = (
            tokens.update().where(condition, tokens.c.revoked_at.is_(None)).values(revoked_at=at)
        )
        return self._execute(statement).rowcount


def refresh_token_from_row(row: Row[tuple[object, ...]]) -> RefreshToken:
    return RefreshToken(
        id=row.id,
        user_id=row.user_id,
        family_id=row.family_id,
        token_hash=row.token_hash,
        expires_at=row.expires_at,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )
