"""The database schema as SQLAlchemy Core tables. Migrations create it; repositories map rows explicitly."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from rozgar_adapters.sql.types import UtcDateTime, json_column_type, uuid_column_type

__all__ = [
    "LISTED", "LISTED_AVAILABLE", "UtcDateTime", "app_settings", "contacts", "earth_point", "index_exists_on",
    "metadata", "notifications", "otp_verifications", "profile_views", "refresh_tokens", "reports", "reviews",
    "search_history", "user_settings", "user_skills", "users",
]

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LABOUR_TYPES = ("daily", "monthly", "partTime", "fullTime", "contract", "freelance")
ROLES = ("labour", "employer")
CONTACT_TYPES = ("call", "message")
REPORT_STATUSES = ("pending", "resolved", "rejected")
REPORTS_ONE_PENDING = "uq_reports_reporter_id_reported_user_id_pending"
LOCATION_SOURCES = ("user", "pincode")

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _id() -> sa.Column[str]:
    return sa.Column("id", uuid_column_type(), primary_key=True)


def _user_fk(name: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column[str]:
    return sa.Column(
        name, uuid_column_type(), sa.ForeignKey("users.id", ondelete=ondelete), nullable=nullable
    )


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, UtcDateTime(), nullable=False, server_default=sa.func.current_timestamp())


users = sa.Table(
    "users",
    metadata,
    _id(),
    sa.Column("phone", sa.String(15), nullable=False),
    sa.Column("email", sa.String(255)),
    sa.Column("name", sa.String(255)),
    sa.Column("password_hash", sa.String(255)),
    sa.Column("profile_picture_url", sa.Text()),
    sa.Column("profile_picture_key", sa.Text()),
    sa.Column("bio", sa.Text()),
    sa.Column("address", sa.Text()),
    sa.Column("city", sa.String(100)),
    sa.Column("state", sa.String(100)),
    sa.Column("pincode", sa.String(10)),
    sa.Column("latitude", sa.Numeric(10, 8, asdecimal=False)),
    sa.Column("longitude", sa.Numeric(11, 8, asdecimal=False)),
    sa.Column("location_source", sa.String(10)),
    sa.Column("is_available", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("experience_years", sa.Integer()),
    sa.Column("labour_type", sa.String(50)),
    sa.Column(
        "rating", sa.Numeric(3, 2, asdecimal=False), nullable=False, server_default=sa.text("0")
    ),
    sa.Column("total_reviews", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Column("is_verified", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("role", sa.String(20), nullable=False, server_default=ROLES[0]),
    sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()),
    _timestamp("created_at"),
    _timestamp("updated_at"),
    sa.Column("last_login_at", UtcDateTime()),
    sa.Column("profile_completed_at", UtcDateTime()),
    sa.Column("is_hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
    # Derived for search (rozgar_adapters.sql.search.columns), written with every profile change.
    sa.Column("search_document", sa.Text(), nullable=False, server_default=" "),
    sa.Column("city_key", sa.String(100)),
    sa.Column("public_latitude", sa.Double()),
    sa.Column("public_longitude", sa.Double()),
    sa.Column("skills", sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")),
    sa.UniqueConstraint("phone", name="uq_users_phone"),
    sa.UniqueConstraint("email", name="uq_users_email"),
    sa.CheckConstraint("rating >= 0 AND rating <= 5", name="rating_range"),
    sa.CheckConstraint("total_reviews >= 0", name="total_reviews_non_negative"),
    sa.CheckConstraint(
        "experience_years IS NULL OR (experience_years >= 0 AND experience_years <= 60)",
        name="experience_years_range",
    ),
    sa.CheckConstraint(f"labour_type IS NULL OR {_in('labour_type', LABOUR_TYPES)}", name="labour_type"),
    sa.CheckConstraint(_in("role", ROLES), name="role"),
    sa.CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="latitude_range"),
    sa.CheckConstraint(
        "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="longitude_range"
    ),
    sa.CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="location_complete"),
    sa.CheckConstraint(
        f"location_source IS NULL OR {_in('location_source', LOCATION_SOURCES)}", name="location_source"
    ),
    sa.Index("idx_users_city", "city"),
    sa.Index("idx_users_is_available", "is_available"),
    sa.Index("idx_users_location", "latitude", "longitude"),
)

LISTED = "is_active AND NOT is_hidden AND profile_completed_at IS NOT NULL AND role = 'labour'"
"""Who search can find (the core's `is_listed`). The partial indexes use it verbatim and the search
queries emit these very terms, so that both databases can prove that the indexes apply."""
LISTED_AVAILABLE = f"{LISTED} AND is_available"


def earth_point(latitude: sa.ColumnElement[float], longitude: sa.ColumnElement[float]) -> sa.ColumnElement[object]:
    """A point as a 3-D cube point in km (PostgreSQL function created by migration 0002)."""
    return sa.func.public.rozgar_earth_point(latitude, longitude)


# As PostgreSQL reports the index expression back (the schema is on the search path).
_INDEXED_EARTH_POINT = sa.func.rozgar_earth_point(users.c.public_latitude, users.c.public_longitude)


def _search_index(
    name: str, *expressions: sa.ColumnElement[object], where: str = LISTED, only_on: str | None = None,
    **options: object,
) -> sa.Index:
    """A partial index over the listed labours; `only_on` names the one database that has it."""
    index = sa.Index(
        name, *expressions, postgresql_where=sa.text(where), sqlite_where=sa.text(where),
        info={"only_on": only_on} if only_on else {}, **options,
    )
    return index.ddl_if(dialect=only_on) if only_on else index


def index_exists_on(index: sa.Index, dialect_name: str) -> bool:
    """Whether the migrations create `index` on this database (some exist on one database only)."""
    only_on = index.info.get("only_on")
    return only_on is None or only_on == dialect_name


_search_index(
    "idx_users_search_rating", users.c.rating.desc(), users.c.id.desc(),
    # Deep pages find their ids with an index-only scan (migration 0005); SQLite has no INCLUDE.
    postgresql_include=[
        "is_available", "experience_years", "labour_type", "city_key", "skills", "search_document",
    ],
)
_search_index(
    "idx_users_search_experience",
    sa.func.coalesce(users.c.experience_years, sa.literal_column("0")).desc(), users.c.id.desc(),
    only_on="postgresql",  # SQLite cannot reflect an index on an expression
)
_search_index(
    "idx_users_search_city", users.c.city_key, users.c.rating.desc(), users.c.id.desc(),
    postgresql_include=["skills"],
)
_search_index("idx_users_search_box", users.c.public_latitude, users.c.public_longitude, only_on="sqlite")
# Cursor pages nearest first read the ids of the labours of grid cells by public point (0006).
_search_index(
    "idx_users_search_cells", users.c.public_latitude, users.c.public_longitude, users.c.id,
    only_on="postgresql", postgresql_include=["is_available"],
)
_search_index(
    "idx_users_search_earth", _INDEXED_EARTH_POINT,
    only_on="postgresql", postgresql_using="gist",
)
_search_index(
    "idx_users_search_earth_available", _INDEXED_EARTH_POINT,
    where=LISTED_AVAILABLE, only_on="postgresql", postgresql_using="gist",
)
_search_index(
    "idx_users_search_document", users.c.search_document, only_on="postgresql", postgresql_using="gin",
    postgresql_ops={"search_document": "gin_trgm_ops"},
)
_search_index("idx_users_search_skills", users.c.skills, only_on="postgresql", postgresql_using="gin")
_search_index(
    "idx_users_search_city_available", users.c.city_key, users.c.rating.desc(), users.c.id.desc(),
    where=LISTED_AVAILABLE, only_on="postgresql", postgresql_include=["skills"],
)

user_skills = sa.Table(
    "user_skills",
    metadata,
    _id(),
    _user_fk("user_id"),
    sa.Column("skill", sa.String(100), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False, server_default=sa.text("0")),
    _timestamp("created_at"),
    sa.UniqueConstraint("user_id", "skill", name="uq_user_skills_user_id_skill"),
    sa.Index("idx_user_skills_user_id", "user_id"),
    sa.Index("idx_user_skills_skill", "skill"),
)

otp_verifications = sa.Table(
    "otp_verifications",
    metadata,
    _id(),
    sa.Column("phone", sa.String(15), nullable=False),
    sa.Column("otp_hash", sa.String(64), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Column("is_verified", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    _timestamp("created_at"),
    sa.CheckConstraint("attempts >= 0", name="attempts_non_negative"),
    sa.Index("idx_otp_phone", "phone", "created_at"),
    sa.Index("idx_otp_expires", "expires_at"),
)

refresh_tokens = sa.Table(
    "refresh_tokens",
    metadata,
    _id(),
    _user_fk("user_id"),
    sa.Column("family_id", uuid_column_type(), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    _timestamp("created_at"),
    sa.Column("revoked_at", UtcDateTime()),
    sa.UniqueConstraint("token_hash", name="uq_refresh_tokens_token_hash"),
    sa.Index("idx_refresh_tokens_user_id", "user_id"),
    sa.Index("idx_refresh_tokens_family_id", "family_id"),
)

reviews = sa.Table(
    "reviews",
    metadata,
    _id(),
    _user_fk("reviewer_id"),
    _user_fk("reviewee_id"),
    sa.Column("rating", sa.Integer(), nullable=False),
    sa.Column("comment", sa.Text()),
    _timestamp("created_at"),
    _timestamp("updated_at"),
    sa.UniqueConstraint("reviewer_id", "reviewee_id", name="uq_reviews_reviewer_id_reviewee_id"),
    sa.CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
    sa.CheckConstraint("reviewer_id <> reviewee_id", name="not_self"),
    sa.Index("idx_reviews_reviewee", "reviewee_id"),
    sa.Index("idx_reviews_reviewee_created", "reviewee_id", "created_at"),
    sa.Index("idx_reviews_rating", "rating"),
)

contacts = sa.Table(
    "contacts",
    metadata,
    _id(),
    _user_fk("from_user_id"),
    _user_fk("to_user_id"),
    sa.Column("contact_type", sa.String(20), nullable=False),
    _timestamp("created_at"),
    sa.CheckConstraint(_in("contact_type", CONTACT_TYPES), name="contact_type"),
    sa.Index("idx_contacts_from_user", "from_user_id", "created_at"),
    sa.Index("idx_contacts_to_user", "to_user_id", "created_at"),
)

search_history = sa.Table(
    "search_history",
    metadata,
    _id(),
    _user_fk("user_id"),
    sa.Column("search_query", sa.Text(), nullable=False),
    sa.Column("filters", json_column_type()),
    _timestamp("created_at"),
    sa.Index("idx_search_history_user", "user_id", "created_at"),
    sa.Index("idx_search_history_created", "created_at"),
)

notifications = sa.Table(
    "notifications",
    metadata,
    _id(),
    _user_fk("user_id"),
    sa.Column("type", sa.String(50), nullable=False),
    sa.Column("title", sa.String(255), nullable=False),
    sa.Column("message", sa.Text(), nullable=False),
    sa.Column("is_read", sa.Boolean(), nullable=False, server_default=sa.false()),
    _user_fk("related_user_id", nullable=True, ondelete="SET NULL"),
    _timestamp("created_at"),
    sa.Index("idx_notifications_user", "user_id"),
    sa.Index("idx_notifications_is_read", "is_read"),
    sa.Index("idx_notifications_user_read_created", "user_id", "is_read", "created_at"),
    sa.Index("idx_notifications_related_user", "related_user_id"),
    sa.Index("idx_notifications_user_created", "user_id", "created_at"),
)

app_settings = sa.Table(
    "app_settings",
    metadata,
    _id(),
    sa.Column("key", sa.String(100), nullable=False),
    sa.Column("value", sa.Text(), nullable=False),
    sa.Column("description", sa.Text()),
    _timestamp("updated_at"),
    sa.UniqueConstraint("key", name="uq_app_settings_key"),
)

reports = sa.Table(
    "reports",
    metadata,
    _id(),
    _user_fk("reporter_id"),
    _user_fk("reported_user_id"),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default=REPORT_STATUSES[0]),
    sa.Column("resolution_note", sa.Text()),
    sa.Column("resolved_at", UtcDateTime()),
    _timestamp("created_at"),
    sa.CheckConstraint(_in("status", REPORT_STATUSES), name="status"),
    sa.Index("idx_reports_status", "status", "created_at"),
    sa.Index("idx_reports_reported_user", "reported_user_id"),
    sa.Index("idx_reports_reporter", "reporter_id"),
    # One pending report per reporter and reported user; a decided one does not block a new report.
    sa.Index(
        REPORTS_ONE_PENDING, "reporter_id", "reported_user_id", unique=True,
        postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"),
    ),
)

user_settings = sa.Table(
    "user_settings",
    metadata,
    sa.Column(
        "user_id",
        uuid_column_type(),
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("language", sa.String(10), nullable=False, server_default="en"),
    sa.Column("push_notifications", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("email_notifications", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("sms_notifications", sa.Boolean(), nullable=False, server_default=sa.true()),
    _timestamp("updated_at"),
)

profile_views = sa.Table(
    "profile_views",
    metadata,
    _id(),
    _user_fk("labour_id"),
    _user_fk("viewer_id"),
    sa.Column("viewed_on", sa.Date(), nullable=False),
    _timestamp("created_at"),
    sa.UniqueConstraint(
        "labour_id", "viewer_id", "viewed_on", name="uq_profile_views_labour_id_viewer_id_viewed_on"
    ),
    sa.Index("idx_profile_views_labour_viewed_on", "labour_id", "viewed_on"),
    sa.Index("idx_profile_views_viewer", "viewer_id"),
)
