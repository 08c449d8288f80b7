"""The NotificationRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from activity_support import NOW, NewUser, moments, user_factory

from rozgar_core.errors import Conflict
from rozgar_core.model import Phone, User
from rozgar_core.model.activity import Notification
from rozgar_core.ports import UnitOfWorkFactory


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> NewUser:
    return user_factory(uow_factory, new_phone)


def _note(
    user: User, at: datetime = NOW, *, type: str = "contact", related: User | None = None, read: bool = False
) -> Notification:
    return Notification(
        str(uuid.uuid4()), user.id, type, "New contact", "Someone called you", at, read,
        related.id if related else None,
    )


def _add(uow_factory: UnitOfWorkFactory, *notifications: Notification) -> None:
    with uow_factory() as uow:
        for notification in notifications:
            uow.notifications.add(notification)
        uow.commit()


def _list(uow_factory: UnitOfWorkFactory, user: User, unread_only: bool = False) -> list[Notification]:
    with uow_factory() as uow:
        return uow.notifications.list_for(user.id, unread_only, 0, 100)[0]


def test_list_is_newest_first_with_the_total_of_that_list(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    me, caller, other = new_user(), new_user(), new_user()
    at = moments(3)
    tied = sorted([_note(me, at[2]), _note(me, at[2], type="review", related=caller)], key=lambda n: n.id)
    old_read, unread = _note(me, at[0], read=True, related=caller), _note(me, at[1])
    _add(uow_factory, old_read, unread, *tied, _note(other, at[2]))

    with uow_factory() as uow:
        everything, total = uow.notifications.list_for(me.id, False, 0, 20)
        unread_page = uow.notifications.list_for(me.id, True, 1, 1)
        unread_count = uow.notifications.unread_count(me.id)

    assert everything == [tied[1], tied[0], unread, old_read] and total == 4
    assert unread_page == ([tied[0]], 3)
    assert unread_count == 3


def test_unread_count_counts_everything_unread_not_a_page(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    me = new_user()
    _add(uow_factory, *(_note(me, at) for at in moments(25)), _note(me, read=True))

    with uow_factory() as uow:
        page, total = uow.notifications.list_for(me.id, True, 0, 20)
        assert (len(page), total, uow.notifications.unread_count(me.id)) == (20, 25, 25)


def test_mark_read_only_for_the_owner(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    me, other = new_user(), new_user()
    mine, theirs = _note(me), _note(other)
    _add(uow_factory, mine, theirs)

    with uow_factory() as uow:
        assert uow.notifications.mark_read(other.id, mine.id) is False
        assert uow.notifications.mark_read(me.id, theirs.id) is False
        assert uow.notifications.mark_read(me.id, str(uuid.uuid4())) is False
        assert uow.notifications.mark_read(me.id, "not-a-uuid") is False
        assert uow.notifications.mark_read("not-a-uuid", mine.id) is False
        assert uow.notifications.mark_read(me.id, mine.id) is True
        assert uow.notifications.mark_read(me.id, mine.id) is True  # already read: still theirs
        uow.commit()

    assert _list(uow_factory, me) == [replace(mine, is_read=True)]
    assert _list(uow_factory, other) == [theirs]


def test_mark_all_read_counts_what_it_changed(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    me, other = new_user(), new_user()
    _add(uow_factory, _note(me), _note(me), _note(me, read=True), _note(other))

    with uow_factory() as uow:
        assert uow.notifications.mark_all_read(me.id) == 2
        assert uow.notifications.mark_all_read(me.id) == 0
        assert uow.notifications.mark_all_read("not-a-uuid") == 0
        uow.commit()

    with uow_factory() as uow:
        assert uow.notifications.unread_count(me.id) == 0
        assert uow.notifications.unread_count(other.id) == 1
        assert uow.notifications.list_for(me.id, True, 0, 20) == ([], 0)


def test_an_uncommitted_read_is_forgotten(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    me = new_user()
    note = _note(me)
    _add(uow_factory, note)
    with uow_factory() as uow:
        uow.notifications.mark_all_read(me.id)
        uow.notifications.add(_note(me))

    assert _list(uow_factory, me) == [note]


def test_exists_since_matches_user_type_related_user_and_time(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    me, caller, other = new_user(), new_user(), new_user()
    hour_ago = NOW - timedelta(hours=1)
    _add(uow_factory, _note(me, hour_ago, related=caller), _note(me, NOW, type="account"))

    with uow_factory() as uow:
        exists = uow.notifications.exists_since
        assert exists(me.id, "contact", caller.id, hour_ago) is True
        assert exists(me.id, "contact", caller.id, hour_ago + timedelta(microseconds=1)) is False
        assert exists(me.id, "review", caller.id, hour_ago) is False
        assert exists(me.id, "contact", other.id, hour_ago) is False
        assert exists(me.id, "contact", None, hour_ago) is False
        assert exists(me.id, "account", None, NOW) is True
        assert exists(me.id, "account", caller.id, NOW) is False
        assert exists(caller.id, "contact", caller.id, hour_ago) is False
        assert exists("not-a-uuid", "contact", caller.id, hour_ago) is False
        assert exists(me.id, "contact", "not-a-uuid", hour_ago) is False


@pytest.mark.parametrize("broken", ["missing user", "missing related user", "same id"])
def test_notifications_breaking_a_constraint_are_conflicts(
    uow_factory: UnitOfWorkFactory, new_user: NewUser, broken: str
) -> None:
    me, caller = new_user(), new_user()
    existing = _note(me)
    _add(uow_factory, existing)
    note = _note(me, related=caller)
    note = {
        "missing user": replace(note, user_id=str(uuid.uuid4())),
        "missing related user": replace(note, related_user_id=str(uuid.uuid4())),
        "same id": replace(note, id=existing.id),
    }[broken]

    with uow_factory() as uow, pytest.raises(Conflict):
        uow.notifications.add(note)
