"""The few user columns shown next to a review, a contact or a report, joined in the list query itself."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_core.model.activity import UserSummary


def summary_columns(user: sa.FromClause, prefix: str, *, with_phone: bool) -> list[sa.Label[Any]]:
    """Columns of `user` (the users table or an alias of it) labelled `<prefix>__id`, `<prefix>__name`...

    The double underscore keeps them apart from the joined table's own columns (reviews.reviewer_id)."""
    columns = [
        user.c.id.label(f"{prefix}__id"),
        user.c.name.label(f"{prefix}__name"),
        user.c.profile_picture_url.label(f"{prefix}__picture"),
    ]
    if with_phone:
        columns.append(user.c.phone.label(f"{prefix}__phone"))
    return columns


def summary_from_row(row: Row[Any], prefix: str, *, with_phone: bool) -> UserSummary:
    mapping = row._mapping
    return UserSummary(
        id=mapping[f"{prefix}__id"],
        name=mapping[f"{prefix}__name"],
        profile_picture_url=mapping[f"{prefix}__picture"],
        phone=mapping[f"{prefix}__phone"] if with_phone else None,
    )
