"""Contacts in SQL: who called or messaged whom, listed with both users' summaries."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.repositories.summaries import summary_columns, summary_from_row
from rozgar_adapters.sql.tables import contacts, users
from rozgar_core.model.activity import Contact


class SqlContactRepository(SqlRepository):
    def add(self, contact: Contact) -> None:
        statement = contacts.insert().values(
            id=require_uuid(contact.id, "contact.id"),
            from_user_id=require_uuid(contact.from_user_id, "contact.from_user_id"),
            to_user_id=require_uuid(contact.to_user_id, "contact.to_user_id"),
            contact_type=contact.type,
            created_at=contact.created_at,
        )
        self._insert(statement, "contact")

    def list_for(self, user_id: str, direction: str | None, offset: int, limit: int) -> tuple[list[Contact], int]:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return [], 0
        sent, received = contacts.c.from_user_id == canonical_id, contacts.c.to_user_id == canonical_id
        condition = {"sent": sent, "received": received}.get(direction or "", sa.or_(sent, received))
        sender, recipient = users.alias("sender"), users.alias("recipient")
        query = (
            sa.select(
                contacts,
                *summary_columns(sender, "from_user", with_phone=True),
                *summary_columns(recipient, "to_user", with_phone=True),
            )
            .join_from(contacts, sender, contacts.c.from_user_id == sender.c.id)
            .join(recipient, contacts.c.to_user_id == recipient.c.id)
            .where(condition)
            .order_by(contacts.c.created_at.desc(), contacts.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        items = [contact_from_row(row) for row in self._execute(query)]
        total = self._execute(sa.select(sa.func.count()).select_from(contacts).where(condition)).scalar_one()
        return items, total

    def count_sent_since(self, user_id: str, since: datetime) -> int:
        canonical_id = canonical_uuid(user_id)
        if canonical_id is None:
            return 0
        query = (
            sa.select(sa.func.count())
            .select_from(contacts)
            .where(contacts.c.from_user_id == canonical_id, contacts.c.created_at >= since)
        )
        return int(self._execute(query).scalar_one())

    def exists_between(self, from_user_id: str, to_user_id: str) -> bool:
        sender, recipient = canonical_uuid(from_user_id), canonical_uuid(to_user_id)
        if sender is None or recipient is None:
            return False
        query = sa.select(
            sa.exists().where(contacts.c.from_user_id == sender, contacts.c.to_user_id == recipient)
        )
        return bool(self._execute(query).scalar_one())


def contact_from_row(row: Row[Any]) -> Contact:
    return Contact(
        id=row.id,
        from_user_id=row.from_user_id,
        to_user_id=row.to_user_id,
        type=row.contact_type,
        created_at=row.created_at,
        from_user=summary_from_row(row, "from_user", with_phone=True),
        to_user=summary_from_row(row, "to_user", with_phone=True),
    )
