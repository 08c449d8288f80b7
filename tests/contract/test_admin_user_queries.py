"""The AdminUserQueries contract (listing, verifying, suspending users, granting the admin role), run
against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.sql import sql_uow_factory
from rozgar_core.errors import NotFound
from rozgar_core.model import Phone
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.ports.admin import UserFilter

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
IST = timezone(timedelta(hours=5, minutes=30))
EVERYONE = UserFilter()


def _add_user(
    uow_factory: UnitOfWorkFactory,
    phone: Phone,
    created_at: datetime = NOW,
    *,
    name: str | None = None,
    skills: tuple[str, ...] = (),
    verified: bool = False,
    active: bool = True,
) -> str:
    with uow_factory() as uow:
        user, _ = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), created_at)
        if name is not None or skills:
            user.name, user.skills, user.updated_at = name, list(skills), created_at
            uow.users.save_profile(user)
        if verified:
            uow.admin_users.set_verified(user.id, True, created_at)
        if not active:
            uow.admin_users.set_active(user.id, False, created_at)
        uow.commit()
    return user.id


def _list(
    uow_factory: UnitOfWorkFactory, filters: UserFilter = EVERYONE, offset: int = 0, limit: int = 100
) -> tuple[list[str], int]:
    with uow_factory() as uow:
        users, total = uow.admin_users.list_users(filters, offset, limit)
    return [user.id for user in users], total


def test_users_are_listed_newest_first_with_ties_by_id(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    oldest = _add_user(uow_factory, new_phone(), NOW - timedelta(days=2))
    tied = [_add_user(uow_factory, new_phone(), NOW) for _ in range(4)]
    newest = _add_user(uow_factory, new_phone(), NOW + timedelta(microseconds=1))

    ids, total = _list(uow_factory)

    assert ids == [newest, *sorted(tied), oldest]
    assert total == 6


def test_pages_cover_the_list_once_and_keep_the_total(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    for day in range(7):
        _add_user(uow_factory, new_phone(), NOW - timedelta(days=day % 3))
    everyone, _ = _list(uow_factory)

    pages = [_list(uow_factory, UserFilter(), offset, 3) for offset in (0, 3, 6, 9)]

    assert [ids for ids, _ in pages] == [everyone[0:3], everyone[3:6], everyone[6:7], []]
    assert {total for _, total in pages} == {7}


def test_listed_users_carry_their_profile_and_skills_in_order(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    phone = new_phone()
    with_skills = _add_user(uow_factory, phone, name="Ramesh", skills=("welder", "carpenter", "plumber"))
    without = _add_user(uow_factory, new_phone(), NOW - timedelta(days=1))

    with uow_factory() as uow:
        users, _ = uow.admin_users.list_users(UserFilter(), 0, 10)
        stored = uow.users.get(with_skills)

    assert [user.id for user in users] == [with_skills, without]
    assert users[0] == stored
    assert (users[0].phone, users[0].name, users[0].skills) == (phone, "Ramesh", ["welder", "carpenter", "plumber"])
    assert users[1].skills == [] and users[1].name is None


@pytest.fixture
def mixed_users(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> dict[str, str]:
    """Four users, one per (active, verified) pair, all named "Sita ..."; created in this order."""
    return {
        key: _add_user(uow_factory, new_phone(), NOW + timedelta(minutes=i), name=f"Sita {key}",
                       active=active, verified=verified)
        for i, (key, active, verified) in enumerate([
            ("active-verified", True, True),
            ("active-unverified", True, False),
            ("inactive-verified", False, True),
            ("inactive-unverified", False, False),
        ])
    }


@pytest.mark.parametrize(
    ("active", "verified", "expected"),
    [
        (None, None, ["inactive-unverified", "inactive-verified", "active-unverified", "active-verified"]),
        (True, None, ["active-unverified", "active-verified"]),
        (False, None, ["inactive-unverified", "inactive-verified"]),
        (None, True, ["inactive-verified", "active-verified"]),
        (None, False, ["inactive-unverified", "active-unverified"]),
        (True, True, ["active-verified"]),
        (True, False, ["active-unverified"]),
        (False, True, ["inactive-verified"]),
        (False, False, ["inactive-unverified"]),
    ],
)
def test_status_and_verification_filters_combine(
    uow_factory: UnitOfWorkFactory,
    mixed_users: dict[str, str],
    active: bool | None,
    verified: bool | None,
    expected: list[str],
) -> None:
    ids, total = _list(uow_factory, UserFilter(active=active, verified=verified))

    assert ids == [mixed_users[key] for key in expected]
    assert total == len(expected)


def test_search_combines_with_the_other_filters(
    uow_factory: UnitOfWorkFactory, mixed_users: dict[str, str], new_phone: Callable[[], Phone]
) -> None:
    _add_user(uow_factory, new_phone(), name="Gita active", verified=True)

    ids, total = _list(uow_factory, UserFilter(active=True, verified=True, search="sita"))

    assert (ids, total) == ([mixed_users["active-verified"]], 1)


@pytest.fixture
def named_users(uow_factory: UnitOfWorkFactory) -> dict[str, str]:
    people = [
        ("ramesh", "+919812345678", "Ramesh Kumar"),
        ("sitaram", "+917012398765", "Sita RAM"),
        ("underscore", "+916000000001", "Raju_K"),
        ("lookalike", "+916000000002", "RajuXK"),
        ("nameless", "+918888812345", None),
    ]
    return {
        key: _add_user(uow_factory, Phone(phone), NOW - timedelta(minutes=i), name=name)
        for i, (key, phone, name) in enumerate(people)
    }


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ram", ["ramesh", "sitaram"]),
        ("  RAM ", ["ramesh", "sitaram"]),
        ("sita r", ["sitaram"]),
        ("kumar", ["ramesh"]),
        ("u_k", ["underscore"]),
        ("12345", ["ramesh", "nameless"]),
        ("98123-45678", ["ramesh"]),
        ("+91 98123 45678", ["ramesh"]),
        ("070123", []),
        ("7012398765", ["sitaram"]),
        ("nobody", []),
    ],
)
def test_search_matches_a_name_fragment_in_any_case_or_a_phone_fragment(
    uow_factory: UnitOfWorkFactory, named_users: dict[str, str], search: str, expected: list[str]
) -> None:
    ids, total = _list(uow_factory, UserFilter(search=search))

    assert ids == [named_users[key] for key in expected]
    assert total == len(expected)


@pytest.mark.parametrize("search", ["", "   ", "%", "_", "-+ ()"])
def test_a_search_without_letters_or_digits_is_ignored(
    uow_factory: UnitOfWorkFactory, named_users: dict[str, str], search: str
) -> None:
    ids, total = _list(uow_factory, UserFilter(search=search))

    assert ids == list(named_users.values())
    assert total == len(named_users)


@pytest.mark.parametrize(
    ("setter", "field"),
    [("set_admin", "is_admin"), ("set_verified", "is_verified"), ("set_active", "is_active")],
)
def test_each_flag_is_set_and_cleared_with_the_update_time(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone], setter: str, field: str
) -> None:
    user_id = _add_user(uow_factory, new_phone())
    original = _get(uow_factory, user_id)
    flipped_at, restored_at = (NOW + timedelta(hours=1)).astimezone(IST), NOW + timedelta(hours=2)

    with uow_factory() as uow:
        getattr(uow.admin_users, setter)(user_id, not getattr(original, field), flipped_at)
        uow.commit()
    flipped = _get(uow_factory, user_id)
    with uow_factory() as uow:
        getattr(uow.admin_users, setter)(user_id, getattr(original, field), restored_at)
        uow.commit()
    restored = _get(uow_factory, user_id)

    assert getattr(flipped, field) is not getattr(original, field)
    assert flipped.updated_at == flipped_at and flipped.updated_at.tzinfo == UTC
    assert getattr(restored, field) is getattr(original, field)
    assert restored.updated_at == restored_at
    others = {"is_admin", "is_verified", "is_active"} - {field}
    assert all(getattr(flipped, other) == getattr(original, other) for other in others)


def test_an_uncommitted_change_is_rolled_back(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    user_id = _add_user(uow_factory, new_phone())

    with uow_factory() as uow:
        uow.admin_users.set_admin(user_id, True, NOW)

    assert _get(uow_factory, user_id).is_admin is False


@pytest.mark.parametrize("setter", ["set_admin", "set_verified", "set_active"])
@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_changing_a_missing_user_is_not_found(uow_factory: UnitOfWorkFactory, setter: str, user_id: str) -> None:
    with uow_factory() as uow, pytest.raises(NotFound) as raised:
        getattr(uow.admin_users, setter)(user_id, True, NOW)

    assert raised.value.code == "USER_NOT_FOUND"


def _get(uow_factory: UnitOfWorkFactory, user_id: str) -> Any:
    with uow_factory() as uow:
        user = uow.users.get(user_id)
    assert user is not None
    return user


@contextmanager
def _statements_run(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA")):
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_a_page_of_users_takes_three_queries_whatever_its_size(
    sql_engine: Engine, new_phone: Callable[[], Phone]
) -> None:
    uow_factory = sql_uow_factory(sql_engine)
    for i in range(12):
        _add_user(uow_factory, new_phone(), NOW + timedelta(minutes=i), name=f"User {i}", skills=("mason", "painter"))

    with uow_factory() as uow, _statements_run(sql_engine) as statements:
        users, total = uow.admin_users.list_users(UserFilter(search="user"), 0, 10)

    assert (len(users), total) == (10, 12)
    assert all(user.skills == ["mason", "painter"] for user in users)
    assert len(statements) == 3  # the total, the page, the skills of the page
