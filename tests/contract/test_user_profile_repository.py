"""The profile-writing half of the UserRepository contract, run against every adapter."""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.sql import metadata, sql_uow_factory
from rozgar_adapters.sql import tables as t
from rozgar_adapters.sql.repositories.ratings import recompute_ratings
from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model import Phone, RefreshToken, User
from rozgar_core.model.settings import UserSettings
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)

NewUser = Callable[[], User]


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> NewUser:
    def create() -> User:
        with uow_factory() as uow:
            user, _ = uow.users.get_or_create_by_phone(new_phone(), str(uuid.uuid4()), NOW)
            uow.users.record_login(user.id, NOW)
            stored = uow.users.get(user.id)
            uow.commit()
        assert stored is not None
        return stored

    return create


def _complete(user: User, **changes: object) -> User:
    fields: dict[str, object] = dict(
        name="Ramesh Kumar", email=None, bio="Pipes and taps", address="12 MG Road", city="Pune",
        state="Maharashtra", pincode="411001", latitude=18.520430, longitude=73.856743,
        location_source="user", is_available=True, skills=["plumber", "electrician"], experience_years=7,
        labour_type="daily", role="labour", updated_at=LATER, profile_completed_at=LATER,
    )
    fields.update(changes)
    for name, value in fields.items():
        setattr(user, name, value)
    return user


def _save(uow_factory: UnitOfWorkFactory, user: User) -> None:
    with uow_factory() as uow:
        uow.users.save_profile(user)
        uow.commit()


def _get(uow_factory: UnitOfWorkFactory, user_id: str) -> User | None:
    with uow_factory() as uow:
        return uow.users.get(user_id)


def test_save_profile_writes_the_profile_and_keeps_the_rest(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    original = new_user()
    edited = _complete(replace(original), email="ramesh@example.in")
    edited.rating, edited.total_reviews, edited.is_verified = 4.5, 9, True
    edited.profile_picture_url, edited.last_login_at = "https://cdn/x.webp", LATER

    _save(uow_factory, edited)

    saved = _get(uow_factory, original.id)
    assert saved == _complete(replace(original), email="ramesh@example.in")
    assert saved.skills == ["plumber", "electrician"] and saved.is_profile_complete
    assert (saved.rating, saved.total_reviews, saved.is_verified) == (0.0, 0, False)
    assert (saved.profile_picture_url, saved.last_login_at, saved.created_at) == (None, NOW, NOW)


def test_skills_are_replaced_in_the_given_order(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    user = _complete(new_user())
    _save(uow_factory, user)

    _save(uow_factory, _complete(user, skills=["welder", "plumber", "welder", "carpenter"]))

    saved = _get(uow_factory, user.id)
    assert saved is not None and saved.skills == ["welder", "plumber", "carpenter"]


def test_an_email_belongs_to_one_account(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    owner, other = _complete(new_user(), email="a@example.in"), _complete(new_user())
    _save(uow_factory, owner)

    with uow_factory() as uow:
        assert uow.users.email_in_use("a@example.in", other.id) is True
        assert uow.users.email_in_use("a@example.in", owner.id) is False
        assert uow.users.email_in_use("b@example.in", other.id) is False
    with pytest.raises(Conflict) as taken:
        _save(uow_factory, _complete(other, email="a@example.in"))
    assert taken.value.code == "EMAIL_TAKEN"

    _save(uow_factory, _complete(owner, email="new@example.in"))
    _save(uow_factory, _complete(other, email="a@example.in"))
    saved = _get(uow_factory, other.id)
    assert saved is not None and saved.email == "a@example.in"


def test_availability_and_picture_have_their_own_writers(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    user = new_user()
    with uow_factory() as uow:
        uow.users.set_availability(user.id, True, LATER)
        uow.users.set_picture(user.id, "https://cdn/p.webp", "pictures/p.webp", LATER + timedelta(seconds=1))
        uow.commit()

    saved = _get(uow_factory, user.id)
    assert saved is not None and saved.is_available is True
    assert (saved.profile_picture_url, saved.profile_picture_key) == ("https://cdn/p.webp", "pictures/p.webp")
    assert saved.updated_at == LATER + timedelta(seconds=1)


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_writes_to_a_missing_account_raise_not_found(uow_factory: UnitOfWorkFactory, user_id: str) -> None:
    ghost = _complete(User(id=user_id, phone=Phone("+919876500009"), created_at=NOW, updated_at=NOW))
    with uow_factory() as uow:
        with pytest.raises(NotFound):
            uow.users.save_profile(ghost)
        with pytest.raises(NotFound):
            uow.users.set_availability(user_id, True, NOW)
        with pytest.raises(NotFound):
            uow.users.set_picture(user_id, None, None, NOW)
        with pytest.raises(NotFound):
            uow.users.delete_account(user_id)


def _token(user_id: str) -> RefreshToken:
    return RefreshToken(
        id=str(uuid.uuid4()), user_id=user_id, family_id=str(uuid.uuid4()),
        token_hash=hashlib.sha256(uuid.uuid4().bytes).hexdigest(), expires_at=LATER, created_at=NOW,
    )


def _give_everything(uow_factory: UnitOfWorkFactory, user: User) -> RefreshToken:
    token = _token(user.id)
    with uow_factory() as uow:
        uow.users.save_profile(_complete(user, email="gone@example.in"))
        uow.refresh_tokens.add(token)
        uow.user_settings.save(UserSettings(user.id, language="hi", updated_at=NOW))
        uow.commit()
    return token


def test_delete_account_erases_the_user_and_what_is_theirs(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    user, bystander = new_user(), new_user()
    token = _give_everything(uow_factory, user)

    with uow_factory() as uow:
        uow.users.delete_account(user.id)
        uow.commit()

    with uow_factory() as uow:
        assert uow.users.get(user.id) is None and uow.users.get_by_phone(user.phone) is None
        assert uow.refresh_tokens.get_by_hash(token.token_hash) is None
        assert uow.user_settings.get(user.id) is None
        assert uow.users.email_in_use("gone@example.in", bystander.id) is False
        assert uow.users.get(bystander.id) == bystander
        again, created = uow.users.get_or_create_by_phone(user.phone, str(uuid.uuid4()), LATER)
        assert created is True and again.id != user.id


def test_an_uncommitted_deletion_leaves_everything_in_place(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    user = new_user()
    token = _give_everything(uow_factory, user)
    before = _get(uow_factory, user.id)

    with uow_factory() as uow:
        uow.users.delete_account(user.id)

    with uow_factory() as uow:
        assert uow.users.get(user.id) == before and uow.users.get_by_phone(user.phone) == before
        assert uow.refresh_tokens.get_by_hash(token.token_hash) == token
        assert uow.user_settings.get(user.id) == UserSettings(user.id, language="hi", updated_at=NOW)
        assert uow.users.email_in_use("gone@example.in", str(uuid.uuid4())) is True


def _insert_rows(engine: Engine, table: sa.Table, *rows: dict[str, object]) -> None:
    with engine.begin() as connection:
        connection.execute(table.insert(), [{"id": str(uuid.uuid4()), "created_at": NOW} | row for row in rows])


def _review(reviewer: str, reviewee: str, rating: int) -> dict[str, object]:
    return {"reviewer_id": reviewer, "reviewee_id": reviewee, "rating": rating, "updated_at": NOW}


def test_delete_account_recomputes_ratings_and_leaves_no_trace(sql_engine: Engine) -> None:
    uow_factory = sql_uow_factory(sql_engine)
    with uow_factory() as uow:
        gone, b, c, d, f, g = (
            uow.users.get_or_create_by_phone(Phone(f"+9198765000{n:02d}"), str(uuid.uuid4()), NOW)[0].id
            for n in range(6)
        )
        uow.commit()
    _insert_rows(sql_engine, t.reviews, _review(gone, b, 5), _review(d, b, 2), _review(gone, c, 1),
                 _review(d, c, 4), _review(f, c, 4), _review(g, c, 5), _review(b, gone, 3))
    with sql_engine.begin() as connection:
        connection.execute(recompute_ratings([gone, b, c]))
    about_them: dict[str, object] = {"user_id": b, "type": "review", "title": "t", "message": "m", "related_user_id": gone}
    _insert_rows(sql_engine, t.notifications, about_them, about_them | {"related_user_id": d})
    _insert_rows(sql_engine, t.contacts, {"from_user_id": gone, "to_user_id": b, "contact_type": "call"})
    _insert_rows(sql_engine, t.search_history, {"user_id": gone, "search_query": "mason", "filters": {"k": 1}})
    _insert_rows(sql_engine, t.profile_views, {"labour_id": b, "viewer_id": gone, "viewed_on": NOW.date()})
    _insert_rows(sql_engine, t.reports, {"reporter_id": d, "reported_user_id": gone, "reason": "spam"})

    with uow_factory() as uow:
        uow.users.delete_account(gone)
        uow.commit()

    with uow_factory() as uow:
        reviewees = [uow.users.get(user_id) for user_id in (b, c)]
    assert [(user.rating, user.total_reviews) for user in reviewees if user] == [(2.0, 1), (4.33, 3)]
    with sql_engine.connect() as connection:
        assert _rows_referring_to(connection, gone) == 0
        kept = connection.execute(sa.select(t.notifications.c.related_user_id)).scalars().all()
        assert kept == [d]


def _rows_referring_to(connection: sa.Connection, user_id: str) -> int:
    found = 0
    for table in metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is t.users:
                query = sa.select(sa.func.count()).select_from(table).where(key.parent == user_id)
                found += connection.execute(query).scalar_one()
    own_row = sa.select(sa.func.count()).select_from(t.users).where(t.users.c.id == user_id)
    return found + connection.execute(own_row).scalar_one()
