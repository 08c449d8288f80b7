"""Tables of administration and analytics: the audit log and the daily counts of searched skills.

They live on the same `metadata` as the rest of the schema; the `rozgar_adapters.sql` package imports this
module, so whoever sees the metadata sees them too."""
from __future__ import annotations

import sqlalchemy as sa

from rozgar_adapters.sql.tables import metadata
from rozgar_adapters.sql.types import UtcDateTime, json_column_type, uuid_column_type

__all__ = ["admin_audit_log", "search_skill_counts"]

admin_audit_log = sa.Table(
    "admin_audit_log",
    metadata,
    sa.Column("id", uuid_column_type(), primary_key=True),
    # The trail outlives the admin's account: deleting it only forgets who acted.
    sa.Column(
        "admin_id", uuid_column_type(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("target_type", sa.String(30), nullable=False),
    sa.Column("target_id", sa.String(64)),
    sa.Column("details", json_column_type()),
    sa.Column("created_at", UtcDateTime(), nullable=False, server_default=sa.func.current_timestamp()),
)
sa.Index("idx_admin_audit_log_created", admin_audit_log.c.created_at.desc(), admin_audit_log.c.id)

search_skill_counts = sa.Table(
    "search_skill_counts",
    metadata,
    sa.Column("day", sa.Date(), primary_key=True),
    sa.Column("skill", sa.String(100), primary_key=True),
    sa.Column("count", sa.Integer(), nullable=False),
    sa.CheckConstraint("count >= 0", name="count_non_negative"),
    sa.Index("idx_search_skill_counts_day", "day"),
)
