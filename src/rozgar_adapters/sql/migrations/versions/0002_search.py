"""Labour search: the hidden flag, derived search columns and the indexes of the search queries.

The derived columns (search document, city key, public point, skills in order) are computed in
Python from the core's rules; existing users are filled in here. PostgreSQL also gets the cube and
pg_trgm extensions, a function mapping a point to a 3-D cube point (for a GiST index queried by
nearest-first scans and boxes), and GIN indexes for text and skills.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01 00:00:00
"""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LISTED = "is_active AND NOT is_hidden AND profile_completed_at IS NOT NULL AND role = 'labour'"
LISTED_AVAILABLE = f"{LISTED} AND is_available"
EARTH_POINT = "public.rozgar_earth_point(public_latitude, public_longitude)"
# A SQL-standard body is bound when it is created, so the function also works under the empty
# search_path pg_dump and pg_restore use (earthdistance's ll_to_earth does not).
CREATE_EARTH_POINT = """
CREATE OR REPLACE FUNCTION public.rozgar_earth_point(latitude double precision, longitude double precision)
RETURNS public.cube LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN public.cube(ARRAY[
    6371.0088 * cos(radians(latitude)) * cos(radians(longitude)),
    6371.0088 * cos(radians(latitude)) * sin(radians(longitude)),
    6371.0088 * sin(radians(latitude))
])
"""
DROP_EARTH_POINT = "DROP FUNCTION IF EXISTS public.rozgar_earth_point(double precision, double precision)"

BOTH_INDEXES = {
    "idx_users_search_rating": f"(rating DESC, id DESC) WHERE {LISTED}",
}
SQLITE_INDEXES = {
    "idx_users_search_city": f"(city_key, rating DESC, id DESC) WHERE {LISTED}",
    "idx_users_search_box": f"(public_latitude, public_longitude) WHERE {LISTED}",
}
POSTGRES_INDEXES = {
    "idx_users_search_city": f"(city_key, rating DESC, id DESC) INCLUDE (skills) WHERE {LISTED}",
    "idx_users_search_experience": f"(coalesce(experience_years, 0) DESC, id DESC) WHERE {LISTED}",
    "idx_users_search_city_available": (
        f"(city_key, rating DESC, id DESC) INCLUDE (skills) WHERE {LISTED_AVAILABLE}"
    ),
    "idx_users_search_earth": f"USING gist ({EARTH_POINT}) WHERE {LISTED}",
    "idx_users_search_earth_available": f"USING gist ({EARTH_POINT}) WHERE {LISTED_AVAILABLE}",
    "idx_users_search_document": f"USING gin (search_document gin_trgm_ops) WHERE {LISTED}",
    "idx_users_search_skills": f"USING gin (skills) WHERE {LISTED}",
}
_BATCH = 1000


def _indexes(dialect: str) -> dict[str, str]:
    return BOTH_INDEXES | (POSTGRES_INDEXES if dialect == "postgresql" else SQLITE_INDEXES)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
        op.execute(CREATE_EARTH_POINT)
    skills_type = postgresql.ARRAY(sa.Text()) if dialect == "postgresql" else sa.JSON()
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("is_hidden", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("search_document", sa.Text(), nullable=False, server_default=" "))
        batch.add_column(sa.Column("city_key", sa.String(100)))
        batch.add_column(sa.Column("public_latitude", sa.Double()))
        batch.add_column(sa.Column("public_longitude", sa.Double()))
        batch.add_column(sa.Column("skills", skills_type))
    _fill_search_columns(skills_type)
    for name, definition in _indexes(dialect).items():
        op.execute(f"CREATE INDEX {name} ON users {definition}")


def _fill_search_columns(skills_type: sa.types.TypeEngine[object]) -> None:
    """Computes the derived columns of the users already there, with the rules of the running code."""
    from rozgar_adapters.sql.search.columns import search_columns
    from rozgar_core.model import Phone, User

    connection = op.get_bind()
    users = sa.table(
        "users", sa.column("id", sa.Uuid(as_uuid=False)), sa.column("phone"), sa.column("name"),
        sa.column("city"), sa.column("state"), sa.column("latitude", sa.Float()),
        sa.column("longitude", sa.Float()), sa.column("search_document"), sa.column("city_key"),
        sa.column("public_latitude"), sa.column("public_longitude"), sa.column("skills", skills_type),
    )
    user_skills = sa.table("user_skills", sa.column("user_id", sa.Uuid(as_uuid=False)), sa.column("skill"),
                           sa.column("position"))
    skills_by_user: dict[str, list[str]] = defaultdict(list)
    ordered = sa.select(user_skills.c.user_id, user_skills.c.skill).order_by(
        user_skills.c.user_id, user_skills.c.position, user_skills.c.skill
    )
    for user_id, skill in connection.execute(ordered):
        skills_by_user[user_id].append(skill)
    rows = connection.execute(
        sa.select(users.c.id, users.c.phone, users.c.name, users.c.city, users.c.state, users.c.latitude,
                  users.c.longitude)
    ).all()
    update = users.update().where(users.c.id == sa.bindparam("user_id")).values(
        {column: sa.bindparam(column) for column in
         ("search_document", "city_key", "public_latitude", "public_longitude", "skills")}
    )
    epoch = datetime.fromtimestamp(0, UTC)
    for start in range(0, len(rows), _BATCH):
        values = []
        for row in rows[start : start + _BATCH]:
            user = User(
                id=row.id, phone=Phone(row.phone), created_at=epoch, updated_at=epoch, name=row.name,
                city=row.city, state=row.state, latitude=row.latitude, longitude=row.longitude,
                skills=skills_by_user.get(row.id, []),
            )
            values.append({"user_id": row.id, **search_columns(user)})
        connection.execute(update, values)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in _indexes(dialect):
        op.execute(f"DROP INDEX {name}")
    with op.batch_alter_table("users") as batch:
        for column in ("skills", "public_longitude", "public_latitude", "city_key", "search_document",
                       "is_hidden"):
            batch.drop_column(column)
    if dialect == "postgresql":
        # The extensions stay: other objects of the database may use them.
        op.execute(DROP_EARTH_POINT)
